"""The seam between flows and channels: what a person sent, and what the bot says back."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from flows.text import Text

MAX_CHOICE_ID_BYTES = 64  # Telegram's callback_data limit


class Attachment(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    VOICE = "voice"
    AUDIO = "audio"
    DOCUMENT = "document"
    STICKER = "sticker"
    LOCATION = "location"
    URL = "url"
    OTHER = "other"


@dataclass(frozen=True)
class Inbound:
    """One thing a person did. Exactly one of text / choice / contact / attachment is set
    for a normal message; a command is text starting with ``/``."""

    channel: str
    external_id: str
    delivery_id: str
    text: str | None = None
    choice: str | None = None
    contact_phone: str | None = None
    attachment: Attachment | None = None
    language_hint: str | None = None
    # Channel-specific handle to the original (a file id, a media URL), kept for relays.
    media_ref: str | None = None
    # The words written with a photo, video or file (Telegram's caption, Viber's text).
    caption: str | None = None
    # An event from inside carebot (a due reminder, a staff action), "name:argument".
    system: str | None = None

    @property
    def command(self) -> tuple[str, str] | None:
        """``("start", "payload")`` for ``/start payload``; None when not a command."""
        if not self.text or not self.text.startswith("/"):
            return None
        head, _, rest = self.text.strip().partition(" ")
        name = head[1:].split("@", 1)[0].lower()  # "/start@carebot" in groups
        return (name, rest.strip()) if name else None


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text

    def __post_init__(self) -> None:
        if len(self.id.encode()) > MAX_CHOICE_ID_BYTES:
            raise ValueError(f"choice id longer than {MAX_CHOICE_ID_BYTES} bytes: {self.id!r}")


@dataclass(frozen=True)
class Outbound:
    """A message for the person; rendered in their locale when it is committed."""

    text: Text
    choices: tuple[Choice, ...] = ()
    ask_phone: bool = False
    # The step waits for words: a typed "2" is an answer, not the second button.
    free_text: bool = False
    attachment_name: str | None = None
    attachment_body: bytes | None = None
    attachment_mime: str | None = None


@dataclass(frozen=True)
class RenderedChoice:
    id: str
    label: str


@dataclass(frozen=True)
class Rendered:
    """An outbound message in the person's language, still channel-neutral: what goes into
    the outbox and what every channel adapter draws in its own way."""

    text: str
    choices: tuple[RenderedChoice, ...] = ()
    ask_phone: bool = False
    free_text: bool = False
    attachment_name: str | None = None
    attachment_mime: str | None = None
    attachment_b64: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"text": self.text}
        if self.choices:
            data["choices"] = [{"id": c.id, "label": c.label} for c in self.choices]
        if self.ask_phone:
            data["ask_phone"] = True
        if self.free_text:
            data["free_text"] = True
        if self.attachment_name:
            data["attachment"] = {
                "name": self.attachment_name,
                "mime": self.attachment_mime,
                "b64": self.attachment_b64,
            }
        if self.extra:
            data["extra"] = dict(self.extra)
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Rendered:
        raw_choices = data.get("choices") or []
        assert isinstance(raw_choices, list)
        attachment = data.get("attachment") or {}
        assert isinstance(attachment, dict)
        extra = data.get("extra") or {}
        assert isinstance(extra, dict)
        return cls(
            text=str(data["text"]),
            choices=tuple(RenderedChoice(str(c["id"]), str(c["label"])) for c in raw_choices),
            ask_phone=bool(data.get("ask_phone", False)),
            free_text=bool(data.get("free_text", False)),
            attachment_name=attachment.get("name"),
            attachment_mime=attachment.get("mime"),
            attachment_b64=attachment.get("b64"),
            extra={str(k): str(v) for k, v in extra.items()},
        )
