"""What the outbox holds for a person, as typed values, and its versioned JSON encoding.

A row's payload is stored as ``{"v": 1, "kind": "say", ...}``. The decoder refuses a
version or a kind it does not know with a ``PayloadError`` (the sender then marks that row
failed and goes on), and still reads the rows written before the encoding was versioned,
so a deployment can upgrade with messages waiting in its outbox.

Everything here is already rendered in the person's language: the transports only draw
it. Desk jobs (the ``desk`` channel) have their own encoding.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, NotRequired, TypedDict, assert_never

from storage.choice_id import UNKNOWN_BUTTON, ChoiceId

VERSION = 1
# The share-phone button of a row queued before labels were rendered at commit.
LEGACY_PHONE_LABEL = "Share my phone number"


class PayloadError(ValueError):
    """An outbox payload this version of carebot cannot read."""


class MediaKind(StrEnum):
    """How a messenger shows a file it is handed by reference."""

    PICTURE = "picture"
    VIDEO = "video"
    FILE = "file"


class MediaSource(StrEnum):
    """Where a media handle is valid."""

    TELEGRAM = "telegram"  # a Bot API file id
    URL = "url"  # a public address that serves the file


@dataclass(frozen=True)
class MediaRef:
    """A file that stays where it is and is sent by reference."""

    source: MediaSource
    kind: MediaKind
    handle: str
    file_name: str = "file"
    size: int = 0


@dataclass(frozen=True)
class FileBody:
    """A file the bot made (a calendar entry, a data export), carried in the row."""

    name: str
    mime: str
    body: bytes


@dataclass(frozen=True)
class RenderedChoice:
    """A button in the person's language; stored as ``{"id": "kind:value", "label": …}``,
    the wire form of its id, as it has always been."""

    id: ChoiceId
    label: str


@dataclass(frozen=True)
class Rendered:
    """A message in the person's language, still channel-neutral (kind ``say``)."""

    text: str
    choices: tuple[RenderedChoice, ...] = ()
    free_text: bool = False
    # The share-phone button's label in the person's language; None: no such button.
    share_phone: str | None = None
    file: FileBody | None = None
    media: MediaRef | None = None

    @property
    def ask_phone(self) -> bool:
        return self.share_phone is not None


@dataclass(frozen=True)
class Copy:
    """A message copied as it is from a chat of the same messenger (kind ``copy``): a
    staff reply in the forum group, relayed to a person on Telegram."""

    from_chat: int
    message_id: int


PersonPayload = Rendered | Copy


# -- the JSON forms --------------------------------------------------------------------


class ChoiceJson(TypedDict):
    id: str
    label: str


class FileJson(TypedDict):
    name: str
    mime: str
    b64: str


class MediaJson(TypedDict):
    source: str
    kind: str
    handle: str
    file_name: str
    size: int


class SayJson(TypedDict):
    v: int
    kind: Literal["say"]
    text: str
    choices: NotRequired[list[ChoiceJson]]
    free_text: NotRequired[bool]
    share_phone: NotRequired[str]
    file: NotRequired[FileJson]
    media: NotRequired[MediaJson]


class CopyJson(TypedDict):
    v: int
    kind: Literal["copy"]
    from_chat: int
    message_id: int


PayloadJson = SayJson | CopyJson
# The ``outbox.kind`` column for each payload (older code reads it).
ROW_KIND = {"say": "message", "copy": "copy"}


def row_kind(payload: PersonPayload) -> str:
    match payload:
        case Rendered():
            return ROW_KIND["say"]
        case Copy():
            return ROW_KIND["copy"]
        case _:
            assert_never(payload)


def encode(payload: PersonPayload) -> PayloadJson:
    match payload:
        case Rendered():
            return _encode_say(payload)
        case Copy():
            return {"v": VERSION, "kind": "copy", "from_chat": payload.from_chat,
                    "message_id": payload.message_id}
        case _:
            assert_never(payload)


def _encode_say(message: Rendered) -> SayJson:
    data: SayJson = {"v": VERSION, "kind": "say", "text": message.text}
    if message.choices:
        data["choices"] = [{"id": c.id.wire, "label": c.label} for c in message.choices]
    if message.free_text:
        data["free_text"] = True
    if message.share_phone is not None:
        data["share_phone"] = message.share_phone
    if message.file is not None:
        data["file"] = {"name": message.file.name, "mime": message.file.mime,
                        "b64": base64.b64encode(message.file.body).decode("ascii")}
    if message.media is not None:
        media = message.media
        data["media"] = {"source": media.source.value, "kind": media.kind.value,
                         "handle": media.handle, "file_name": media.file_name,
                         "size": media.size}
    return data


def decode(row_kind: str, payload: Mapping[str, object]) -> PersonPayload:
    """The typed message of an outbox row (``row_kind`` is its ``kind`` column, which
    tells the rows written before versioning apart)."""
    if "v" not in payload:
        return _legacy(row_kind, payload)
    version = payload["v"]
    if version != VERSION:
        raise PayloadError(f"outbox payload version {version!r} is not one this carebot"
                           f" reads (it reads version {VERSION})")
    kind = payload.get("kind")
    if kind == "say":
        return Rendered(
            text=_str(payload, "text"),
            choices=_choices(payload.get("choices")),
            free_text=_bool(payload, "free_text"),
            share_phone=_optional_str(payload, "share_phone"),
            file=_file(payload.get("file")),
            media=_media(payload.get("media")),
        )
    if kind == "copy":
        return Copy(_int(payload, "from_chat"), _int(payload, "message_id"))
    raise PayloadError(f"outbox payload of unknown kind {kind!r}")


def _legacy(row_kind: str, payload: Mapping[str, object]) -> PersonPayload:
    """A row written before version 1: ``Rendered.to_json`` or a copy's two ids."""
    if row_kind == "copy":
        return Copy(_int(payload, "from_chat_id"), _int(payload, "message_id"))
    extra = _mapping(payload.get("extra"), "extra")
    media = None
    if extra.get("media_url"):
        kind = str(extra.get("media_type"))
        media = MediaRef(
            MediaSource.URL,
            MediaKind(kind) if kind in tuple(MediaKind) else MediaKind.FILE,
            _str(extra, "media_url"),
            file_name=_optional_str(extra, "file_name") or "file",
            size=_legacy_size(extra.get("media_size")),
        )
    attachment = _mapping(payload.get("attachment"), "attachment")
    file = None
    if attachment.get("name") and attachment.get("b64") is not None:
        file = FileBody(_str(attachment, "name"),
                        _optional_str(attachment, "mime") or "application/octet-stream",
                        _b64(attachment.get("b64")))
    return Rendered(
        text=_str(payload, "text"),
        choices=_choices(payload.get("choices")),
        free_text=_bool(payload, "free_text"),
        share_phone=LEGACY_PHONE_LABEL if payload.get("ask_phone") is True else None,
        file=file,
        media=media,
    )


def _legacy_size(value: object) -> int:
    text = str(value or "0")
    return int(text) if text.isascii() and text.isdigit() else 0


# -- typed reads at the JSON boundary --------------------------------------------------


def _mapping(value: object, name: str) -> Mapping[str, object]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise PayloadError(f"outbox payload: {name} is not an object")
    return value


def _str(data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise PayloadError(f"outbox payload: {key} is not a text")
    return value


def _optional_str(data: Mapping[str, object], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise PayloadError(f"outbox payload: {key} is not a text")
    return value


def _bool(data: Mapping[str, object], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise PayloadError(f"outbox payload: {key} is not true or false")
    return value


def _int(data: Mapping[str, object], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise PayloadError(f"outbox payload: {key} is not a number")
    try:
        return int(value)
    except ValueError:
        raise PayloadError(f"outbox payload: {key} is not a number") from None


def _b64(value: object) -> bytes:
    if not isinstance(value, str):
        raise PayloadError("outbox payload: a file's body is not base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise PayloadError("outbox payload: a file's body is not base64") from None


def _choices(value: object) -> tuple[RenderedChoice, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise PayloadError("outbox payload: choices is not a list")
    choices = []
    for item in value:
        entry = _mapping(item, "a choice")
        # An id carebot cannot read (none it wrote) keeps its button: pressed, it is
        # answered as a button of an earlier message.
        choice = ChoiceId.parse(_str(entry, "id")) or UNKNOWN_BUTTON
        choices.append(RenderedChoice(choice, _str(entry, "label")))
    return tuple(choices)


def _file(value: object) -> FileBody | None:
    if value is None:
        return None
    data = _mapping(value, "file")
    return FileBody(_str(data, "name"), _str(data, "mime"), _b64(data.get("b64")))


def _media(value: object) -> MediaRef | None:
    if value is None:
        return None
    data = _mapping(value, "media")
    source, kind = _str(data, "source"), _str(data, "kind")
    if source not in tuple(MediaSource) or kind not in tuple(MediaKind):
        raise PayloadError(f"outbox payload: media {source!r}/{kind!r} is not known")
    return MediaRef(MediaSource(source), MediaKind(kind), _str(data, "handle"),
                    file_name=_str(data, "file_name"), size=_int(data, "size"))
