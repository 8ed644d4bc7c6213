"""A database after months of use: the queries every update runs find their rows through
an index instead of reading whole tables, so an update costs the same with 100 people
or 100,000 (bench/engine.py measures that; here SQLite's own query plan is checked)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage.db import Database
from storage.repositories import Repos
from storage.seed import History, query_plan, seed_history

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HISTORY = History(people=2000, open_tickets=200, bookings=1000,
                  consultants=["nino", "giorgi"], services=["parenting", "trauma"],
                  centre="tbilisi", timezone="Asia/Tbilisi",
                  queues=["general", "enquiries", "bookings", "family_support"])


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = await Database.open(tmp_path / "carebot.db")
    async with database.transaction() as conn:
        await seed_history(conn, HISTORY, NOW)
    yield database  # type: ignore[misc]
    await database.close()


async def count(db: Database, table: str, where: str = "") -> int:
    async with db.reading() as conn, conn.execute(
        f"SELECT COUNT(*) FROM {table} {where}"
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def plans_of(db: Database, call: Callable[[Repos], Awaitable[object]]) -> list[str]:
    """Run one repository call, and return the query plan of each statement it ran."""
    statements: list[str] = []
    async with db.reading() as conn:
        await conn.set_trace_callback(statements.append)
        try:
            await call(Repos(conn))
        finally:
            await conn.set_trace_callback(None)
        assert statements, "the call ran no SQL"
        return [line for statement in statements
                for line in await query_plan(conn, statement, ())]


SQLITE_PLANS = pytest.mark.sqlite_only(reason="reads SQLite's EXPLAIN QUERY PLAN")


async def test_the_seeded_history_has_the_sizes_asked_for(db: Database) -> None:
    assert await count(db, "people") == 2000
    assert await count(db, "sessions") == 2000
    assert await count(db, "tickets", "WHERE status = 'open'") == 200
    assert await count(db, "bookings") == 1000
    assert await count(db, "outbox", "WHERE status = 'pending'") == 0


@SQLITE_PLANS
async def test_a_persons_open_conversation_is_found_through_their_own_tickets(
    db: Database,
) -> None:
    plan = await plans_of(db, lambda r: r.tickets.open_handoff(1500))
    assert any("INDEX tickets_by_person" in line for line in plan), plan


@SQLITE_PLANS
async def test_the_place_in_the_queue_is_counted_from_an_index_alone(db: Database) -> None:
    async def place(repos: Repos) -> int:
        ticket = await repos.tickets.get(150)
        assert ticket is not None
        return await repos.tickets.place_in_queue(ticket)

    plan = await plans_of(db, place)
    assert any("COVERING INDEX tickets_unanswered" in line for line in plan), plan


@SQLITE_PLANS
async def test_the_sla_check_reads_only_tickets_not_announced_yet(db: Database) -> None:
    plan = await plans_of(db, lambda r: r.tickets.breaching_sla("general", NOW))
    assert any("tickets_sla" in line and "sla_breached_at=?" in line for line in plan), plan


@SQLITE_PLANS
async def test_free_times_read_only_live_bookings_that_end_after_the_days_shown(
    db: Database,
) -> None:
    plan = await plans_of(db, lambda r: r.bookings.busy(
        NOW - timedelta(days=1), NOW + timedelta(days=14), ["nino", "giorgi"]))
    assert any("bookings_live_by_end (consultant=? AND ends_at>?)" in line
               for line in plan), plan


@SQLITE_PLANS
async def test_each_update_finds_the_person_session_and_delivery_by_key(db: Database) -> None:
    async def per_update(repos: Repos) -> None:
        person = await repos.people.find("seed", "seed-1999")
        assert person is not None
        await repos.sessions.load(person.id)
        await repos.outbox.due("seed", NOW)

    plan = await plans_of(db, per_update)
    scans = [line for line in plan if line.startswith("SCAN ")
             and not line.startswith(("SCAN h", "SCAN CONSTANT"))]
    assert not scans, plan
