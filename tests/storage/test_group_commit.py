"""Group commit on SQLite: transactions queued at the same time share one COMMIT, each
still all-or-nothing, and none returns before the COMMIT that holds it."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.db import Database
from storage.repositories import Repos

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.sqlite_only(reason="group commit is SQLite's")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "carebot.db")
    yield database
    await database.close()


def on_disk(db: Database) -> set[str]:
    """Who another process (the CLI) sees in the file: only what was committed."""
    other = sqlite3.connect(db.path)
    try:
        return {row[0] for row in other.execute("SELECT external_id FROM people")}
    finally:
        other.close()


class Boom(Exception):
    pass


async def write_person(db: Database, who: str, *, hold: asyncio.Event | None = None,
                       inside: asyncio.Event | None = None, fail: bool = False) -> str:
    async with db.transaction() as conn:
        repos = Repos(conn)
        person = await repos.people.create("telegram", who, "en", NOW, None)
        await repos.outbox.add(person_id=person.id, channel="telegram", recipient=who,
                               payload=f"hello {who}", now=NOW)
        if inside is not None:
            inside.set()
        if hold is not None:
            await hold.wait()
        if fail:
            raise Boom(who)
    return who


async def queued(db: Database, count: int) -> None:
    """Until ``count`` transactions wait for the connection."""
    for _ in range(200):
        if db._queued >= count:
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"{db._queued} transactions queued, not {count}")


async def test_three_at_once_one_failing_the_other_two_commit_together(db: Database) -> None:
    inside, hold = asyncio.Event(), asyncio.Event()
    nino = asyncio.create_task(write_person(db, "nino", hold=hold, inside=inside))
    await inside.wait()
    olena = asyncio.create_task(write_person(db, "olena", fail=True))
    jonas = asyncio.create_task(write_person(db, "jonas"))
    await queued(db, 2)
    commits = db.commits
    hold.set()
    results = await asyncio.gather(nino, olena, jonas, return_exceptions=True)
    assert results[0] == "nino" and results[2] == "jonas"
    assert isinstance(results[1], Boom)
    assert on_disk(db) == {"nino", "jonas"}, "the failed one left nothing, the others stay"
    assert db.commits == commits + 1, "the two were committed in one COMMIT"
    async with db.reading() as conn, conn.execute("SELECT recipient FROM outbox") as cur:
        assert sorted(row[0] for row in await cur.fetchall()) == ["jonas", "nino"]


async def test_a_transaction_returns_only_once_its_group_is_committed(db: Database) -> None:
    first_in, first_hold = asyncio.Event(), asyncio.Event()
    second_in, second_hold = asyncio.Event(), asyncio.Event()
    nino = asyncio.create_task(write_person(db, "nino", hold=first_hold, inside=first_in))
    await first_in.wait()
    olena = asyncio.create_task(write_person(db, "olena", hold=second_hold,
                                             inside=second_in))
    await queued(db, 1)
    first_hold.set()
    # Nino's transaction is done, but Olena's was queued behind it: they share a COMMIT.
    await second_in.wait()
    await asyncio.sleep(0.05)
    assert not nino.done(), "not returned: its work is not committed yet"
    assert on_disk(db) == set()
    second_hold.set()
    assert await asyncio.gather(nino, olena) == ["nino", "olena"]
    assert on_disk(db) == {"nino", "olena"}


async def test_when_the_shared_commit_fails_every_member_fails_and_nothing_stays(
        db: Database) -> None:
    inside, hold = asyncio.Event(), asyncio.Event()
    nino = asyncio.create_task(write_person(db, "nino", hold=hold, inside=inside))
    await inside.wait()

    async def breaks_at_commit() -> None:
        # A foreign key checked only at COMMIT: the COMMIT itself fails.
        async with db.transaction() as conn:
            await conn.execute("PRAGMA defer_foreign_keys = ON")
            await conn.execute(
                "INSERT INTO sessions (person_id, flow, step, data, updated_at, expires_at)"
                " VALUES (999999, 'menu', 'main', '{}', '', '')")

    broken = asyncio.create_task(breaks_at_commit())
    await queued(db, 1)
    hold.set()
    results = await asyncio.gather(nino, broken, return_exceptions=True)
    assert all(isinstance(result, sqlite3.Error) for result in results), results
    assert on_disk(db) == set()
    assert db.last_write_failure is None or "FOREIGN KEY" in db.last_write_failure.reason
    assert await write_person(db, "jonas") == "jonas", "the next write works again"
    assert on_disk(db) == {"jonas"}


async def test_a_read_sees_what_was_queued_before_it(db: Database) -> None:
    inside, hold = asyncio.Event(), asyncio.Event()
    nino = asyncio.create_task(write_person(db, "nino", hold=hold, inside=inside))
    await inside.wait()
    olena = asyncio.create_task(write_person(db, "olena"))
    await queued(db, 1)
    hold.set()
    async with db.reading() as conn, conn.execute("SELECT COUNT(*) FROM people") as cur:
        row = await cur.fetchone()
    assert row is not None and row[0] == 2
    assert await asyncio.gather(nino, olena) == ["nino", "olena"]
