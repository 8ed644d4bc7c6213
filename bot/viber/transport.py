"""Sends outbox rows to Viber's REST API with the app's own asynchronous HTTP client.

viberbot's own sender is synchronous (``requests`` without a timeout) and logs whole
payloads with the auth token, so only its message classes are used here, to build the
JSON; the token travels in the ``X-Viber-Auth-Token`` header and is never logged.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any, Protocol, assert_never

import aiohttp
from viberbot.api.messages import (
    FileMessage,
    KeyboardMessage,
    PictureMessage,
    TextMessage,
    VideoMessage,
)

from bot.kit.text import split_text as kit_split
from bot.sender import Limits, Rejected, RetryLater, Unreachable
from bot.viber import CHANNEL
from bot.viber.keyboard import build_keyboard, min_api_version
from storage.outbox_codec import (
    Copy,
    MediaKind,
    MediaRef,
    MediaSource,
    PersonPayload,
    Rendered,
    decode,
)
from storage.repositories import OutboxRow

log = logging.getLogger(__name__)

MAX_TEXT = 7000  # characters in one Viber text message
MAX_SENDER_NAME = 28
MAX_CAPTION = 768  # characters of text with a picture
TIMEOUT = aiohttp.ClientTimeout(total=20, connect=5, sock_read=15)

# Viber's send_message statuses that matter here.
STATUS_OK = 0
STATUS_NO_SUITABLE_DEVICE = 5
STATUS_NOT_SUBSCRIBED = 6
STATUS_TOO_MANY_REQUESTS = 12
UNREACHABLE_STATUSES = {STATUS_NO_SUITABLE_DEVICE, STATUS_NOT_SUBSCRIBED}
# Status 12 means "100 messages to this person within an hour without a reply": wait.
THROTTLED_WAIT = 60.0

# Viber publishes no per-second cap and takes bursts well; what it enforces is status 12
# above. A fifth of a second between messages to one chat keeps a multi-message answer in
# order on the phone without slowing anyone down, and 50 a second overall keeps a
# broadcast from flooding the API.
LIMITS = Limits(per_chat_interval=0.2, global_per_second=50, concurrency=16)


class ViberApi:
    """A thin asynchronous client for Viber's REST API."""

    def __init__(self, base_url: str, auth_token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = auth_token
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        return self._session

    async def call(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST one API call; its JSON answer. RetryLater when Viber is out of reach."""
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"X-Viber-Auth-Token": self._token, "Content-Type": "application/json"}
        try:
            async with self._client().post(
                f"{self.base_url}/{method}", data=data, headers=headers
            ) as response:
                if response.status != 200:
                    raise RetryLater(30.0, f"Viber {method}: HTTP {response.status}")
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise RetryLater(5.0, f"Viber {method}: {type(exc).__name__}") from None
        if not isinstance(answer, dict):
            raise RetryLater(30.0, f"Viber {method}: unexpected answer")
        return answer

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long text into messages at paragraph, line or word ends where possible."""
    return kit_split(text, limit)


def draw(message: PersonPayload, *, sender: dict[str, str]) -> list[dict[str, Any]]:
    """The send_message bodies (without ``receiver``) for one outbox message."""
    match message:
        case Rendered():
            bodies = message_payloads(message, sender=sender)
            if message.media is not None:  # a staff member's file, served by URL
                bodies = with_media(message.media, bodies, sender=sender)
            return bodies
        case Copy():
            raise Rejected("a message copied from a Telegram chat cannot go to Viber")
        case _:
            assert_never(message)


def message_payloads(rendered: Rendered, *, sender: dict[str, str]) -> list[dict[str, Any]]:
    """The send_message bodies for one rendered message: its text, split when longer than
    Viber allows, with the keyboard on the last part."""
    text = rendered.text
    if rendered.file is not None:
        # Viber sends media by public URL only; the outbox carries the file itself, so the
        # person is told its name and staff can send it another way.
        text = f"{text}\n\n📎 {rendered.file.name}".strip()
    keyboard = build_keyboard(rendered.choices, share_phone=rendered.share_phone)
    api_version = min_api_version(keyboard)
    payloads: list[dict[str, Any]] = []
    chunks = split_text(text) if text.strip() else []
    for number, chunk in enumerate(chunks, 1):
        last = number == len(chunks)
        message = TextMessage(
            text=chunk,
            keyboard=keyboard if last else None,
            min_api_version=api_version if last else None,
        )
        payloads.append({"sender": dict(sender), **message.to_dict()})
    if not payloads and keyboard is not None:
        keyboard_only = KeyboardMessage(keyboard=keyboard, min_api_version=api_version)
        payloads.append({"sender": dict(sender), **keyboard_only.to_dict()})
    return payloads


def with_media(
    ref: MediaRef, bodies: list[dict[str, Any]], *, sender: dict[str, str]
) -> list[dict[str, Any]]:
    """A file by URL before the text bodies; alone, it carries their keyboard."""
    if ref.source is not MediaSource.URL:
        raise Rejected(f"a {ref.source} file must be stored before it goes to Viber")
    url, size, kind = ref.handle, ref.size, ref.kind
    texts = [body for body in bodies if body.get("type") == "text"]
    message: Any
    if kind is MediaKind.PICTURE and len(texts) == 1 and len(texts[0]["text"]) <= MAX_CAPTION:
        # The caption goes with the picture, in one message with the keyboard.
        message = PictureMessage(media=url, text=texts[0]["text"])
        media = {"sender": dict(sender),
                 **{k: v for k, v in message.to_dict().items() if v is not None}}
        media.update({k: texts[0][k] for k in ("keyboard", "min_api_version")
                      if k in texts[0]})
        return [media]
    if kind is MediaKind.PICTURE:
        message = PictureMessage(media=url, text="")
    elif kind is MediaKind.VIDEO:
        message = VideoMessage(media=url, size=size)
    else:
        message = FileMessage(media=url, size=size, file_name=ref.file_name)
    media = {"sender": dict(sender),
             **{k: v for k, v in message.to_dict().items() if v is not None}}
    if not texts and bodies:  # only a keyboard: it goes with the file
        media.update({k: bodies[0][k] for k in ("keyboard", "min_api_version")
                      if k in bodies[0]})
    return [media, *texts]


def sender_info(name: str, avatar: str | None) -> dict[str, str]:
    info = {"name": name[:MAX_SENDER_NAME]}
    if avatar:
        info["avatar"] = avatar
    return info


def check_answer(answer: dict[str, Any]) -> str | None:
    """The message token of an accepted message; raises the sender's errors otherwise."""
    status = answer.get("status")
    reason = f"Viber status {status}: {answer.get('status_message', '')}".strip()
    if status == STATUS_OK:
        token = answer.get("message_token")
        return str(token) if token is not None else None
    if status == STATUS_TOO_MANY_REQUESTS:
        raise RetryLater(THROTTLED_WAIT, reason, throttled=True)
    if status in UNREACHABLE_STATUSES:
        raise Unreachable(reason)
    raise Rejected(reason)


class FileLinker(Protocol):
    async def link(self, row: OutboxRow, rendered: Rendered) -> str | None: ...


class ViberTransport:
    """Delivers outbox rows of the ``viber`` channel; see bot.sender.Transport."""

    channel = CHANNEL
    limits = LIMITS

    def __init__(
        self, api: ViberApi, sender: dict[str, str], files: FileLinker | None = None,
    ) -> None:
        self.api = api
        self.sender = sender
        self.files = files
        # Rows sent in several messages: how many went out, so a retry goes on from there.
        self._parts_sent: dict[int, int] = {}

    def is_group(self, recipient: str) -> bool:
        return False

    async def deliver(self, row: OutboxRow) -> str | None:
        """Send one row; a text over 7,000 characters goes as several messages, and if a
        later part has to be retried, the retry goes on from that part (a restart in
        between sends the earlier parts again: rare, and better than a gap)."""
        message = decode(row.kind, row.payload)
        if isinstance(message, Rendered) and self.files is not None:
            line = await self.files.link(row, message)
            if line is not None:  # the file goes as a single-use link (bot/viber/files.py)
                message = replace(message, text=f"{message.text}\n\n{line}".strip(),
                                  file=None)
        token: str | None = None
        bodies = draw(message, sender=self.sender)
        for index in range(self._parts_sent.get(row.id, 0), len(bodies)):
            answer = await self.api.call("send_message",
                                         {"receiver": row.recipient, **bodies[index]})
            token = check_answer(answer)
            if index < len(bodies) - 1:
                self._parts_sent[row.id] = index + 1
        self._parts_sent.pop(row.id, None)
        return token
