"""aiogram updates → neutral inbound events.

Only private chats reach the engine: messages from groups and channels (the staff group
has its own desk) are ignored here. The chat id is the person's external id and the
recipient of everything the bot says back; the update id is the delivery id, so a
redelivered update is recognised and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from aiogram.enums import ChatMemberStatus, ChatType, ContentType
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message, Update

from flows.messages import UNKNOWN_BUTTON, Attachment, ChoiceId, Inbound

CHANNEL = "telegram"

# Updates the bot subscribes to (set_webhook / get_updates ``allowed_updates``).
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]

ATTACHMENTS: dict[str, Attachment] = {
    ContentType.PHOTO: Attachment.PHOTO,
    ContentType.LIVE_PHOTO: Attachment.PHOTO,
    ContentType.VIDEO: Attachment.VIDEO,
    ContentType.VIDEO_NOTE: Attachment.VIDEO,
    ContentType.ANIMATION: Attachment.VIDEO,
    ContentType.VOICE: Attachment.VOICE,
    ContentType.AUDIO: Attachment.AUDIO,
    ContentType.DOCUMENT: Attachment.DOCUMENT,
    ContentType.STICKER: Attachment.STICKER,
    ContentType.LOCATION: Attachment.LOCATION,
    ContentType.VENUE: Attachment.LOCATION,
}

# Things a person sends that the flows cannot use; they get a kind "I can't use that".
OTHER_CONTENT: set[str] = {
    ContentType.POLL,
    ContentType.DICE,
    ContentType.GAME,
    ContentType.STORY,
    ContentType.CHECKLIST,
    ContentType.PAID_MEDIA,
    ContentType.INVOICE,
    ContentType.GIVEAWAY,
    ContentType.USERS_SHARED,
    ContentType.CHAT_SHARED,
    ContentType.WEB_APP_DATA,
    ContentType.UNKNOWN,
}


@dataclass(frozen=True)
class Converted:
    """One update, taken apart: the event for the engine and Telegram's own chores."""

    update_id: int
    inbound: Inbound | None = None
    chat_id: int | None = None
    # A button press: answer it (stop the spinner) and remove the pressed keyboard.
    callback_id: str | None = None
    pressed_message_id: int | None = None
    # The person blocked the bot in their private chat.
    blocked: bool = False
    ignored: str | None = None  # why nothing else happens (for debug logs; no content)


def convert(update: Update) -> Converted:
    if update.message is not None:
        return _message(update.update_id, update.message)
    if update.callback_query is not None:
        return _callback(update.update_id, update.callback_query)
    if update.my_chat_member is not None:
        return _membership(update.update_id, update.my_chat_member)
    # Not ``update.event_type``: it raises for an update of no kind aiogram knows.
    return Converted(update.update_id, ignored="an update of another kind")


def phone_of(raw: str) -> str:
    """Telegram often omits the leading ``+`` of a shared contact's number."""
    digits = raw.strip().replace(" ", "")
    return f"+{digits}" if digits.isdigit() else digits


def _message(update_id: int, message: Message) -> Converted:
    chat = message.chat
    if chat.type != ChatType.PRIVATE:
        return Converted(update_id, chat_id=chat.id, ignored=f"{chat.type} chat")
    user = message.from_user
    if user is None or user.is_bot:
        return Converted(update_id, chat_id=chat.id, ignored="not from a person")
    base = Inbound(CHANNEL, str(chat.id), str(update_id), language_hint=user.language_code)
    kind = message.content_type
    if kind == ContentType.TEXT and message.text is not None:
        inbound = replace(base, text=message.text)
    elif kind == ContentType.CONTACT and message.contact is not None:
        inbound = replace(base, contact_phone=phone_of(message.contact.phone_number))
    elif kind in ATTACHMENTS:
        inbound = replace(base, attachment=ATTACHMENTS[kind], media_ref=_file_id(message),
                          caption=message.caption or None)
    elif kind in OTHER_CONTENT:
        inbound = replace(base, attachment=Attachment.OTHER)
    else:  # service messages: pinned, auto-delete timer, write access allowed, ...
        return Converted(update_id, chat_id=chat.id, ignored=f"service message {kind}")
    return Converted(update_id, inbound, chat.id)


def _file_id(message: Message) -> str | None:
    if message.photo:
        return message.photo[-1].file_id  # the largest size
    for media in (
        message.video,
        message.video_note,
        message.animation,
        message.voice,
        message.audio,
        message.document,
        message.sticker,
    ):
        if media is not None:
            return media.file_id
    return None


def _callback(update_id: int, query: CallbackQuery) -> Converted:
    message = query.message
    if message is None:  # a button under an inline-mode message: not ours to handle
        return Converted(update_id, callback_id=query.id, ignored="inline message button")
    chat = message.chat
    if chat.type != ChatType.PRIVATE or query.from_user.is_bot:
        return Converted(update_id, chat_id=chat.id, callback_id=query.id,
                         ignored=f"button in a {chat.type} chat")
    if not query.data:
        return Converted(update_id, chat_id=chat.id, callback_id=query.id,
                         pressed_message_id=message.message_id, ignored="button without data")
    inbound = Inbound(
        channel=CHANNEL,
        external_id=str(chat.id),
        delivery_id=str(update_id),
        choice=ChoiceId.parse(query.data) or UNKNOWN_BUTTON,
        language_hint=query.from_user.language_code,
    )
    return Converted(update_id, inbound, chat.id, callback_id=query.id,
                     pressed_message_id=message.message_id)


def _membership(update_id: int, change: ChatMemberUpdated) -> Converted:
    chat = change.chat
    if chat.type != ChatType.PRIVATE:
        return Converted(update_id, chat_id=chat.id, ignored=f"membership in a {chat.type}")
    if change.new_chat_member.status == ChatMemberStatus.KICKED:
        return Converted(update_id, chat_id=chat.id, blocked=True)
    # Unblocking needs nothing: the person's next message clears the mark.
    return Converted(update_id, chat_id=chat.id, ignored="membership change")
