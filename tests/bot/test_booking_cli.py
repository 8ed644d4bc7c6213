"""``carebot bookings list --date DATE [--centre ID]``: one day's consultations for staff."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.booking_list import list_bookings
from bot.config import Settings
from bot.i18n import Renderer, load_catalogs
from bot.runtime import build_runtime
from flows.text import _
from storage.repositories import Repos
from storage.times import from_db
from tests.cli import carebot
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import book, local_phone, rows

WEDNESDAY = "2026-11-25"
RENDERER = Renderer(load_catalogs(), fallback="en")


def staff_word(lang: str, msgid: str) -> str:
    return RENDERER.text(_(msgid), lang)


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
    assert lines[0].split() == ["id", "date", "time", "centre", "mode", "consultant", "topic",
                                "for", "name", "phone", "language", "status"]
    body = lines[1:]
    assert len(body) == 2 and "bookings on 2026-11-25: 2" in result.stderr
    assert "2026-11-25  13:00-13:50" in body[0] and "2026-11-25  14:00-14:50" in body[1]
    # Topic, centre, mode, for whom and status are in the staff language (Georgian in the
    # demo), not the stored ids.
    ka = "ka"
    assert all(staff_word(ka, "booked") in line and staff_word(ka, "In person at a centre")
               in line and staff_word(ka, "the person themselves") in line for line in body)
    assert not any(word in result.stdout for word in ("in_person", "self", " booked"))
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
        assert staff_word("ka", "cancelled") in out.getvalue()
        assert count == 3 + (day == date.fromisoformat(WEDNESDAY))
    finally:
        await runtime.close()


async def test_without_a_date_the_coming_week_is_listed_with_the_persons_name(
    settings: Settings, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    runtime = await build_runtime(settings, clock=FakeClock(now))
    try:
        named, unnamed = Person(runtime, "named"), Person(runtime, "unnamed")
        await book(named, centre="centre:tbilisi")
        await book(unnamed, mode="phone", phone=local_phone(runtime.profile))
        async with runtime.db.transaction() as conn:
            repos = Repos(conn)
            person = await repos.people.find("console", "named")
            assert person is not None
            await repos.enquiries.create(
                person_id=person.id, agency_id="demo-ge", channel="console", locale="en",
                source=None, consent_id=None, name="Tamta Lomidze", phone="+995555123456",
                answers={}, to_discuss=[], now=now)
        starts = [from_db(str(b["starts_at"])) for b in await rows(runtime, "bookings")]
    finally:
        await runtime.close()
    assert all(s - now < timedelta(days=6) for s in starts), "the first free times are soon"
    result = carebot("bookings", "list", cwd=tmp_path, DATABASE_URL=settings.database_url)
    assert result.returncode == 0, result.stderr
    today = now.date()
    assert (f"bookings from {today} to {today + timedelta(days=6)}: 2"
            in result.stderr), result.stderr
    body = result.stdout.splitlines()[1:]
    assert len(body) == 2
    by_phone = next(line for line in body if staff_word("ka", "By phone") in line)
    in_person = next(line for line in body if line is not by_phone)
    assert "Tamta Lomidze" in in_person and "Tamta" not in by_phone and "  -  " in by_phone
    later = carebot("bookings", "list", "--date", str(today + timedelta(days=8)),
                    cwd=tmp_path, DATABASE_URL=settings.database_url)
    assert later.returncode == 0 and later.stdout.count("\n") == 1, "only the header"
