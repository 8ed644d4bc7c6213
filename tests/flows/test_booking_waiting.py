"""The waiting list: joining when nothing is free, and a freed time offered to the first
person waiting for that service and centre (through a job and the scheduler)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from bot.scheduler import Scheduler
from flows.languages import LANGUAGE_CODES
from flows.profile import Profile, builtin_profile_path, load_profile
from flows.text import When
from storage.times import from_db
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import (
    LANG_PROFILES,
    book,
    edited,
    ids,
    msg,
    rows,
    runtime_with,
    say,
    to_days,
    with_booking_rules,
)

DEMO = load_profile()


def one_slot_a_week() -> Profile:
    """Only Nino, on Wednesdays 13:00-14:00 in Tbilisi: two slots in the horizon."""
    nino = DEMO.consultants[0].model_dump()
    nino["availability"] = [{"weekday": "wed", "hours": "13:00-14:00", "centre": "tbilisi"}]
    return edited(DEMO, consultants=[nino])


@pytest.fixture
async def scarce(settings: Settings, clock: FakeClock) -> AsyncIterator[Runtime]:
    built = await runtime_with(settings, clock, one_slot_a_week())
    yield built
    await built.close()


@pytest.fixture(params=LANGUAGE_CODES)
async def full_runtime(
    request: pytest.FixtureRequest, settings: Settings, clock: FakeClock
) -> AsyncIterator[tuple[str, Runtime]]:
    """Each language's profile with nothing free: the notice is longer than the horizon."""
    profile = load_profile(builtin_profile_path(LANG_PROFILES[request.param]))
    built = await runtime_with(settings, clock, with_booking_rules(
        profile, min_notice_hours=24 * (profile.booking.horizon_days + 1)))
    yield request.param, built
    await built.close()


async def join(person: Person) -> list[object]:
    nothing = await to_days(person)
    assert ids(nothing) == ["wait:join", "wait:other", "nav:menu"], nothing.text
    return await person.send(choice="wait:join")  # type: ignore[return-value]


async def test_nothing_free_offers_the_waiting_list_in_each_language(
    full_runtime: tuple[str, Runtime],
) -> None:
    lang, runtime = full_runtime
    profile = runtime.profile
    person = Person(runtime, language_hint=lang)
    nothing = await to_days(person)
    service = profile.services[0]
    assert ids(nothing) == ["wait:join", "wait:other", "nav:menu"]
    assert service.title.root[lang] in nothing.text
    centre = next(c for c in profile.centres if c.name.root[lang] in nothing.text)
    assert str(profile.booking.horizon_days) in nothing.text
    (modes,) = await person.send(choice="wait:other")
    assert modes == person.seen[-4], "back to the modes"
    await person.send(choice="mode:in_person")
    await person.send(choice=f"centre:{centre.id}")
    thanks, menu = await person.send(choice="wait:join")
    assert service.title.root[lang] in thanks.text and "menu:book" in ids(menu)
    (entry,) = await rows(runtime, "waiting_list")
    assert (entry["service"], entry["centre"], entry["mode"], entry["locale"],
            entry["status"]) == (service.id, centre.id, "in_person", lang, "waiting")
    (ticket,) = await rows(runtime, "tickets")
    assert (ticket["queue"], ticket["kind"], ticket["id"]) == (
        "bookings", "waiting_list", entry["ticket_id"])
    staff = profile.agency.staff_locale
    assert str(ticket["card"]).startswith(msg(
        runtime, staff, "Waiting list #{number}: no free time was found for this person",
        number=int(str(entry["id"]))))
    assert service.title.root[staff] in str(ticket["card"])
    # Joining twice keeps one place.
    await to_days(person)
    again, _menu = await person.send(choice="wait:join")
    assert again.text != thanks.text
    assert len(await rows(runtime, "waiting_list")) == 1
    # «My appointments» shows the place and lets the person leave.
    await person.send("/menu")
    (mine,) = await person.send(choice="menu:appointments")
    assert ids(mine) == [f"leave:{entry['id']}", "mine:book", "nav:menu"]
    assert service.title.root[lang] in mine.text
    _left, mine_again = await person.send(choice=f"leave:{entry['id']}")
    assert ids(mine_again) == ["mine:book", "nav:menu"]
    assert [w["status"] for w in await rows(runtime, "waiting_list")] == ["left"]


async def fill_both_slots(runtime: Runtime) -> tuple[Person, Person]:
    first, second = Person(runtime, "first"), Person(runtime, "second")
    await book(first, day=0)
    await book(second, day=0)
    assert [b["status"] for b in await rows(runtime, "bookings")] == ["booked", "booked"]
    return first, second


async def cancel_first(runtime: Runtime, person: Person) -> None:
    (booking, *_rest) = await rows(runtime, "bookings")
    await person.send("/menu")
    await person.send(choice="menu:appointments")
    await person.send(choice=f"appt:{booking['id']}")
    await person.send(choice="appt:cancel")
    await person.send(choice="cancel:yes")


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
async def test_a_cancelled_time_is_offered_to_the_first_person_waiting(
    scarce: Runtime, clock: FakeClock, lang: str
) -> None:
    first, _second = await fill_both_slots(scarce)
    waiting_first = Person(scarce, "waiting-1", language_hint=lang)
    waiting_next = Person(scarce, "waiting-2")
    await join(waiting_first)
    await join(waiting_next)
    await cancel_first(scarce, first)
    (job,) = [j for j in await rows(scarce, "jobs") if j["kind"] == "offer"]
    entries = await rows(scarce, "waiting_list")
    assert (job["payload"], job["person_id"]) == (str(entries[0]["id"]), entries[0]["person_id"])
    assert await waiting_first.read() == [], "nothing until the scheduler runs"

    scheduler = Scheduler(scarce.db, scarce.engine, clock=clock)
    assert await scheduler.run_due() == 1
    (offer,) = await waiting_first.read()
    assert await waiting_next.read() == []
    freed = (await rows(scarce, "bookings"))[0]
    when = say(scarce, lang, When(from_db(str(freed["starts_at"])), "Asia/Tbilisi"))
    assert when in offer.text
    assert DEMO.services[0].title.root[lang] in offer.text
    assert ids(offer) == ["offer:yes", "offer:no", "offer:leave"]
    (confirm,) = await waiting_first.send(choice="offer:yes")
    assert ids(confirm) == ["book:yes", "book:time", "book:stop"]
    booked, _menu = await waiting_first.send(choice="book:yes")
    assert booked.file and booked.file.name
    bookings = await rows(scarce, "bookings")
    assert [b["status"] for b in bookings] == ["cancelled", "booked", "booked"]
    assert bookings[2]["starts_at"] == freed["starts_at"] and bookings[2]["locale"] == lang
    assert [w["status"] for w in await rows(scarce, "waiting_list")] == ["booked", "waiting"]
    assert await scheduler.run_due() == 0


async def test_declining_passes_the_time_to_the_next_person(
    scarce: Runtime, clock: FakeClock
) -> None:
    first, _second = await fill_both_slots(scarce)
    waiting_first, waiting_next = Person(scarce, "waiting-1"), Person(scarce, "waiting-2")
    await join(waiting_first)
    await join(waiting_next)
    await cancel_first(scarce, first)
    scheduler = Scheduler(scarce.db, scarce.engine, clock=clock)
    await scheduler.run_due()
    await waiting_first.read()
    note, _menu = await waiting_first.send(choice="offer:no")
    assert note.text.startswith("All right. You stay on the waiting list")
    assert await scheduler.run_due() == 1
    (offer,) = await waiting_next.read()
    assert ids(offer)[0] == "offer:yes"
    assert [w["status"] for w in await rows(scarce, "waiting_list")] == ["waiting", "offered"]
    note, _menu = await waiting_next.send(choice="offer:leave")
    assert note.text.startswith("Done: you are no longer on the waiting list.")
    # Not back to the first person, who said no to this very time.
    assert await scheduler.run_due() == 0
    assert [w["status"] for w in await rows(scarce, "waiting_list")] == ["waiting", "left"]


async def test_an_offer_for_a_time_booked_meanwhile_says_nothing(
    scarce: Runtime, clock: FakeClock
) -> None:
    first, _second = await fill_both_slots(scarce)
    waiting = Person(scarce, "waiting")
    await join(waiting)
    await cancel_first(scarce, first)
    await book(Person(scarce, "quick"), day=0)  # somebody not waiting takes it first
    assert await Scheduler(scarce.db, scarce.engine, clock=clock).run_due() == 1
    assert await waiting.read() == []
    assert [w["status"] for w in await rows(scarce, "waiting_list")] == ["waiting"]


async def test_a_moved_consultation_frees_its_old_time_for_the_waiting_list(
    settings: Settings, clock: FakeClock
) -> None:
    nino = DEMO.consultants[0].model_dump()
    nino["availability"] = [{"weekday": "wed", "hours": "13:00-15:00", "centre": "tbilisi"}]
    runtime = await runtime_with(settings, clock, edited(DEMO, consultants=[nino]))
    scheduler = Scheduler(runtime.db, runtime.engine, clock=clock)
    try:
        mover, leaver = Person(runtime, "mover"), Person(runtime, "leaver")
        await book(mover, day=1)  # 2 December 13:00
        await book(leaver, day=0)  # 25 November 13:00
        for n in range(2):
            await book(Person(runtime, f"p{n}"), day=0)
        waiting = Person(runtime, "waiting")
        await join(waiting)  # all four times are taken
        bookings = await rows(runtime, "bookings")
        await leaver.send("/menu")
        await leaver.send(choice="menu:appointments")
        await leaver.send(choice=f"appt:{bookings[1]['id']}")
        await leaver.send(choice="appt:cancel")
        await leaver.send(choice="cancel:yes")
        await scheduler.run_due()
        await waiting.read()
        await waiting.send(choice="offer:no")  # not that one
        await mover.send("/menu")
        await mover.send(choice="menu:appointments")
        await mover.send(choice=f"appt:{bookings[0]['id']}")
        (days,) = await mover.send(choice="appt:move")
        (times,) = await mover.send(choice=days.choices[0].id)
        await mover.send(choice=times.choices[0].id)
        await mover.send(choice="book:yes")
        assert [b["status"] for b in await rows(runtime, "bookings")][:2] == [
            "rescheduled", "cancelled"]
        assert await scheduler.run_due() == 1
        (offer,) = await waiting.read()
        when = When(from_db(str(bookings[0]["starts_at"])), "Asia/Tbilisi")
        assert say(runtime, "en", when) in offer.text
    finally:
        await runtime.close()


async def test_an_offer_left_unanswered_for_a_day_does_not_block_the_queue_for_ever(
    scarce: Runtime, clock: FakeClock
) -> None:
    first, second = await fill_both_slots(scarce)
    silent, patient = Person(scarce, "silent"), Person(scarce, "patient")
    await join(silent)
    await join(patient)
    await cancel_first(scarce, first)
    scheduler = Scheduler(scarce.db, scarce.engine, clock=clock)
    await scheduler.run_due()
    (offer,) = await silent.read()  # ... and never answered
    await book(Person(scarce, "quick"), day=0)
    clock.advance(hours=25)
    (booking,) = [b for b in await rows(scarce, "bookings")
                  if b["status"] == "booked" and b["person_id"] == 2]
    await second.send("/menu")
    await second.send(choice="menu:appointments")
    await second.send(choice=f"appt:{booking['id']}")
    await second.send(choice="appt:cancel")
    await second.send(choice="cancel:yes")
    await scheduler.run_due()  # the offer, and the quick person's first reminder
    (again,) = await silent.read()
    assert again.text.startswith("Good news!") and again.text != offer.text
    assert await patient.read() == []


async def test_an_offer_does_not_interrupt_a_conversation_with_staff(
    scarce: Runtime, clock: FakeClock
) -> None:
    first, _second = await fill_both_slots(scarce)
    waiting = Person(scarce, "waiting")
    await join(waiting)
    await waiting.send(choice="menu:human")
    await cancel_first(scarce, first)
    await Scheduler(scarce.db, scarce.engine, clock=clock).run_due()
    (news,) = await waiting.read()
    assert news.text.startswith("Good news!") and news.choices == ()
    assert "“Book a consultation”" in news.text
