"""The staff flow without any messenger: a staff event goes through the engine, and what
the person and the staff group get is in the outbox, committed together."""

from __future__ import annotations

import json

from bot.runtime import Runtime
from flows.staff import texts
from flows.staff.context import DeskSetup, Reach
from flows.staff.effects import PostToTopic, TicketClosed, decode
from flows.staff.event import Actor, Command, Pressed, StaffEvent, Where, Wrote
from flows.staff.reply import StaffReply
from flows.text import _
from storage.repositories import Repos
from tests.conftest import Person
from tests.flows.test_handoff import talk_to_a_person, tickets

GROUP = -1001234567890
THREAD = 77
SETUP = DeskSetup(GROUP, lambda channel: Reach())
CLOSED = ("Our team has closed this conversation. You can write to us again at any time"
          " with /human.")


async def staff_event(runtime: Runtime, delivery: str, act: Wrote | Command | Pressed,
                      user_id: int = 7001) -> str | bool | None:
    outcome = await runtime.engine.handle_staff(
        StaffEvent("staff-test", delivery, Actor(user_id), Where(None, THREAD), act), SETUP)
    return False if outcome is None else outcome.answer


async def person_rows(runtime: Runtime, person: Person) -> list[dict[str, object]]:
    async with runtime.db.reading() as conn:
        rows = await Repos(conn).outbox.pending_for(person.channel, person.external_id)
    return [{"kind": row.kind, **row.payload} for row in rows]


async def desk_rows(runtime: Runtime) -> list[object]:
    async with runtime.db.reading() as conn, conn.execute(
        "SELECT payload FROM outbox WHERE channel = 'desk' ORDER BY id") as cursor:
        return [decode(json.loads(row[0])) for row in await cursor.fetchall()]


async def test_a_reply_and_a_close_reach_the_person_in_their_language(
    runtime: Runtime,
) -> None:
    person = Person(runtime, language_hint="uk")
    await talk_to_a_person(person)
    (ticket,) = await tickets(runtime)
    async with runtime.db.transaction() as conn:
        repos = Repos(conn)
        await repos.tickets.set_topic(int(str(ticket["id"])), THREAD)
        await repos.staff.add(7001, "Mariam", "agent", [], runtime.engine.clock())

    assert await staff_event(runtime, "1", Wrote(501, "Добрий день")) is None
    (row,) = await person_rows(runtime, person)
    reply = StaffReply.from_json(row)
    assert row["kind"] == "staff_reply" and reply.text == "Добрий день"
    assert reply.end is not None and reply.end.label == "Завершити розмову"
    assert await staff_event(runtime, "1", Wrote(501, "Добрий день")) is False, "once"
    assert len(await person_rows(runtime, person)) == 1

    # /close: the ticket closes and the person is told and asked to rate, all at once.
    await person.read()
    assert await staff_event(runtime, "2", Command("close", "")) is None
    told = await person.read()
    assert told[0].text == runtime.renderer.text(_(CLOSED), "uk")
    assert [c.label for c in told[1].choices][:1] == ["⭐"]
    assert TicketClosed(int(str(ticket["id"])), "Mariam") in await desk_rows(runtime)

    # A second close is told who was first; the person hears nothing more.
    answer = await staff_event(runtime, "3", Pressed("close", int(str(ticket["id"]))))
    assert answer == runtime.renderer.text(texts.already_closed_by("Mariam"),
                                     runtime.profile.agency.staff_locale)
    assert await person.read() == []


async def test_somebody_not_on_the_staff_list_only_hears_so(runtime: Runtime) -> None:
    person = Person(runtime, language_hint="uk")
    await talk_to_a_person(person)
    await person.read()
    assert await staff_event(runtime, "9", Command("close", ""), user_id=666) is None
    assert await person.read() == []
    (*_opened, refusal) = await desk_rows(runtime)
    assert isinstance(refusal, PostToTopic) and "666" in refusal.text
    assert (await tickets(runtime))[0]["status"] == "open"

