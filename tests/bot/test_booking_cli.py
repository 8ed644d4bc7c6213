"""``carebot bookings list --date DATE [--centre ID]``: one day's consultations for staff."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from bot.booking_list import list_bookings
from bot.config import Settings
from bot.runtime import build_runtime
from tests.bot.test_cli import carebot
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import book, local_phone, rows

WEDNESDAY = "2026-11-25"


async def make_bookings(settings: Settings, clock: FakeClock) -> None:
    runtime = await build_runtime(settings, clock=clock)
    try:
        await book(Person(runtime, "a"), centre="centre:tbilisi")  # Wed 13:00, Tbilisi
        await book(Person(runtime, "b"), centre="centre:tbilisi")  # Wed 14:00
        await book(Person(runtime, "c"), mode="phone", phone=local_phone(runtime.profile))
        cancelled = Person(runtime, "d")
        await book(cancelled, centre="centre:tbilisi")  # Wed 15:00, then cancelled
        booking = (await rows(runtime, "bookings"))[-1]
        await cancelled.send(choice="menu:appointments")
        await cancelled.send(choice=f"appt:{booking['id']}")
        await cancelled.send(choice="appt:cancel")
        await cancelled.send(choice="cancel:yes")
    finally:
        await runtime.close()


async def test_bookings_list_prints_the_days_consultations(
    settings: Settings, clock: FakeClock, tmp_path: Path
) -> None:
    await make_bookings(settings, clock)
    url = settings.database_url
    result = carebot("bookings", "list", "--date", WEDNESDAY, cwd=tmp_path, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "time", "centre", "mode", "consultant", "topic", "for",
                                "phone", "language", "status"]
    body = lines[1:]
    assert len(body) == 2 and "bookings on 2026-11-25: 2" in result.stderr
    assert "13:00-13:50" in body[0] and "14:00-14:50" in body[1]
    assert all("booked" in line and "in_person" in line for line in body)
    # Topic and centre are in the staff language (Georgian in the demo).
    assert "თბილისის ცენტრი" in body[0] and "მშობლისა და ბავშვის ურთიერთობა" in body[0]

    tbilisi = carebot("bookings", "list", "--date", WEDNESDAY, "--centre", "tbilisi",
                      cwd=tmp_path, DATABASE_URL=url)
    assert tbilisi.stdout == result.stdout
    kutaisi = carebot("bookings", "list", "--date", WEDNESDAY, "--centre", "kutaisi",
                      cwd=tmp_path, DATABASE_URL=url)
    assert kutaisi.returncode == 0 and len(kutaisi.stdout.splitlines()) == 1
    unknown = carebot("bookings", "list", "--date", WEDNESDAY, "--centre", "paris",
                      cwd=tmp_path, DATABASE_URL=url)
    assert unknown.returncode == 2 and "unknown centre 'paris'" in unknown.stderr
    bad_date = carebot("bookings", "list", "--date", "next wednesday", cwd=tmp_path,
                       DATABASE_URL=url)
    assert bad_date.returncode == 2 and "is not a date" in bad_date.stderr


async def test_remote_consultations_and_every_status(
    settings: Settings, clock: FakeClock
) -> None:
    await make_bookings(settings, clock)
    runtime = await build_runtime(settings, clock=clock)
    try:
        phone_booking = next(b for b in await rows(runtime, "bookings") if b["mode"] == "phone")
        from storage.times import from_db

        day = from_db(str(phone_booking["starts_at"])).date()
        out = io.StringIO()
        count = await list_bookings(runtime.db, runtime.profile, runtime.renderer, day, out,
                                    centre="remote")
        assert count == 1 and "+995555123456" in out.getvalue() and "remote" in out.getvalue()
        out = io.StringIO()
        count = await list_bookings(runtime.db, runtime.profile, runtime.renderer,
                                    date.fromisoformat(WEDNESDAY), out, every_status=True)
        assert "cancelled" in out.getvalue()
        assert count == 3 + (day == date.fromisoformat(WEDNESDAY))
    finally:
        await runtime.close()
