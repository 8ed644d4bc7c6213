"""Viber callbacks as neutral inbound events."""

from __future__ import annotations

from typing import Any

import pytest

from bot.viber import convert
from flows.messages import Attachment, Inbound
from tests.fakes import viber_api as v

WHO = v.user("conv0001==", language="uk")


def inbound(content: dict[str, Any], token: int = 777) -> Inbound:
    data = v.message(WHO, content, message_token=token)
    return convert.message(convert.parse(data), data, convert.token_of(data))


def test_text_is_text_with_the_language_hint_and_a_delivery_id() -> None:
    event = inbound(v.text("Добрий день"), token=5123456789012345678)
    assert event == Inbound("viber", "conv0001==", "message:5123456789012345678",
                            text="Добрий день", language_hint="uk")


@pytest.mark.parametrize("text", ["menu:about", "lang:uk", "nav:menu",
                                  "slot:2026-11-23T09:00", " menu:book "])
def test_a_keyboard_reply_is_a_choice(text: str) -> None:
    event = inbound(v.text(text))
    assert event.choice is not None and event.text is None
    assert event.choice.wire == text.strip()


@pytest.mark.parametrize("text", ["https://example.org/a", "10:30", "Note: call me",
                                  "re:", "Menu:about", "4", "Polski", "x:" + "y" * 70])
def test_typed_text_stays_text(text: str) -> None:
    event = inbound(v.text(text))
    assert event.text == text and event.choice is None


def test_a_shared_contact_is_its_phone_number() -> None:
    assert inbound(v.contact("+380501234567")).contact_phone == "+380501234567"


@pytest.mark.parametrize(
    ("content", "kind", "ref"),
    [
        (v.picture("https://m.example/p.jpg"), Attachment.PHOTO, "https://m.example/p.jpg"),
        (v.video("https://m.example/v.mp4"), Attachment.VIDEO, "https://m.example/v.mp4"),
        (v.file("https://m.example/f.pdf"), Attachment.DOCUMENT, "https://m.example/f.pdf"),
        (v.sticker(40133), Attachment.STICKER, "40133"),
        (v.location(41.7151, 44.8271), Attachment.LOCATION, "41.7151,44.8271"),
        (v.url("https://example.org/x"), Attachment.URL, "https://example.org/x"),
        ({"type": "rich_media", "rich_media": {}}, Attachment.OTHER, None),
        ({"type": "audio"}, Attachment.OTHER, None),
        ({"type": "text"}, Attachment.OTHER, None),
    ],
)
def test_media_become_attachment_kinds_with_a_reference(
    content: dict[str, Any], kind: Attachment, ref: str | None
) -> None:
    event = inbound(content)
    assert event.attachment == kind and event.media_ref == ref
    assert event.text is None and event.choice is None


def test_conversation_started_is_start_with_the_context_as_payload() -> None:
    data = v.conversation_started(WHO, context="tbilisi-fair", message_token=42)
    event = convert.conversation_started(convert.parse(data), convert.token_of(data))
    assert event == Inbound("viber", "conv0001==", "conversation_started:42",
                            text="/start tbilisi-fair", language_hint="uk")
    assert event.command == ("start", "tbilisi-fair")
    plain = v.conversation_started(WHO, message_token=43)
    assert convert.conversation_started(convert.parse(plain), "43").text == "/start"


@pytest.mark.parametrize("drop", ["sender", "message", "message_token", "timestamp"])
def test_a_message_missing_a_field_is_malformed(drop: str) -> None:
    data = v.message(WHO, v.text("hi"))
    del data[drop]
    with pytest.raises(convert.MalformedCallback):
        convert.message(convert.parse(data), data, convert.token_of(data))
