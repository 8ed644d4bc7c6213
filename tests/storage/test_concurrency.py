"""Two connections at once, as two worker processes would hold them: write transactions
take turns (the last slot is booked once), and claims made at the same moment get
different rows on PostgreSQL (``FOR UPDATE SKIP LOCKED``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage.bookings import NewBooking, SlotTaken
from storage.db import Database
from storage.repositories import Repos

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SLOT = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture
async def two(tmp_path: Path) -> AsyncIterator[tuple[Database, Database]]:
    first = await Database.open(tmp_path / "shared.db")
    second = await Database.open(tmp_path / "shared.db")
    yield first, second
    await first.close()
    await second.close()


def booking(person_id: int) -> NewBooking:
    return NewBooking(person_id=person_id, channel="telegram", service="parenting",
                      centre="tbilisi", mode="in_person", consultant="nino", starts_at=SLOT,
                      ends_at=SLOT + timedelta(hours=1), timezone="Asia/Tbilisi",
                      for_whom="self", child_consent=False, phone=None, locale="en")


async def book_if_free(db: Database, external_id: str, entered: asyncio.Event,
                       hold: asyncio.Event | None = None) -> str:
    async with db.transaction() as conn:
        entered.set()
        repos = Repos(conn)
        person = await repos.people.create("telegram", external_id, "en", NOW, None)
        if await repos.bookings.busy(SLOT, SLOT + timedelta(hours=1), ["nino"]):
            return "the slot was taken"
        if hold is not None:
            await hold.wait()
        try:
            await repos.bookings.create(booking(person.id), NOW)
        except SlotTaken:
            return "clash"
        return "booked"


async def test_two_people_racing_for_the_last_slot_get_one_booking(
        two: tuple[Database, Database]) -> None:
    first, second = two
    first_in, second_in, release = asyncio.Event(), asyncio.Event(), asyncio.Event()
    alice = asyncio.create_task(book_if_free(first, "alice", first_in, hold=release))
    await first_in.wait()
    bob = asyncio.create_task(book_if_free(second, "bob", second_in))
    await asyncio.sleep(0.3)
    assert not second_in.is_set(), "a second write transaction began beside the first"
    release.set()
    assert await alice == "booked"
    assert await bob == "the slot was taken"
    async with first.reading() as conn:
        assert len(await Repos(conn).bookings.busy(SLOT, SLOT + timedelta(hours=1))) == 1


async def test_two_claimers_at_the_same_moment_get_different_rows(
        two: tuple[Database, Database]) -> None:
    first, second = two
    async with first.transaction() as conn:
        repos = Repos(conn)
        for n in range(6):
            person = await repos.people.create("telegram", f"chat-{n}", "en", NOW, None)
            await repos.outbox.add(person_id=person.id, channel="telegram",
                                   recipient=f"chat-{n}", payload={"text": "hello"}, now=NOW)
            await repos.jobs.add(kind="reminder", payload=str(n), due_at=NOW, now=NOW,
                                 person_id=person.id)
    if first.dialect == "sqlite":
        pytest.skip("SQLite: one writer at a time, the second claimer waits (test above)")
    async with first.transaction(exclusive=False) as one:
        mine = await Repos(one).outbox.due("telegram", NOW, limit=4)
        my_jobs = await Repos(one).jobs.due(NOW, limit=4)
        async with second.transaction(exclusive=False) as other:
            theirs = await Repos(other).outbox.due("telegram", NOW, limit=4)
            their_jobs = await Repos(other).jobs.due(NOW, limit=4)
    assert [row.recipient for row in mine] == ["chat-0", "chat-1", "chat-2", "chat-3"]
    assert [row.recipient for row in theirs] == ["chat-4", "chat-5"]
    assert [job.payload for job in my_jobs] == ["0", "1", "2", "3"]
    assert [job.payload for job in their_jobs] == ["4", "5"]
