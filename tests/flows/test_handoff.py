"""Talking to a person: the ticket, the queue, the quiet relay, ending and rating."""

from __future__ import annotations

import json

import pytest

from bot.engine import DESK_CHANNEL
from bot.runtime import Runtime
from flows.languages import LANGUAGE_CODES
from flows.messages import Attachment, Inbound
from flows.staff.effects import DeskEffect, OpenTicket, PersonSaid, TicketClosed, decode
from flows.text import _
from storage.repositories import Repos
from tests.conftest import FakeClock, Person


async def desk_jobs(runtime: Runtime) -> list[DeskEffect]:
    """What the staff desk was asked to show, in order."""
    async with runtime.db.reading() as conn, conn.execute(
        "SELECT payload FROM outbox WHERE channel = ? ORDER BY id", (DESK_CHANNEL,)
    ) as cursor:
        return [decode(json.loads(row[0])) for row in await cursor.fetchall()]


async def tickets(runtime: Runtime) -> list[dict[str, object]]:
    async with runtime.db.reading() as conn, conn.execute(
        "SELECT * FROM tickets ORDER BY id"
    ) as cursor:
        return [dict(row) for row in await cursor.fetchall()]


async def talk_to_a_person(person: Person) -> list[object]:
    await person.send("/start")
    return await person.send(choice="menu:human")  # type: ignore[return-value]


async def test_asking_for_a_person_opens_a_ticket_and_says_what_happens(
    runtime: Runtime, person: Person
) -> None:
    news, talking = await talk_to_a_person(person)  # type: ignore[misc]
    assert news.text == ("A person from our team will answer you here, in this chat.\n\n"
                         "You are next in the queue.")
    assert talking.free_text and [c.id.wire for c in talking.choices] == ["handoff:end"]
    (ticket,) = await tickets(runtime)
    assert (ticket["queue"], ticket["kind"], ticket["status"]) == ("general", "handoff", "open")
    assert await desk_jobs(runtime) == [OpenTicket(ticket["id"])]


async def test_the_place_in_the_queue_counts_the_people_before(runtime: Runtime) -> None:
    for number in range(3):
        await talk_to_a_person(Person(runtime, external_id=f"p{number}"))
    news, _talking = await talk_to_a_person(Person(runtime, external_id="p3"))  # type: ignore[misc]
    assert "There are 3 people waiting before you." in news.text


async def test_outside_business_hours_the_person_learns_when_someone_is_back(
    runtime: Runtime, clock: FakeClock
) -> None:
    clock.advance(days=6)  # Sunday: the general queue is closed
    person = Person(runtime)
    news, _talking = await talk_to_a_person(person)  # type: ignore[misc]
    assert "Our team is not at work right now. Someone will be back on Monday 30 November," \
        " 09:00." in news.text


async def test_everything_sent_goes_to_staff_and_the_bot_stays_quiet(
    runtime: Runtime, person: Person
) -> None:
    await talk_to_a_person(person)
    assert await person.send("My son will not go to school") == []
    assert await person.send(attachment=Attachment.PHOTO) == []
    assert await person.send(contact="+995555123456") == []
    relayed = [job for job in await desk_jobs(runtime) if isinstance(job, PersonSaid)]
    assert [job.text for job in relayed] == ["My son will not go to school", None, None]
    assert relayed[1].attachment == Attachment.PHOTO and relayed[2].contact == "+995555123456"


async def test_human_command_from_the_enquiry_goes_to_the_enquiries_team(
    runtime: Runtime, person: Person
) -> None:
    await person.send("/start")
    await person.send(choice="menu:foster")
    await person.send("/human")
    (ticket,) = await tickets(runtime)
    assert ticket["queue"] == "enquiries"


async def test_asking_twice_does_not_open_a_second_ticket(
    runtime: Runtime, person: Person
) -> None:
    await talk_to_a_person(person)
    await person.send("/human")
    assert len(await tickets(runtime)) == 1


async def staff_answered(runtime: Runtime) -> None:
    """Somebody from the team wrote to the person (the desk marks the first reply)."""
    (person_id,) = await people(runtime)
    async with runtime.db.transaction() as conn:
        repos = Repos(conn)
        ticket = await repos.tickets.open_handoff(person_id)
        assert ticket is not None
        await repos.tickets.responded(ticket.id, runtime.engine.clock())


async def people(runtime: Runtime) -> list[int]:
    async with runtime.db.reading() as conn, conn.execute(
        "SELECT id FROM people ORDER BY id"
    ) as cursor:
        return [row[0] for row in await cursor.fetchall()]


async def test_ending_the_conversation_asks_for_a_rating_and_a_comment(
    runtime: Runtime, person: Person
) -> None:
    await talk_to_a_person(person)
    await staff_answered(runtime)
    thanks, rating = await person.press("End the conversation")
    assert thanks.text == "Thank you for talking with us."
    assert [c.id.wire for c in rating.choices] == [f"rate:{n}" for n in range(1, 6)] + ["rate:skip"]
    (comment,) = await person.send(choice="rate:5")
    assert comment.text == "Thank you! Would you like to add a few words?"
    reply, menu = await person.send("You helped a lot")
    assert reply.text == "Thank you, we read every comment."
    assert menu.choices[0].id.wire == "menu:foster"
    (ticket,) = await tickets(runtime)
    assert (ticket["status"], ticket["rating"], ticket["rating_comment"]) == (
        "closed", 5, "You helped a lot")
    assert (await desk_jobs(runtime))[-1] == TicketClosed(ticket["id"], by=None)


async def test_end_command_works_too_and_rating_can_be_skipped(
    runtime: Runtime, person: Person
) -> None:
    await talk_to_a_person(person)
    await staff_answered(runtime)
    await person.send("/end")
    (menu,) = await person.press("Skip")
    assert menu.choices[0].id.wire == "menu:foster"


async def test_when_staff_close_the_person_is_told_and_asked_to_rate(
    runtime: Runtime, person: Person
) -> None:
    await talk_to_a_person(person)
    (ticket,) = await tickets(runtime)
    await runtime.engine.handle(Inbound("console", person.external_id, "staff-close-1",
                                        system=f"ticket_closed:{ticket['id']}"))
    closed, rating = await person.read()
    assert closed.text.startswith("Our team has closed this conversation.")
    assert rating.choices[0].id.wire == "rate:1"
    await person.send(choice="rate:4")
    assert (await tickets(runtime))[0]["rating"] == 4


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_ending_before_anyone_answered_asks_for_no_rating(
    runtime: Runtime, lang: str
) -> None:
    person = Person(runtime, language_hint=lang)
    await talk_to_a_person(person)
    withdrawn, menu = await person.send("/end")
    assert withdrawn.text == runtime.renderer.text(
        _("All right: nobody from our team had answered yet, so we have withdrawn your"
          " request. You can write to us again at any time with /human."), lang)
    assert menu.choices[0].id.wire == "menu:foster"
    assert not any(c.id.wire.startswith("rate:") for c in menu.choices)
    (ticket,) = await tickets(runtime)
    assert ticket["status"] == "closed" and ticket["rating"] is None
    assert (await desk_jobs(runtime))[-1] == TicketClosed(ticket["id"], by=None)


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_unexpected_input_while_rating_repeats_the_question(
    runtime: Runtime, lang: str
) -> None:
    person = Person(runtime, language_hint=lang)
    await talk_to_a_person(person)
    await staff_answered(runtime)
    await person.send("/end")
    rating = person.seen[-1]
    note, again = await person.send(attachment=Attachment.STICKER)
    assert note.text == runtime.renderer.text(
        _("Thank you! I can't use that here, so please answer with the buttons or a short"
          " text."), lang)
    assert again == rating
