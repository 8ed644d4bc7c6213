"""How outbox rows look on Telegram: keyboards, the phone question, long texts, files,
and what happens to old keyboards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.telegram.transport import split_text, utf16_len
from flows.effects import SHARE_PHONE, FileBody
from flows.menu import TO_MENU
from flows.messages import Rendered, RenderedChoice
from tests.bot.telegram.rig import Rig, renderer, text_message
from tests.fakes.telegram_api import FakeTelegram, Seen

CHAT = 7001


@pytest.fixture
async def rig(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Rig]:
    built = await Rig(fake, tmp_path / "transport.db").open()
    built.start()
    try:
        yield built
    finally:
        if built.db is not None:
            await built.stop()


async def test_choices_become_an_inline_keyboard_with_the_choice_ids_as_callback_data(
    fake: FakeTelegram, rig: Rig
) -> None:
    person = fake.person(CHAT)
    await rig.queue(CHAT, text_message("Pick one", ("lang:ka", "ქართული"),
                                       ("lang:uk", "Українська"),
                                       ("nav:menu", "Back to the main menu")))
    assert await person.replies(1) == [
        Seen("Pick one", ("ქართული", "Українська", "Back to the main menu"))]
    (message,) = person.messages
    assert message.sent_inline == [
        [{"text": "ქართული", "callback_data": "lang:ka"},
         {"text": "Українська", "callback_data": "lang:uk"}],
        [{"text": "Back to the main menu", "callback_data": "nav:menu"}],
    ], "short labels pair up, long ones get a row of their own"
    assert (await rig.settled_statuses()) == {"sent": 1}


async def test_a_new_keyboard_retires_the_previous_one(fake: FakeTelegram, rig: Rig) -> None:
    person = fake.person(CHAT)
    await rig.queue(CHAT, text_message("First question", ("a:a", "A")),
                    "A note without buttons",
                    text_message("Second question", ("a:b", "B")))
    await person.replies(3)
    first, note, second = person.messages
    await fake.wait_until(lambda: not first.buttons, 5, "the old keyboard to go")
    assert second.buttons == ["B"] and note.buttons == []


async def test_the_phone_question_offers_the_share_contact_button_in_the_persons_language(
    fake: FakeTelegram, rig: Rig
) -> None:
    person = fake.person(CHAT, language_code="uk")
    await rig.person(CHAT, locale="uk")
    await rig.queue(CHAT, text_message("Your number?", ("q:skip", "Skip"), ask_phone=True,
                                       locale="uk"))
    share = renderer().text(SHARE_PHONE, "uk")
    assert await person.replies(1) == [Seen("Your number?", (share, "Skip"))]
    (question,) = person.messages
    assert question.reply_keyboard is not None
    assert question.reply_keyboard[0] == [{"text": share, "request_contact": True}]
    call = fake.calls_to("sendMessage")[-1]
    assert call.params["reply_markup"]["one_time_keyboard"] is True
    assert person.reply_keyboard == [share, "Skip"]

    # The next message takes the phone keyboard away; its own buttons are attached after.
    await rig.queue(CHAT, text_message("Thanks! When may we call?", ("when:am", "Morning")))
    await person.replies(1)
    await fake.wait_until(lambda: person.messages[-1].buttons == ["Morning"], 5,
                          "the buttons to be attached")
    assert person.reply_keyboard is None
    assert person.messages[-1].removes_reply_keyboard


async def test_a_text_without_buttons_removes_the_phone_keyboard(
    fake: FakeTelegram, rig: Rig
) -> None:
    person = fake.person(CHAT)
    await rig.queue(CHAT, text_message("Your number?", ask_phone=True), "Thank you.")
    await person.replies(2)
    assert person.reply_keyboard is None
    assert [m.removes_reply_keyboard for m in person.messages] == [False, True]


async def test_a_long_text_goes_in_parts_and_a_retry_does_not_repeat_them(
    fake: FakeTelegram, rig: Rig
) -> None:
    person = fake.person(CHAT)
    paragraphs = [f"Paragraph {n}: " + " ".join(["ქართული ტექსტი"] * 60) for n in range(12)]
    text = "\n\n".join(paragraphs)
    assert utf16_len(text) > 2 * 4096
    fake.fail("sendMessage", status=502, times=1)  # the first part fails once
    await rig.queue(CHAT, text_message(text, ("a:ok", "OK")))
    await fake.wait_until(lambda: len(fake.sends(CHAT)) >= 2, 10, "two parts")
    fake.fail("sendMessage", status=500, times=1)  # and the third, after two went out
    parts = split_text(text)
    assert len(parts) == 3
    await person.replies(3, within=30)
    assert [m.text for m in person.messages] == parts
    assert all(utf16_len(part) <= 4096 for part in parts)
    assert [m.buttons for m in person.messages] == [[], [], ["OK"]]
    assert "\n\n".join(parts) == text, "cut at paragraph ends, nothing lost"
    assert (await rig.settled_statuses()) == {"sent": 1}


async def test_an_attachment_is_sent_as_a_document_with_its_caption_and_buttons(
    fake: FakeTelegram, rig: Rig
) -> None:
    person = fake.person(CHAT)
    body = b"BEGIN:VCALENDAR\nEND:VCALENDAR\n"
    message = Rendered("Your appointment", (RenderedChoice(TO_MENU, "Menu"),),
                       file=FileBody("appointment.ics", "text/calendar", body))
    await rig.queue(CHAT, message)
    assert await person.replies(1) == [Seen("Your appointment", ("Menu",))]
    (sent,) = person.messages
    assert sent.document is not None
    assert (sent.document.filename, sent.document.content) == ("appointment.ics", body)


async def test_a_message_telegram_refuses_is_failed_and_the_next_one_still_goes(
    fake: FakeTelegram, rig: Rig
) -> None:
    person = fake.person(CHAT)
    fake.fail("sendMessage", status=400, description="Bad Request: can't parse entities")
    await rig.queue(CHAT, "refused", "delivered")
    assert await person.replies(1) == [Seen("delivered")]
    assert (await rig.settled_statuses()) == {"failed": 1, "sent": 1}


async def test_a_chat_telegram_does_not_know_is_unreachable(
    fake: FakeTelegram, rig: Rig
) -> None:
    fake.fail("sendMessage", status=400, description="Bad Request: chat not found")
    await rig.queue(CHAT, "one", "two")
    await fake.wait_until(lambda: bool(fake.calls_to("sendMessage")), 5, "an attempt")
    await fake.wait_until(lambda: len(fake.calls_to("sendMessage")) == 1, 5, "one attempt")
    assert rig.db is not None
    async with rig.db.reading() as conn, conn.execute(
        "SELECT blocked_at IS NOT NULL FROM people"
    ) as cursor:
        assert tuple(await cursor.fetchone() or ()) == (1,)
