"""The database file: pragmas, migrations, de-duplication and the outbox's order."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage.db import Database, available_migrations
from storage.repositories import Repos

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = await Database.open(tmp_path / "carebot.db")
    yield database  # type: ignore[misc]
    await database.close()


async def _pragma(db: Database, name: str) -> object:
    async with db.reading() as conn, conn.execute(f"PRAGMA {name}") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return row[0]


@pytest.mark.sqlite_only(reason="SQLite's pragmas")
async def test_opens_in_wal_mode_with_foreign_keys_and_a_busy_timeout(db: Database) -> None:
    assert await _pragma(db, "journal_mode") == "wal"
    assert await _pragma(db, "foreign_keys") == 1
    # Statements run on the event loop never wait there: a locked database is waited
    # for (up to 5 s) in a worker thread instead.
    assert await _pragma(db, "busy_timeout") == 0
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process (the CLI) holds the write lock
    asyncio.get_running_loop().call_later(0.3, other.execute, "COMMIT")
    async with db.transaction() as conn:
        await conn.execute("UPDATE people SET locale = 'en' WHERE id = 0")
    other.close()
    assert db.last_write_failure is None


async def test_migrations_set_user_version_and_run_only_once(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    first = await Database.open(path, migrate=False)
    assert await first.schema_version() == 0
    applied = await first.migrate()
    latest = available_migrations()[-1][0]
    assert applied == [number for number, _ in available_migrations()]
    assert await first.schema_version() == latest
    await first.close()
    second = await Database.open(path)
    assert await second.migrate() == []
    await second.close()


async def test_a_failed_transaction_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await Repos(conn).people.create("console", "x", "en", NOW, None)
            raise RuntimeError("boom")
    async with db.reading() as conn:
        assert await Repos(conn).people.find("console", "x") is None


async def test_a_delivery_id_is_claimed_once(db: Database) -> None:
    async with db.transaction() as conn:
        deliveries = Repos(conn).deliveries
        assert await deliveries.claim("telegram", "42", NOW)
        assert not await deliveries.claim("telegram", "42", NOW)
        assert await deliveries.claim("viber", "42", NOW), "ids are per channel"


async def test_outbox_offers_only_each_recipients_oldest_pending_row(db: Database) -> None:
    async with db.transaction() as conn:
        repos = Repos(conn)
        alice = await repos.people.create("telegram", "1", "en", NOW, None)
        bob = await repos.people.create("telegram", "2", "en", NOW, None)
        for person, text in [(alice, "a1"), (bob, "b1"), (alice, "a2")]:
            await repos.outbox.add(
                person_id=person.id, channel="telegram", recipient=person.external_id,
                payload={"text": text}, now=NOW,
            )
    async with db.transaction() as conn:
        outbox = Repos(conn).outbox
        due = await outbox.due("telegram", NOW)
        assert [row.payload["text"] for row in due] == ["a1", "b1"]
        await outbox.retry_later(due[0].id, NOW + timedelta(seconds=30), "429")
        # a1 waits for its retry, and a2 must wait behind it to keep the order.
        assert [row.payload["text"] for row in await outbox.due("telegram", NOW)] == ["b1"]
        later = await outbox.due("telegram", NOW + timedelta(seconds=31))
        assert [row.payload["text"] for row in later] == ["a1", "b1"]


async def test_nothing_is_offered_for_a_person_who_blocked_the_bot(db: Database) -> None:
    async with db.transaction() as conn:
        repos = Repos(conn)
        person = await repos.people.create("telegram", "1", "en", NOW, None)
        await repos.outbox.add(person_id=person.id, channel="telegram", recipient="1",
                               payload={"text": "hi"}, now=NOW)
        await repos.people.mark_blocked(person.id, NOW)
        assert await repos.outbox.due("telegram", NOW) == []
        await repos.people.touch(person.id, NOW)  # they wrote again
        assert len(await repos.outbox.due("telegram", NOW)) == 1
