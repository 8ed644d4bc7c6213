"""Unexpected input at every step of booking, moving and cancelling, in all six
languages: a kind answer in the person's language, then the same question again."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from bot.scheduler import Scheduler
from flows.booking.slots import free_slots
from flows.languages import LANGUAGE_CODES
from flows.messages import Attachment, Inbound, Rendered
from flows.profile import builtin_profile_path, load_profile
from storage.repositories import Repos
from storage.times import from_db
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import (
    LANG_PROFILES,
    book,
    ids_with,
    local_phone,
    msg,
    rows,
    runtime_with,
    to_confirm,
    to_days,
    to_service,
    with_booking_rules,
)

Reach = Callable[[Person, FakeClock], Awaitable[None]]


async def at_service(person: Person, clock: FakeClock) -> None:
    await to_service(person)


async def at_whom(person: Person, clock: FakeClock) -> None:
    services = await to_service(person)
    await person.send(choice=ids_with(services, "svc:")[0])


async def at_consent(person: Person, clock: FakeClock) -> None:
    await at_whom(person, clock)
    await person.send(choice="whom:young")


async def at_mode(person: Person, clock: FakeClock) -> None:
    await at_whom(person, clock)
    await person.send(choice="whom:self")


async def at_centre(person: Person, clock: FakeClock) -> None:
    await at_mode(person, clock)
    await person.send(choice="mode:in_person")


async def at_day(person: Person, clock: FakeClock) -> None:
    await to_days(person)


async def at_time(person: Person, clock: FakeClock) -> None:
    days = await to_days(person)
    await person.send(choice=ids_with(days, "day:")[0])


async def at_phone(person: Person, clock: FakeClock) -> None:
    profile = person.runtime.profile
    service = next(s for s in profile.services if "phone" in s.modes)
    days = await to_days(person, service=f"svc:{service.id}", mode="phone")
    (times,) = await person.send(choice=ids_with(days, "day:")[0])
    await person.send(choice=ids_with(times, "time:")[0])


async def at_confirm(person: Person, clock: FakeClock) -> None:
    await to_confirm(person)


async def at_taken(person: Person, clock: FakeClock) -> None:
    rival = Person(person.runtime, "rival", language_hint=person.language_hint)
    await to_confirm(person)
    await to_confirm(rival)
    await rival.send(choice="book:yes")
    await person.send(choice="book:yes")


async def at_nothing(person: Person, clock: FakeClock) -> None:
    await to_days(person)  # the runtime of this step has nothing free


async def booked(person: Person, day: int = 1) -> int:
    await book(person, day=day)
    (booking, *_rest) = await rows(person.runtime, "bookings")
    return int(str(booking["id"]))


async def at_mine(person: Person, clock: FakeClock) -> None:
    await booked(person)
    await person.send(choice="menu:appointments")


async def at_appointment(person: Person, clock: FakeClock, day: int = 1) -> None:
    booking = await booked(person, day)
    await person.send(choice="menu:appointments")
    await person.send(choice=f"appt:{booking}")


async def at_cancel(person: Person, clock: FakeClock) -> None:
    await at_appointment(person, clock)
    await person.send(choice="appt:cancel")


async def at_late(person: Person, clock: FakeClock) -> None:
    await at_appointment(person, clock, day=0)
    (booking,) = await rows(person.runtime, "bookings")
    clock.now = from_db(str(booking["starts_at"])) - timedelta(hours=2)
    await person.send(choice="appt:cancel")


async def at_reminder(person: Person, clock: FakeClock) -> None:
    await booked(person)
    (booking,) = await rows(person.runtime, "bookings")
    clock.now = from_db(str(booking["starts_at"])) - timedelta(hours=23)
    runtime = person.runtime
    assert await Scheduler(runtime.db, runtime.engine, clock=clock).run_due() == 1
    await person.read()


async def at_offer(person: Person, clock: FakeClock) -> None:
    """As if a freed time had been offered to this person from the waiting list."""
    await person.send("/start")
    runtime = person.runtime
    profile = runtime.profile
    service = profile.services[0].id
    centre = next(c.id for c in profile.centres
                  if free_slots(profile, service=service, mode="in_person", centre=c.id,
                                language=person.language_hint, now=clock.now))
    slot = free_slots(profile, service=service, mode="in_person", centre=centre,
                      language=person.language_hint, now=clock.now)[0]
    async with runtime.db.transaction() as conn:
        repos = Repos(conn)
        found = await repos.people.find(person.channel, person.external_id)
        assert found is not None
        entry = await repos.waiting_list.join(
            person_id=found.id, service=service, centre=centre, mode="in_person",
            for_whom="self", child_consent=False, locale=found.locale, now=clock.now)
        await repos.waiting_list.offer(entry, slot.consultant, slot.starts_at, clock.now)
    await runtime.engine.handle(Inbound(person.channel, person.external_id, "offer-1",
                                        system=f"offer:{entry}"))
    await person.read()


STEPS: dict[str, Reach] = {
    "service": at_service, "whom": at_whom, "consent": at_consent, "mode": at_mode,
    "centre": at_centre, "day": at_day, "time": at_time, "phone": at_phone,
    "confirm": at_confirm, "taken": at_taken, "nothing": at_nothing, "mine": at_mine,
    "appointment": at_appointment, "cancel": at_cancel, "late": at_late,
    "reminder": at_reminder, "offer": at_offer,
}


@pytest.fixture
def runtime_factory(
    settings: Settings, clock: FakeClock
) -> Callable[[str, str], Awaitable[Runtime]]:
    async def make(lang: str, step: str) -> Runtime:
        profile = load_profile(builtin_profile_path(LANG_PROFILES[lang]))
        rules: dict[str, object] = {"child_consent_age": 16}
        if step == "nothing":
            rules["min_notice_hours"] = 24 * (profile.booking.horizon_days + 1)
        return await runtime_with(settings, clock, with_booking_rules(profile, **rules))

    return make


@pytest.fixture
async def reach(
    runtime_factory: Callable[[str, str], Awaitable[Runtime]], clock: FakeClock,
    request: pytest.FixtureRequest,
) -> AsyncIterator[Callable[[str, str], Awaitable[Person]]]:
    made: list[Runtime] = []

    async def go(lang: str, step: str) -> Person:
        runtime = await runtime_factory(lang, step)
        made.append(runtime)
        person = Person(runtime, language_hint=lang)
        await STEPS[step](person, clock)
        session_step = await current_step(runtime, person)
        assert session_step == step, f"expected to be at {step}, at {session_step}"
        return person

    yield go
    for runtime in made:
        await runtime.close()


async def current_step(runtime: Runtime, person: Person) -> str:
    async with runtime.db.reading() as conn:
        repos = Repos(conn)
        found = await repos.people.find(person.channel, person.external_id)
        assert found is not None
        session = await repos.sessions.load(found.id)
    assert session is not None and session.flow == "booking"
    return session.step


NOT_HERE = ("Thank you! I can't use that here, so please answer with the buttons or a short"
            " text.")


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
@pytest.mark.parametrize("step", list(STEPS))
async def test_a_sticker_at_every_step_in_every_language(
    reach: Callable[[str, str], Awaitable[Person]], step: str, lang: str
) -> None:
    person = await reach(lang, step)
    before = person.seen[-1]
    note, again = await person.send(attachment=Attachment.STICKER)
    assert note.text == msg(person.runtime, lang, NOT_HERE)
    assert again == before
    assert await current_step(person.runtime, person) == step


UNEXPECTED: list[tuple[str, dict[str, object], str]] = [
    ("stale button", {"choice": "menu:foster"},
     "That button belongs to an earlier message. Here is where we are now:"),
    ("photo", {"attachment": Attachment.PHOTO}, NOT_HERE),
    ("location", {"attachment": Attachment.LOCATION}, NOT_HERE),
    ("unknown command", {"text": "/frobnicate"},
     "I don't know that command. Type /help to see what I can do."),
    ("words", {"text": "hmm, what now?"}, "Sorry, I didn't quite understand."),
    ("out of range number", {"text": "99"}, "Sorry, I didn't quite understand."),
]


@pytest.mark.parametrize(("kind", "message", "expected"), UNEXPECTED,
                         ids=[u[0] for u in UNEXPECTED])
@pytest.mark.parametrize("step", list(STEPS))
async def test_other_unexpected_input_at_every_step(
    reach: Callable[[str, str], Awaitable[Person]], step: str, kind: str,
    message: dict[str, object], expected: str,
) -> None:
    person = await reach("en", step)
    before = person.seen[-1]
    replies: list[Rendered] = await person.send(**message)  # type: ignore[arg-type]
    if step == "phone" and kind in ("words", "out of range number"):
        # Words are what this step waits for: they are read as a phone number.
        note, again = replies
        assert note.text.startswith("That does not look like a phone number.")
    else:
        note, again = replies
        assert note.text == expected
    assert again == before
    assert await current_step(person.runtime, person) == step


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_a_shared_contact_outside_the_phone_step(
    reach: Callable[[str, str], Awaitable[Person]], lang: str
) -> None:
    person = await reach(lang, "day")
    before = person.seen[-1]
    note, again = await person.send(contact="+995555123456")
    assert note.text == msg(person.runtime, lang, NOT_HERE) and again == before
    # ... and at the phone step it is the answer.
    other = await reach(lang, "phone")
    profile = other.runtime.profile
    (confirm,) = await other.send(local_phone(profile))
    assert [c.id.wire for c in confirm.choices] == ["book:yes", "book:time", "book:stop"]
