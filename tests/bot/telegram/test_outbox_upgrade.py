"""Upgrading with messages waiting: rows written before the outbox encoding was versioned
still reach the person as they were meant, and a row this version cannot read is set
aside as failed without holding up the rest."""

from __future__ import annotations

import base64
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.messages import Rendered
from storage.outbox_codec import MediaKind, MediaRef, MediaSource
from tests.bot.telegram.rig import Rig, text_message
from tests.fakes.telegram_api import FakeTelegram, Seen

CHAT = 7101


@pytest.fixture
async def rig(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Rig]:
    built = await Rig(fake, tmp_path / "upgrade.db").open()
    built.start()
    try:
        yield built
    finally:
        if built.db is not None:
            await built.stop()


async def test_messages_queued_by_the_previous_version_still_arrive(
    fake: FakeTelegram, rig: Rig
) -> None:
    person = fake.person(CHAT)
    body = b"BEGIN:VCALENDAR\nEND:VCALENDAR\n"
    # Exactly what ``Rendered.to_json`` wrote before version 1.
    await rig.queue_raw(CHAT, {"text": "Your number?", "ask_phone": True, "free_text": True,
                               "choices": [{"id": "skip", "label": "Skip"}]})
    await rig.queue_raw(CHAT, {"text": "Your appointment", "attachment": {
        "name": "appointment.ics", "mime": "text/calendar",
        "b64": base64.b64encode(body).decode()}})
    assert await person.replies(2) == [
        Seen("Your number?", ("Share my phone number", "Skip")),
        Seen("Your appointment"),
    ]
    question, calendar = person.messages
    assert question.reply_keyboard is not None
    assert question.reply_keyboard[0] == [{"text": "Share my phone number",
                                           "request_contact": True}]
    assert calendar.document is not None
    assert (calendar.document.filename, calendar.document.content) == ("appointment.ics", body)
    assert (await rig.settled_statuses()) == {"sent": 2}


async def test_a_staff_reply_copied_before_the_upgrade_is_still_copied(
    fake: FakeTelegram, rig: Rig
) -> None:
    person = fake.person(CHAT)
    olena = fake.person(4242, first_name="Olena")
    update = fake.group_message(-100500, olena, "We will call you at 10.")
    original = update["message"]["message_id"]
    await rig.queue_raw(CHAT, {"from_chat_id": -100500, "message_id": original}, kind="copy")
    assert await person.replies(1) == [Seen("We will call you at 10.")]
    assert person.messages[0].copied_from == (-100500, original)


async def test_a_row_this_version_cannot_read_fails_alone_and_the_next_one_goes(
    fake: FakeTelegram, rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    person = fake.person(CHAT)
    await rig.queue_raw(CHAT, {"v": 2, "kind": "say", "text": "From a newer carebot"})
    await rig.queue_raw(CHAT, {"v": 1, "kind": "poll", "question": "?"})
    await rig.queue(CHAT, text_message("Hello again"))
    assert await person.replies(1) == [Seen("Hello again")]
    assert (await rig.settled_statuses()) == {"failed": 2, "sent": 1}
    assert "version 2" in caplog.text and "unknown kind 'poll'" in caplog.text
    assert "From a newer carebot" not in caplog.text, "what people read is not logged"


async def test_a_file_by_reference_goes_as_a_photo_with_its_caption_and_buttons(
    fake: FakeTelegram, rig: Rig
) -> None:
    person = fake.person(CHAT)
    photo = MediaRef(MediaSource.TELEGRAM, MediaKind.PICTURE, "AgACAgIAAxkBAAIB", "photo.jpg")
    end = text_message("", ("handoff:end", "End the conversation")).choices
    await rig.queue(CHAT, Rendered("Here is the leaflet", end, free_text=True, media=photo))
    assert await person.replies(1) == [Seen("Here is the leaflet", ("End the conversation",))]
    assert person.messages[0].media == ("photo", "AgACAgIAAxkBAAIB")
