"""Booking across a daylight-saving change: the times a person sees, the booking and its
calendar file keep the centre's wall-clock time on both sides of the change."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.config import Settings
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import ids_with, rows, runtime_for, to_days

CASES = [
    # Poland leaves summer time on Sunday 25 October 2026; Lithuania starts it on
    # Sunday 28 March 2027.
    pytest.param("pl", "pl", datetime(2026, 10, 19, 6, 0, tzinfo=UTC), "krakow",
                 ("2026-10-21", "2026-10-28"), "Europe/Warsaw", id="warsaw-autumn"),
    pytest.param("lt", "lt", datetime(2027, 3, 22, 6, 0, tzinfo=UTC), "vilnius",
                 ("2027-03-23", "2027-03-30"), "Europe/Vilnius", id="vilnius-spring"),
]


@pytest.mark.parametrize(("profile", "lang", "now", "centre", "days", "tz"), CASES)
async def test_times_keep_their_local_wall_clock_across_the_change(
    settings: Settings, clock: FakeClock, profile: str, lang: str, now: datetime,
    centre: str, days: tuple[str, str], tz: str,
) -> None:
    clock.now = now
    runtime = await runtime_for(settings, clock, profile)
    try:
        before_change, after_change = days
        person = Person(runtime, language_hint=lang)
        shown = await to_days(person, service="svc:parenting", centre=f"centre:{centre}")
        assert {f"day:{before_change}", f"day:{after_change}"} <= set(ids_with(shown, "day:"))
        (before,) = await person.send(choice=f"day:{before_change}")
        await person.send(choice="bk:back")
        (after,) = await person.send(choice=f"day:{after_change}")
        labels_before = [c.label for c in before.choices if c.id.wire.startswith("time:")]
        labels_after = [c.label for c in after.choices if c.id.wire.startswith("time:")]
        assert labels_before == labels_after, "the same local times on both sides"
        # ... which are different moments in UTC: the offset changed by an hour.
        utc_before = ids_with(before, "time:")[0].removeprefix("time:")
        utc_after = ids_with(after, "time:")[0].removeprefix("time:")
        assert utc_before[-4:] != utc_after[-4:]

        await person.send(choice=ids_with(after, "time:")[0])
        booked, _menu = await person.send(choice="book:yes")
        (booking,) = await rows(runtime, "bookings")
        local_start = datetime.fromisoformat(str(booking["starts_at"])).astimezone(ZoneInfo(tz))
        assert local_start.strftime("%H:%M") == labels_after[0]
        assert booking["timezone"] == tz
        assert booked.file is not None
        (event,) = Calendar.from_ical(booked.file.body).walk("VEVENT")
        start = event.decoded("dtstart")
        assert event["dtstart"].params["TZID"] == tz
        assert (start.time(), start.utcoffset()) == (local_start.time(), local_start.utcoffset())
        assert start.time() == time.fromisoformat(labels_after[0])
        # Reminders are hours before the consultation in real time.
        jobs = await rows(runtime, "jobs")
        assert sorted(datetime.fromisoformat(str(j["due_at"])) for j in jobs) == sorted(
            local_start.astimezone(UTC) - timedelta(hours=h)
            for h in runtime.profile.booking.reminder_hours)
    finally:
        await runtime.close()
