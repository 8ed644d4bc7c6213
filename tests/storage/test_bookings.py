"""Bookings, the waiting list and jobs in the database: the double-booking guard, the
queries the flow and the CLI use, and what a person's erasure leaves behind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage.bookings import NewBooking, SlotTaken
from storage.db import Database
from storage.repositories import Repos

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "carebot.db")
    yield database
    await database.close()


def new(person_id: int, *, consultant: str = "nino", start: datetime = START,
        **changes: object) -> NewBooking:
    fields: dict[str, object] = dict(
        person_id=person_id, channel="telegram", service="parenting", centre="tbilisi",
        mode="in_person", consultant=consultant, starts_at=start,
        ends_at=start + timedelta(minutes=50), timezone="Asia/Tbilisi", for_whom="self",
        child_consent=False, phone=None, locale="en",
    )
    fields.update(changes)
    return NewBooking(**fields)  # type: ignore[arg-type]


async def person(repos: Repos, external_id: str = "1") -> int:
    return (await repos.people.create("telegram", external_id, "en", NOW, None)).id


async def test_one_live_booking_per_consultant_and_start(db: Database) -> None:
    async with db.transaction() as conn:
        repos = Repos(conn)
        alice, bob = await person(repos, "a"), await person(repos, "b")
        first = await repos.bookings.create(new(alice), NOW)
        with pytest.raises(SlotTaken):
            await repos.bookings.create(new(bob), NOW)
        # The transaction goes on after the refused insert.
        other = await repos.bookings.create(new(bob, consultant="tamar"), NOW)
        await repos.bookings.set_status(first, "cancelled", NOW)
        again = await repos.bookings.create(new(bob), NOW)
    async with db.reading() as conn:
        bookings = Repos(conn).bookings
        statuses = [(b.id, b.status) for b in await bookings.between(
            NOW, NOW + timedelta(days=3), statuses=("booked", "cancelled"))]
    assert statuses == [(first, "cancelled"), (other, "booked"), (again, "booked")]


async def test_other_constraint_failures_are_not_mistaken_for_a_taken_slot(db: Database) -> None:
    import sqlite3

    async with db.transaction() as conn:
        repos = Repos(conn)
        alice = await person(repos)
        with pytest.raises(sqlite3.IntegrityError):
            await repos.bookings.create(new(alice, mode="carrier pigeon"), NOW)


async def test_busy_upcoming_and_between(db: Database) -> None:
    async with db.transaction() as conn:
        repos = Repos(conn)
        alice = await person(repos)
        past = await repos.bookings.create(new(alice, start=NOW - timedelta(days=1)), NOW)
        soon = await repos.bookings.create(new(alice), NOW)
        later = await repos.bookings.create(new(alice, consultant="tamar",
                                                start=START + timedelta(days=2)), NOW)
        busy = await repos.bookings.busy(START - timedelta(minutes=30),
                                         START + timedelta(minutes=10))
        assert [b.id for b in busy] == [soon]
        assert [b.id for b in await repos.bookings.busy(NOW, START + timedelta(days=5),
                                                         ["tamar"])] == [later]
        assert [b.id for b in await repos.bookings.upcoming_for(alice, NOW)] == [soon, later]
        await repos.bookings.set_status(later, "cancelled", NOW)
        assert [b.id for b in await repos.bookings.upcoming_for(alice, NOW)] == [soon]
        day = await repos.bookings.between(START - timedelta(hours=9), START + timedelta(hours=15),
                                           centre="tbilisi")
        assert [b.id for b in day] == [soon]
        assert past != soon


async def test_the_latest_phone_is_remembered(db: Database) -> None:
    async with db.transaction() as conn:
        repos = Repos(conn)
        alice = await person(repos)
        assert await repos.bookings.latest_phone(alice) is None
        await repos.bookings.create(new(alice, phone="+995555000001"), NOW)
        await repos.bookings.create(new(alice, consultant="tamar", phone="+995555000002"), NOW)
        assert await repos.bookings.latest_phone(alice) == "+995555000002"


async def test_jobs_fall_due_once_with_where_they_go(db: Database) -> None:
    async with db.transaction() as conn:
        repos = Repos(conn)
        alice = await person(repos)
        booking = await repos.bookings.create(new(alice), NOW)
        late = await repos.jobs.add(kind="reminder", payload=str(booking), person_id=alice,
                                    booking_id=booking, due_at=START - timedelta(hours=2),
                                    now=NOW)
        early = await repos.jobs.add(kind="reminder", payload=str(booking), person_id=alice,
                                     booking_id=booking, due_at=START - timedelta(hours=24),
                                     now=NOW)
    async with db.transaction() as conn:
        jobs = Repos(conn).jobs
        assert await jobs.due(NOW) == []
        (due,) = await jobs.due(START - timedelta(hours=3))
        assert (due.id, due.system, due.channel, due.external_id) == (
            early, f"reminder:{booking}", "telegram", "1")
        assert [j.id for j in await jobs.due(START)] == [early, late]
        await jobs.mark_done(early, START, "sent")
        await jobs.mark_done(early, START, "duplicate")  # the first outcome stays
        assert [j.id for j in await jobs.due(START)] == [late]
        assert await jobs.cancel_for_booking(booking, START) == 1
        assert await jobs.due(START) == []
    async with db.reading() as conn, conn.execute(
        "SELECT id, outcome FROM jobs ORDER BY id") as cursor:
        assert [tuple(row) for row in await cursor.fetchall()] == [
            (late, "cancelled"), (early, "sent")]


async def test_the_waiting_list_is_first_come_first_served(db: Database) -> None:
    async with db.transaction() as conn:
        repos = Repos(conn)
        ids = []
        for external_id, centre in [("a", "tbilisi"), ("b", None), ("c", "tbilisi")]:
            ids.append(await repos.waiting_list.join(
                person_id=await person(repos, external_id), service="parenting",
                centre=centre, mode="in_person" if centre else "phone", for_whom="self",
                child_consent=False, locale="en", now=NOW))
        assert [w.id for w in await repos.waiting_list.queue("parenting", "tbilisi")] == [
            ids[0], ids[2]]
        assert [w.id for w in await repos.waiting_list.queue("parenting", None)] == [ids[1]]
        await repos.waiting_list.offer(ids[0], "nino", START, NOW)
        assert [w.id for w in await repos.waiting_list.queue("parenting", "tbilisi")] == [
            ids[2]]
        offered = await repos.waiting_list.get(ids[0])
        assert offered is not None and (offered.status, offered.offer_starts_at) == (
            "offered", START)


async def test_forgetting_a_person_keeps_bookings_and_removes_the_rest(db: Database) -> None:
    async with db.transaction() as conn:
        repos = Repos(conn)
        alice = await person(repos)
        booking = await repos.bookings.create(new(alice), NOW)
        await repos.jobs.add(kind="reminder", payload=str(booking), person_id=alice,
                             booking_id=booking, due_at=START - timedelta(hours=2), now=NOW)
        await repos.waiting_list.join(person_id=alice, service="crisis", centre=None,
                                      mode="phone", for_whom="family", child_consent=False,
                                      locale="en", now=NOW)
        await repos.people.forget(alice)
    async with db.reading() as conn:
        repos = Repos(conn)
        kept = await repos.bookings.get(booking)
        assert kept is not None and kept.person_id is None and kept.status == "booked"
        for table in ("jobs", "waiting_list"):
            async with conn.execute(f"SELECT COUNT(*) FROM {table}") as cursor:
                row = await cursor.fetchone()
                assert row is not None and row[0] == 0, table
