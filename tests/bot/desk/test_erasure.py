"""Complete erasure, end to end through the Telegram fake: a person sends an enquiry, books
a consultation, writes to staff (naming somebody else), and then deletes their data. After
that, nothing they wrote is left anywhere in the database file or its WAL, the staff
group's topic is gone with a one-line note in General, and their consultation's time can
be booked by somebody else. The same through ``/erase`` (supervisors only) and
``carebot people erase``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.desk.erased import ERASED_CARD, note
from flows.staff.roles import ERASE_CONFIRM
from tests.bot.desk.conftest import STAFF_CHAT, Rig
from tests.bot.desk.test_enquiry_arrives import live_ids, press_id
from tests.cli import carebot
from tests.fakes.telegram_api import FakePerson

# What an erasure leaves is checked in the SQLite file's bytes (secure_delete, the WAL).
pytestmark = pytest.mark.sqlite_only(reason="reads the bytes of the SQLite file")

NAME = "Ketevan Zedginidze"
PHONE = "995555123456"
FREE_TEXT = "We live near the old tannery with two dogs"
TO_STAFF = "My neighbour Tornike Abashidze shouts at his son every night"
THIRD_PERSON = "Tornike Abashidze"


async def press_first(rig: Rig, person: FakePerson, prefix: str) -> str:
    choice = next(i for i in live_ids(person) if i.startswith(prefix))
    await press_id(rig, person, choice)
    return choice


async def send_enquiry(rig: Rig, person: FakePerson) -> None:
    await rig.tg(person.send("/start"))
    await rig.idle()
    await press_id(rig, person, "menu:foster")
    await press_id(rig, person, "learn:start")
    await press_id(rig, person, "consent:yes")
    for _question in rig.runtime.profile.screening.questions:
        ids = list(live_ids(person))
        if "a:yes" in ids:
            await press_id(rig, person, "a:no")
        elif any(i.startswith("a:") for i in ids):
            await press_first(rig, person, "a:")
        elif any(i.startswith("t:") for i in ids):
            await press_first(rig, person, "t:")
            await press_id(rig, person, "q:done")
        else:
            await rig.tg(person.send(FREE_TEXT))
            await rig.idle()
    await rig.tg(person.send(NAME))
    await rig.idle()
    await rig.tg(person.share_contact(PHONE))
    await rig.idle()
    await press_id(rig, person, "s:send")


async def book_first_time(rig: Rig, person: FakePerson, time: str | None = None) -> str:
    """Book the first in-person consultation (or the given time); the time's choice id."""
    await rig.tg(person.send("/menu"))
    await rig.idle()
    await press_id(rig, person, "menu:book")
    await press_first(rig, person, "svc:")
    await press_id(rig, person, "whom:self")
    await press_id(rig, person, "mode:in_person")
    await press_first(rig, person, "centre:")
    await press_first(rig, person, "day:")
    if time is None:
        time = await press_first(rig, person, "time:")
    else:
        await press_id(rig, person, time)
    if person.reply_keyboard:
        await rig.tg(person.share_contact(PHONE))
        await rig.idle()
    await press_id(rig, person, "book:yes")
    return time


async def talk_to_staff(rig: Rig, person: FakePerson) -> tuple[int, int]:
    """Ask for a person and write to them; the ticket id and its topic."""
    await rig.tg(person.send("/menu"))
    await rig.idle()
    await press_id(rig, person, "menu:human")
    ticket = await rig.ticket_of("telegram", str(person.chat_id))
    topic = await rig.topic(ticket.id)
    await rig.tg(person.send(TO_STAFF))
    await rig.until(lambda: f"💬 {TO_STAFF}" in rig.in_topic(topic), "the message in its topic")
    return ticket.id, topic


def database_bytes(rig: Rig) -> bytes:
    path = Path(rig.runtime.db.path)
    found = b""
    for suffix in ("", "-wal", "-journal"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            found += part.read_bytes()
    return found


def leaks(rig: Rig) -> list[str]:
    raw = database_bytes(rig)
    secrets = [NAME, PHONE[3:], FREE_TEXT, TO_STAFF, THIRD_PERSON, "Ketevan", "tannery"]
    return [s for s in secrets if s.encode() in raw]


async def someone_with_everything(rig: Rig, user_id: int) -> tuple[FakePerson, int, int, str]:
    person = rig.fake.person(user_id, first_name="Keti", language_code="en")
    await send_enquiry(rig, person)
    time = await book_first_time(rig, person)
    ticket, topic = await talk_to_staff(rig, person)
    mariam = await rig.add_staff(7001, "Mariam")
    await rig.says(mariam, topic, "Thank you for telling us, we will call you today.")
    await rig.until(lambda: person.messages[-1].body.startswith("Thank you for telling us"),
                    "the staff answer on Telegram")
    await rig.idle()
    assert leaks(rig), "the test must store what it then looks for"
    return person, ticket, topic, time


async def count(rig: Rig, table: str) -> int:
    (row,) = await rig.rows(f"SELECT COUNT(*) AS n FROM {table}")
    return int(row["n"])


async def test_delete_my_data_leaves_nothing_readable_and_frees_the_time(
    rig: Rig, tmp_path: Path
) -> None:
    person, ticket, topic, time = await someone_with_everything(rig, 555_000_201)
    assert await count(rig, "bookings") == 1

    await rig.tg(person.send("/forget"))
    await rig.idle()
    question = person.messages[-1]
    assert question.body.startswith("Do you want us to delete everything we have stored")
    assert "conversations with our team" in question.body
    await press_id(rig, person, "privacy:forget:yes")
    await rig.until(lambda: person.messages[-1].body.startswith(
        "Done: everything we stored about you has been deleted."), "the last message")
    await rig.idle()

    # The staff group: the topic deleted, and one line in General.
    assert rig.fake.calls_to("deleteForumTopic", ok=True)
    assert rig.fake.topics[(STAFF_CHAT, topic)].deleted
    await rig.until(lambda: rig.staff_text(note(ticket, "person")) in rig.general(),
                    "the note in General")
    # Nothing readable is left: not in the tables, not in the file, not in the WAL.
    for table in ("people", "sessions", "enquiries", "enquiry_drafts", "consents", "tickets",
                  "ticket_events", "bookings", "waiting_list", "jobs", "telegram_chats"):
        assert await count(rig, table) == 0, table
    assert await rig.rows("SELECT * FROM outbox WHERE recipient = ?", str(person.chat_id)) == []
    (tombstone,) = await rig.rows("SELECT * FROM erasures")
    assert tombstone["reason"] == "person" and tombstone["reference"].startswith("E-")
    assert leaks(rig) == []
    export = carebot("enquiries", "export", "--since", "2026-01-01", "--format", "json",
                     cwd=tmp_path, DATABASE_URL=rig.runtime.settings.database_url)
    assert export.returncode == 0 and export.stdout.strip() == "[]"

    # The freed time goes to somebody else; and the person, writing again, is new.
    other = rig.fake.person(555_000_202, first_name="Nino", language_code="en")
    assert await book_first_time(rig, other, time) == time
    (booking,) = await rig.rows("SELECT * FROM bookings WHERE status = 'booked'")
    assert booking["person_id"] != tombstone["id"]
    await rig.tg(person.send("hello"))
    await rig.until(lambda: person.messages[-1].buttons and person.messages[-1].body
                    .startswith("Hello!"), "the greeting with the menu, for someone new")


async def test_a_supervisor_erases_from_the_topic_and_an_agent_is_refused(rig: Rig) -> None:
    person, ticket, topic, _time = await someone_with_everything(rig, 555_000_301)
    agent = await rig.add_staff(7002, "Giorgi", role="agent")
    boss = await rig.add_staff(7003, "Lela", role="supervisor")

    await rig.says(agent, topic, "/erase yes")
    refusal = rig.staff_text_en("Only a supervisor can erase or export a person's data."
                                " Please ask one of them: {names}.", names="Lela")
    await rig.until(lambda: refusal in rig.in_topic(topic),
                    "the agent's refusal")
    assert await count(rig, "people") == 1
    (refused,) = await rig.rows("SELECT * FROM audit_log WHERE action = 'erase'")
    assert (refused["staff_id"], refused["ticket_id"], refused["detail"]) == (
        7002, ticket, "refused")

    await rig.says(boss, topic, "/erase")
    await rig.until(lambda: rig.staff_text(ERASE_CONFIRM) in rig.in_topic(topic),
                    "asked to confirm")
    assert await count(rig, "people") == 1
    await rig.says(boss, topic, "/erase yes")
    await rig.until(lambda: rig.staff_text(note(ticket, "staff")) in rig.general(),
                    "the note in General")
    await rig.until(lambda: person.messages[-1].body.startswith(
        "At your request, our team has deleted everything"), "the person is told")
    await rig.idle()
    assert await count(rig, "people") == 0
    assert rig.fake.topics[(STAFF_CHAT, topic)].deleted
    erased = await rig.rows("SELECT * FROM audit_log WHERE action = 'erase' AND detail = ''")
    assert [(e["staff_id"], e["person_id"]) for e in erased] == [(7003, refused["person_id"])]
    audit_text = str(await rig.rows("SELECT * FROM audit_log"))
    assert NAME not in audit_text and PHONE not in audit_text and "Keti" not in audit_text
    assert leaks(rig) == []


async def test_without_the_right_to_delete_topics_the_topic_is_closed_and_marked(
    rig: Rig, tmp_path: Path
) -> None:
    rig.fake.can_delete_topics = False
    _person, ticket, topic, _time = await someone_with_everything(rig, 555_000_401)
    card = rig.card(topic)
    result = carebot("people", "erase", "1", "--yes", cwd=tmp_path,
                     DATABASE_URL=rig.runtime.settings.database_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "person 1 erased"
    rig.clock.advance(days=60)  # the command line ran on the real clock, ahead of the rig's
    await rig.until(lambda: rig.staff_text(note(ticket, "staff")) in rig.general(),
                    "the note in General")
    assert rig.fake.topics[(STAFF_CHAT, topic)].closed
    assert card.body == rig.staff_text(ERASED_CARD) and card.inline == []
    await rig.idle()
    (entry,) = await rig.rows("SELECT * FROM audit_log WHERE action = 'erase'")
    assert (entry["staff_id"], entry["person_id"]) == (0, 1)
    assert await count(rig, "people") == 0
    assert leaks(rig) == []


async def test_after_delivery_no_outbox_row_holds_a_relayed_text(rig: Rig) -> None:
    await someone_with_everything(rig, 555_000_501)
    rows: list[dict[str, Any]] = await rig.rows("SELECT * FROM outbox")
    assert rows and all(r["status"] == "sent" for r in rows)
    payloads = " ".join(str(r["payload"]) for r in rows)
    for text in (TO_STAFF, FREE_TEXT, NAME, "Thank you for telling us"):
        assert text not in payloads
    assert all(r["scrubbed_at"] and r["external_id"] for r in rows)
    person_messages = [r for r in rows if '"person_message"' in r["payload"]]
    assert person_messages and all('"ticket"' in r["payload"] for r in person_messages)
