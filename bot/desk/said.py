"""What a staff member wrote in the group, read apart: text or caption, a file that
could go to Viber, and whether it is a command or an internal note."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.enums import ContentType
from aiogram.types import Message

from bot.engine import DESK_CHANNEL
from flows.messages import Inbound

NOTE_PREFIX = "//"
# What a staff member may write; service messages (topic created, pinned...) are not.
CONTENT = frozenset({
    ContentType.TEXT, ContentType.PHOTO, ContentType.VIDEO, ContentType.ANIMATION,
    ContentType.VIDEO_NOTE, ContentType.VOICE, ContentType.AUDIO, ContentType.DOCUMENT,
    ContentType.STICKER, ContentType.LOCATION, ContentType.VENUE, ContentType.CONTACT,
    ContentType.POLL, ContentType.DICE,
})


@dataclass(frozen=True)
class StaffMedia:
    """A file in a staff member's message, as it would go to Viber."""

    viber_type: str  # "picture", "video", "file", or "" when Viber cannot show it
    file_id: str
    file_name: str
    default_suffix: str


@dataclass(frozen=True)
class Said:
    """A staff member's message, read apart."""

    message_id: int
    text: str  # the text, or a media's caption
    media: StaffMedia | None = None
    textual: bool = True  # text or media; False for a location, a poll, a contact...


def staff_media(message: Message) -> StaffMedia | None:
    if message.photo:
        return StaffMedia("picture", message.photo[-1].file_id, "photo.jpg", ".jpg")
    if message.video:
        return StaffMedia("video", message.video.file_id,
                          message.video.file_name or "video.mp4", ".mp4")
    if message.animation:
        return StaffMedia("video", message.animation.file_id,
                          message.animation.file_name or "animation.mp4", ".mp4")
    if message.video_note:
        return StaffMedia("video", message.video_note.file_id, "video.mp4", ".mp4")
    if message.voice:
        return StaffMedia("file", message.voice.file_id, "voice.ogg", ".ogg")
    if message.audio:
        return StaffMedia("file", message.audio.file_id,
                          message.audio.file_name or "audio.mp3", ".mp3")
    if message.document:
        return StaffMedia("file", message.document.file_id,
                          message.document.file_name or "file.bin", ".bin")
    if message.sticker:
        return StaffMedia("", message.sticker.file_id, "sticker.webp", ".webp")
    return None


def command_of(text: str) -> tuple[str, str] | None:
    """``("close", "resolved")`` for ``/close@carebot resolved``; None otherwise."""
    if text.startswith(NOTE_PREFIX):
        return None
    # The same reading as a person's commands: one parser for both.
    return Inbound(DESK_CHANNEL, "", "", text=text).command


def read(message: Message) -> Said:
    media = staff_media(message)
    return Said(message.message_id, message.text or message.caption or "", media,
                textual=message.content_type == ContentType.TEXT or media is not None)
