"""The scheduler: stored reminder jobs become engine events, sent once, across restarts,
never for a cancelled booking; the reminder's buttons work."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import NoReturn

import pytest

from bot.config import Settings
from bot.engine import Outcome
from bot.runtime import Runtime, build_runtime
from bot.scheduler import Scheduler
from flows import router
from flows.messages import Rendered
from flows.text import When
from storage.repositories import Repos
from storage.times import from_db
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import book, ids, rows, say

REMINDER = "A friendly reminder of your consultation:"


async def booking_start(runtime: Runtime) -> datetime:
    (booking, *_rest) = await rows(runtime, "bookings")
    return from_db(str(booking["starts_at"]))


def reminders(seen: list[Rendered]) -> list[Rendered]:
    return [m for m in seen if m.text.startswith(REMINDER)]


async def test_a_reminder_is_sent_at_the_profiles_offset_with_buttons(
    runtime: Runtime, clock: FakeClock
) -> None:
    person = Person(runtime)
    await book(person, day=1)
    starts = await booking_start(runtime)
    scheduler = Scheduler(runtime.db, runtime.engine, clock=clock)
    clock.now = starts - timedelta(hours=24, minutes=1)
    assert await scheduler.run_due() == 0
    clock.now = starts - timedelta(hours=24)
    assert await scheduler.run_due() == 1
    (reminder,) = await person.read()
    assert reminder.text.startswith(REMINDER)
    assert say(runtime, "en", When(starts, "Asia/Tbilisi")) in reminder.text
    assert ids(reminder) == ["rem:yes", "rem:move", "rem:cancel", "nav:menu"]
    thanks, _menu = await person.send(choice="rem:yes")
    assert thanks.text == "Thank you! We look forward to meeting you."
    (booking,) = await rows(runtime, "bookings")
    assert booking["confirmed_at"] is not None
    assert await scheduler.run_due() == 0
    clock.now = starts - timedelta(hours=2)
    assert await scheduler.run_due() == 1
    (second,) = await person.read()
    assert second.text.startswith(REMINDER)


async def test_cancelling_from_a_reminder_inside_the_notice_asks_to_call(
    runtime: Runtime, clock: FakeClock
) -> None:
    person = Person(runtime)
    await book(person, day=1)
    clock.now = await booking_start(runtime) - timedelta(hours=2)
    await Scheduler(runtime.db, runtime.engine, clock=clock).run_due()
    await person.read()
    (late,) = await person.send(choice="rem:cancel")
    assert ids(late)[0] == "late:staff"


async def test_moving_from_a_reminder_outside_the_notice(
    settings: Settings, clock: FakeClock
) -> None:
    from flows.profile import load_profile
    from tests.flows.booking_kit import runtime_with, with_booking_rules

    profile = with_booking_rules(load_profile(), reminder_hours=[48])
    runtime = await runtime_with(settings, clock, profile)
    try:
        person = Person(runtime)
        await book(person, day=1)
        clock.now = await booking_start(runtime) - timedelta(hours=47)
        assert await Scheduler(runtime.db, runtime.engine, clock=clock).run_due() == 1
        await person.read()
        (days,) = await person.send(choice="rem:move")
        assert ids(days)[0].startswith("day:") and ids(days)[-1] == "bk:back"
        (times,) = await person.send(choice=ids(days)[0])
        await person.send(choice=ids(times)[0])
        await person.send(choice="book:yes")
        assert [b["status"] for b in await rows(runtime, "bookings")] == [
            "rescheduled", "booked"]
    finally:
        await runtime.close()


async def test_no_reminder_for_a_cancelled_booking(runtime: Runtime, clock: FakeClock) -> None:
    person = Person(runtime)
    await book(person, day=1)
    (booking,) = await rows(runtime, "bookings")
    await person.send(choice="menu:appointments")
    await person.send(choice=f"appt:{booking['id']}")
    await person.send(choice="appt:cancel")
    await person.send(choice="cancel:yes")
    clock.now = await booking_start(runtime) - timedelta(hours=1)
    assert await Scheduler(runtime.db, runtime.engine, clock=clock).run_due() == 0
    # Even a reminder event that slipped through says nothing for a cancelled booking.
    from flows.messages import Inbound

    await runtime.engine.handle(Inbound("console", person.external_id, "stray",
                                        system=f"reminder:{booking['id']}"))
    assert await person.read() == []
    assert reminders(person.seen) == []


async def test_reminders_due_during_downtime_are_sent_once_after_the_restart(
    settings: Settings, clock: FakeClock
) -> None:
    first = await build_runtime(settings, clock=clock)
    person = Person(first)
    await book(person, day=1)
    starts = await booking_start(first)
    await first.close()  # the bot is down while the 24-hour reminder falls due

    clock.now = starts - timedelta(hours=20)
    second = await build_runtime(settings, clock=clock)
    person.runtime = second
    scheduler = Scheduler(second.db, second.engine, clock=clock)
    assert await scheduler.run_due() == 1
    assert await scheduler.run_due() == 0
    assert len(reminders(await person.read())) == 1

    # A crash between handling the 2-hour reminder and marking its job done: the job is
    # handled again after the restart, and the engine's de-duplication drops it.
    clock.now = starts - timedelta(hours=1)
    async with second.db.reading() as conn:
        (job,) = await Repos(conn).jobs.due(clock.now)
    assert await second.engine.handle(Scheduler.event(job)) is Outcome.HANDLED
    assert len(reminders(await person.read())) == 1
    await second.close()

    third = await build_runtime(settings, clock=clock)
    person.runtime = third
    try:
        assert await Scheduler(third.db, third.engine, clock=clock).run_due() == 1
        assert await person.read() == []
        outcomes = [(j["kind"], j["outcome"]) for j in await rows(third, "jobs")]
        assert sorted(outcomes) == [("reminder", "duplicate"), ("reminder", "sent")]
        async with third.db.reading() as conn, conn.execute(
            "SELECT payload FROM outbox WHERE recipient = ?", (person.external_id,)
        ) as cursor:
            texts = [str(row[0]) for row in await cursor.fetchall()]
        assert sum(REMINDER in text for text in texts) == 2, "each reminder exactly once"
        assert await Scheduler(third.db, third.engine, clock=clock).run_due() == 0
    finally:
        await third.close()


async def test_after_a_long_downtime_only_the_latest_reminder_is_sent(
    settings: Settings, clock: FakeClock
) -> None:
    first = await build_runtime(settings, clock=clock)
    person = Person(first)
    await book(person, day=1)
    starts = await booking_start(first)
    await first.close()
    clock.now = starts - timedelta(hours=1)  # both reminders fell due meanwhile
    second = await build_runtime(settings, clock=clock)
    person.runtime = second
    try:
        assert await Scheduler(second.db, second.engine, clock=clock).run_due() == 2
        assert len(reminders(await person.read())) == 1
        outcomes = sorted(str(j["outcome"]) for j in await rows(second, "jobs"))
        assert outcomes == ["sent", "superseded"]
    finally:
        await second.close()


async def test_a_passed_consultation_gets_no_reminder(
    runtime: Runtime, clock: FakeClock
) -> None:
    person = Person(runtime)
    await book(person, day=1)
    clock.now = await booking_start(runtime) + timedelta(minutes=5)
    assert await Scheduler(runtime.db, runtime.engine, clock=clock).run_due() == 2
    assert await person.read() == []


async def test_the_loop_runs_until_stopped(runtime: Runtime, clock: FakeClock) -> None:
    person = Person(runtime)
    await book(person, day=1)
    clock.now = await booking_start(runtime) - timedelta(hours=3)
    scheduler = Scheduler(runtime.db, runtime.engine, clock=clock, interval=0.01)
    stop = asyncio.Event()
    task = asyncio.create_task(scheduler.run(stop))
    for _attempt in range(500):
        if scheduler.handled_count:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert scheduler.handled_count == 1
    assert len(reminders(await person.read())) == 1


async def test_a_reminder_does_not_interrupt_a_conversation_with_staff(
    runtime: Runtime, clock: FakeClock
) -> None:
    person = Person(runtime)
    await book(person, day=1)
    await person.send(choice="menu:human")  # talking to a person now
    clock.now = await booking_start(runtime) - timedelta(hours=23)
    assert await Scheduler(runtime.db, runtime.engine, clock=clock).run_due() == 1
    (reminder,) = await person.read()
    assert reminder.text.startswith(REMINDER) and reminder.choices == ()
    assert "“My appointments”" in reminder.text
    async with runtime.db.reading() as conn:
        session = await Repos(conn).sessions.load(1)
    assert session is not None and session.flow == "handoff", "still talking to staff"


async def test_a_reminder_whose_event_failed_entirely_is_tried_again_at_the_next_pass(
    runtime: Runtime, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = Person(runtime)
    await book(person, day=1)
    clock.now = await booking_start(runtime) - timedelta(hours=24)
    scheduler = Scheduler(runtime.db, runtime.engine, clock=clock)

    def broken(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("the database is full")

    monkeypatch.setattr(router, "dispatch", broken)  # the step fails...
    monkeypatch.setattr(router, "current_prompt", broken)  # ...and so does the apology
    assert await scheduler.run_due() == 0
    assert await person.read() == []
    monkeypatch.undo()
    assert await scheduler.run_due() == 1
    assert len(reminders(await person.read())) == 1
    outcomes = [j["outcome"] for j in await rows(runtime, "jobs") if j["done_at"]]
    assert outcomes == ["sent"]
