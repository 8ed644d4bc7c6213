"""Raw Telegram updates → neutral inbound events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aiogram.types import Update

from bot.telegram.convert import convert, phone_of
from flows.menu import LANGUAGE_CODE
from flows.messages import UNKNOWN_BUTTON, Attachment, ChoiceId, Inbound
from tests.fakes.telegram_api import FakePerson, FakeTelegram

CHAT = 995555000111


def parse(raw: dict[str, Any]) -> Update:
    return Update.model_validate(raw)


@pytest.fixture
def nino() -> FakePerson:
    return FakeTelegram().person(CHAT, language_code="ka")


def test_text_and_commands_arrive_as_text_with_the_update_id_as_delivery_id(
    nino: FakePerson,
) -> None:
    raw = nino.send("/start spring-campaign")
    converted = convert(parse(raw))
    assert converted.inbound == Inbound(
        "telegram", str(CHAT), str(raw["update_id"]), text="/start spring-campaign",
        language_hint="ka")
    assert converted.inbound.command == ("start", "spring-campaign")


def test_a_region_tagged_language_code_is_passed_on_as_it_is() -> None:
    olena = FakeTelegram().person(380501112233, language_code="uk-UA")
    converted = convert(parse(olena.send("Привіт")))
    assert converted.inbound is not None and converted.inbound.language_hint == "uk-UA"


def test_a_person_without_a_language_code_has_no_hint() -> None:
    person = FakeTelegram().person(1234, language_code=None)
    converted = convert(parse(person.send("hi")))
    assert converted.inbound is not None and converted.inbound.language_hint is None


def test_a_shared_contact_becomes_a_phone_number_with_its_plus(nino: FakePerson) -> None:
    converted = convert(parse(nino.share_contact("995555123456")))
    assert converted.inbound is not None
    assert converted.inbound.contact_phone == "+995555123456"
    assert converted.inbound.text is None
    assert phone_of("+48 600 100 200") == "+48600100200"


@pytest.mark.parametrize(
    ("make", "kind", "ref"),
    [
        (FakePerson.send_sticker, Attachment.STICKER, "CAACAgIAAxkBAAE"),
        (FakePerson.send_photo, Attachment.PHOTO, "AgACAgIAAxk-large"),
        (FakePerson.send_voice, Attachment.VOICE, "AwACAgIAAxk"),
        (FakePerson.send_location, Attachment.LOCATION, None),
        (FakePerson.send_document, Attachment.DOCUMENT, "BQACAgIAAxk"),
    ],
    ids=["sticker", "photo", "voice", "location", "document"],
)
def test_media_become_attachment_kinds(
    nino: FakePerson, make: Callable[[FakePerson], dict[str, Any]], kind: Attachment,
    ref: str | None,
) -> None:
    converted = convert(parse(make(nino)))
    assert converted.inbound is not None
    assert (converted.inbound.attachment, converted.inbound.media_ref) == (kind, ref)
    assert converted.inbound.text is None


def test_a_poll_or_a_dice_is_an_other_attachment(nino: FakePerson) -> None:
    raw = nino.send_content(dice={"emoji": "\N{GAME DIE}", "value": 4})
    converted = convert(parse(raw))
    assert converted.inbound is not None
    assert converted.inbound.attachment == Attachment.OTHER


def test_a_button_press_carries_the_choice_id_and_what_to_clean_up(
    nino: FakePerson,
) -> None:
    fake = nino.fake
    message = fake._deliver({"chat_id": CHAT, "reply_markup": {"inline_keyboard": [[
        {"text": "ქართული", "callback_data": "lang:ka"}]]}}, text="?")
    raw = nino.press("ქართული")
    converted = convert(parse(raw))
    assert converted.inbound == Inbound("telegram", str(CHAT), str(raw["update_id"]),
                                        choice=LANGUAGE_CODE.of("ka"), language_hint="ka")
    assert converted.callback_id == raw["callback_query"]["id"]
    assert converted.pressed_message_id == message["message_id"]


def pressed(nino: FakePerson, data: str) -> ChoiceId | None:
    """What the engine is told when Nino presses a button carrying ``data``."""
    nino.fake._deliver({"chat_id": CHAT, "reply_markup": {"inline_keyboard": [[
        {"text": "Press", "callback_data": data}]]}}, text="?")
    converted = convert(parse(nino.press("Press")))
    assert converted.inbound is not None
    return converted.inbound.choice


@pytest.mark.parametrize("data", ["menu:book", "privacy:forget:yes", "time:202611301000"])
def test_a_button_sent_before_ids_were_typed_reads_as_the_same_button(
    nino: FakePerson, data: str
) -> None:
    """Buttons still on people's phones carry the text ids always had: ``kind:value``."""
    choice = pressed(nino, data)
    assert choice is not None and choice.wire == data


@pytest.mark.parametrize("data", ["two words", "MENU:book", "nav:", ":menu", "ok"])
def test_button_data_carebot_never_makes_is_an_unknown_button(
    nino: FakePerson, data: str
) -> None:
    assert pressed(nino, data) == UNKNOWN_BUTTON


def test_group_messages_and_service_messages_are_ignored(nino: FakePerson) -> None:
    group = convert(parse(nino.fake.group_message(-1001, nino, "/start")))
    assert group.inbound is None and group.ignored
    pinned = nino.send_content(pinned_message={"message_id": 1, "date": 0,
                                           "chat": nino.private_chat})
    service = convert(parse(pinned))
    assert service.inbound is None and service.ignored


def test_blocking_the_bot_is_recognised(nino: FakePerson) -> None:
    converted = convert(parse(nino.blocks_the_bot()))
    assert converted.blocked and converted.chat_id == CHAT and converted.inbound is None
