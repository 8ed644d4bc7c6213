"""Viber callbacks → neutral inbound events.

viberbot parses the callback into its request and message objects (and checks the
fields each event must have); this module reads them into ``flows.messages.Inbound``.
"""

from __future__ import annotations

from typing import Any

from viberbot.api.messages import MESSAGE_TYPE_TO_CLASS
from viberbot.api.viber_requests import EVENT_TYPE_TO_CLASS, create_request

from bot.viber import CHANNEL
from flows.messages import Attachment, ChoiceId, Inbound

# Events carebot acts on; everything else (seen, webhook, ones Viber adds later) is ignored.
HANDLED_EVENTS = frozenset(
    {"conversation_started", "message", "subscribed", "unsubscribed", "delivered", "failed"}
)

# A keyboard reply arrives as a text message whose text is the button's ActionBody, the
# wire form of the choice's id ("menu:about", "lang:uk"). Typed text never looks like that
# (``ChoiceId.parse``: a lowercase ``kind:value`` without spaces or slashes).

ATTACHMENT_KINDS: dict[str, Attachment] = {
    "picture": Attachment.PHOTO,
    "video": Attachment.VIDEO,
    "file": Attachment.DOCUMENT,
    "sticker": Attachment.STICKER,
    "location": Attachment.LOCATION,
    "url": Attachment.URL,
}


class MalformedCallback(ValueError):
    """A signed callback that lacks what its event must carry."""


def parse(data: dict[str, Any]) -> Any:
    """viberbot's request object for a handled event (its classes are untyped)."""
    event = data.get("event")
    if event not in EVENT_TYPE_TO_CLASS:
        raise MalformedCallback(f"unknown event {event!r}")
    if event == "message":
        message = data.get("message")
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise MalformedCallback("message without a type")
        if message["type"] not in MESSAGE_TYPE_TO_CLASS:
            # viberbot refuses types it does not know; keep the event, as "other".
            data = {**data, "message": {"type": "rich_media"}}
    try:
        return create_request(data)
    except (KeyError, TypeError, AttributeError) as exc:
        raise MalformedCallback(f"{event}: missing or wrong {exc}") from None


def token_of(data: dict[str, Any]) -> str:
    token = data.get("message_token")
    if token is None or isinstance(token, bool | dict | list):
        raise MalformedCallback("no message_token")
    return str(token)


def delivery_id(event: str, token: str) -> str:
    """The de-duplication key: Viber retries a callback with the same token, and the token
    of a delivered/failed/seen report is the token of our own message, so the event name
    keeps the two apart."""
    return f"{event}:{token}"


def _user_id(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise MalformedCallback("no user id")
    return value


def _language(user: Any) -> str | None:
    language = getattr(user, "language", None)
    return language if isinstance(language, str) and language else None


def conversation_started(request: Any, token: str) -> Inbound:
    """Opening the chat is ``/start``; a ``context`` from a ``viber://pa?...&context=``
    link is its payload, the first-touch source, as with a Telegram deep link."""
    context = request.context
    context = context.strip() if isinstance(context, str) else ""
    return Inbound(
        CHANNEL,
        _user_id(request.user.id),
        delivery_id("conversation_started", token),
        text=f"/start {context}" if context else "/start",
        language_hint=_language(request.user),
    )


def message(request: Any, raw: dict[str, Any], token: str) -> Inbound:
    sender = request.sender
    base: dict[str, Any] = {
        "channel": CHANNEL,
        "external_id": _user_id(sender.id),
        "delivery_id": delivery_id("message", token),
        "language_hint": _language(sender),
    }
    kind = raw["message"].get("type")
    body = request.message
    if kind == "text":
        text = body.text if isinstance(body.text, str) else ""
        pressed = ChoiceId.parse(text.strip())
        if pressed is not None:
            return Inbound(**base, choice=pressed)
        if text.strip():
            return Inbound(**base, text=text)
        return Inbound(**base, attachment=Attachment.OTHER)
    if kind == "contact":
        phone = getattr(body.contact, "phone_number", None) if body.contact else None
        if isinstance(phone, str) and phone.strip():
            return Inbound(**base, contact_phone=phone.strip())
        return Inbound(**base, attachment=Attachment.OTHER)
    attachment = ATTACHMENT_KINDS.get(str(kind), Attachment.OTHER)
    words = getattr(body, "text", None) if kind in ("picture", "video", "file") else None
    caption = words.strip() if isinstance(words, str) and words.strip() else None
    return Inbound(**base, attachment=attachment, media_ref=_media_ref(kind, body),
                   caption=caption)


def _media_ref(kind: Any, body: Any) -> str | None:
    if kind == "sticker":
        sticker = body.sticker_id
        return str(sticker) if sticker is not None else None
    if kind == "location":
        location = body.location
        if location is None or location.latitude is None or location.longitude is None:
            return None
        return f"{location.latitude},{location.longitude}"
    media = getattr(body, "media", None)
    return media if isinstance(media, str) and media else None
