"""A staff member's message in the group, read into the staff flow's neutral terms: text
or caption, a file (by its Telegram file id, and how a channel without copies shows it),
a command."""

from __future__ import annotations

from aiogram.enums import ContentType
from aiogram.types import Message

from flows.staff.event import Command, Wrote, command_of
from flows.staff.reply import StaffMediaRef

# What a staff member may write; service messages (topic created, pinned...) are not.
CONTENT = frozenset({
    ContentType.TEXT, ContentType.PHOTO, ContentType.VIDEO, ContentType.ANIMATION,
    ContentType.VIDEO_NOTE, ContentType.VOICE, ContentType.AUDIO, ContentType.DOCUMENT,
    ContentType.STICKER, ContentType.LOCATION, ContentType.VENUE, ContentType.CONTACT,
    ContentType.POLL, ContentType.DICE,
})


def staff_media(message: Message) -> StaffMediaRef | None:
    if message.photo:
        return StaffMediaRef(message.photo[-1].file_id, "photo.jpg", ".jpg", "picture")
    if message.video:
        return StaffMediaRef(message.video.file_id, message.video.file_name or "video.mp4",
                             ".mp4", "video")
    if message.animation:
        return StaffMediaRef(message.animation.file_id,
                             message.animation.file_name or "animation.mp4", ".mp4", "video")
    if message.video_note:
        return StaffMediaRef(message.video_note.file_id, "video.mp4", ".mp4", "video")
    if message.voice:
        return StaffMediaRef(message.voice.file_id, "voice.ogg", ".ogg", "file")
    if message.audio:
        return StaffMediaRef(message.audio.file_id, message.audio.file_name or "audio.mp3",
                             ".mp3", "file")
    if message.document:
        return StaffMediaRef(message.document.file_id,
                             message.document.file_name or "file.bin", ".bin", "file")
    if message.sticker:
        return StaffMediaRef(message.sticker.file_id, "sticker.webp", ".webp", "")
    return None


def read(message: Message) -> Wrote | Command:
    text = message.text or message.caption or ""
    command = command_of(text)
    if command is not None:
        return command
    media = staff_media(message)
    return Wrote(message.message_id, text, media,
                 textual=message.content_type == ContentType.TEXT or media is not None)
