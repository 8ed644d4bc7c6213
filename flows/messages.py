"""The seam between flows and channels: what a person sent, and what the bot says back."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flows.effects import MAX_CHOICE_ID_BYTES, Choice, ChoiceId, ChoiceKind, Say
from storage.choice_id import UNKNOWN_BUTTON
from storage.outbox_codec import Rendered, RenderedChoice

__all__ = [
    "MAX_CHOICE_ID_BYTES", "UNKNOWN_BUTTON", "Attachment", "Choice", "ChoiceId", "ChoiceKind",
    "Inbound", "Outbound", "Rendered", "RenderedChoice",
]

# The message a step says: the name flows use for a ``Say``.
Outbound = Say


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
    # The button pressed, parsed from its wire form by the channel (``ChoiceId.parse``).
    choice: ChoiceId | None = None
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
        return parse_command(self.text or "")


def parse_command(text: str) -> tuple[str, str] | None:
    """``("close", "resolved")`` for ``/close@carebot resolved``: the one reading of a
    command, for people and staff alike; None when the text is not a command."""
    if not text.startswith("/"):
        return None
    head, _, rest = text.strip().partition(" ")
    name = head[1:].split("@", 1)[0].lower()  # "/start@carebot" in groups
    return (name, rest.strip()) if name else None
