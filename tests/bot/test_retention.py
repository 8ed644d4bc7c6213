"""The retention rule with a fixed clock: a person last seen 366 days ago is erased, one
seen 364 days ago is not; closed tickets and sent messages' records go after their own,
shorter limits; ``--dry-run`` counts and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.retention import purge
from bot.runtime import Runtime
from bot.scheduler import Scheduler
from tests.cli import carebot
from tests.conftest import START, FakeClock, Person

TABLES = ("people", "sessions", "tickets", "ticket_events", "outbox", "erasures",
          "processed_deliveries", "consents")


async def snapshot(runtime: Runtime) -> dict[str, list[tuple[object, ...]]]:
    found = {}
    async with runtime.db.reading() as conn:
        for table in TABLES:
            async with conn.execute(f"SELECT * FROM {table} ORDER BY 1") as cursor:
                found[table] = [tuple(row) for row in await cursor.fetchall()]
    return found


async def people_then(runtime: Runtime, clock: FakeClock) -> tuple[Person, Person]:
    old, recent = Person(runtime, "old-timer"), Person(runtime, "recent")
    clock.now = START - timedelta(days=366)
    await old.send("/start")
    clock.now = START - timedelta(days=364)
    await recent.send("/start")
    await recent.press("Talk to a person")
    # Nobody answered yet, so ending withdraws the request (no rating): a closed ticket,
    # 364 days old.
    await recent.press("End the conversation")
    clock.now = START
    return old, recent


async def test_dry_run_counts_and_changes_nothing(
    runtime: Runtime, clock: FakeClock, tmp_path: Path
) -> None:
    await people_then(runtime, clock)
    before = await snapshot(runtime)
    counts = await purge(runtime.engine, dry_run=True)
    assert counts["people"] == 1 and counts["closed_tickets"] == 1
    assert counts["outbox_rows"] > 0 and counts["delivery_records"] > 0
    assert await snapshot(runtime) == before
    result = carebot("privacy", "purge", "--as-of", START.date().isoformat(), "--dry-run",
                     cwd=tmp_path, DATABASE_URL=runtime.settings.database_url)
    assert result.returncode == 0, result.stderr
    assert "retention as of 2026-11-23 (would delete):" in result.stdout
    assert "  people: 1\n" in result.stdout and "  closed_tickets: 1\n" in result.stdout
    assert "old-timer" not in result.stdout + result.stderr
    assert await snapshot(runtime) == before
    a_day_earlier = carebot("privacy", "purge", "--as-of", "2026-11-21", "--dry-run",
                            cwd=tmp_path, DATABASE_URL=runtime.settings.database_url)
    assert "  people: 0\n" in a_day_earlier.stdout, "366 days old only from the 23rd"


async def test_366_days_is_erased_and_364_is_kept(runtime: Runtime, clock: FakeClock) -> None:
    old, recent = await people_then(runtime, clock)
    counts = await purge(runtime.engine)
    assert counts["people"] == 1
    after = await snapshot(runtime)
    assert [row[2] for row in after["people"]] == ["recent"]
    assert [row[3] for row in after["erasures"]] == ["retention"]
    assert after["tickets"] == [] and after["ticket_events"] == []
    assert after["outbox"] == [], "sent rows older than outbox_text_days are gone"
    assert await old.read() == [], "retention erases quietly"
    # A second pass finds nothing more.
    assert set((await purge(runtime.engine, dry_run=True)).values()) == {0}
    # The erased person, writing again, is somebody new.
    (greeting,) = await old.send("hello")
    assert greeting.text.startswith("Hello!")
    assert recent.external_id == "recent"


async def test_the_scheduler_applies_the_rule_once_a_day(
    runtime: Runtime, clock: FakeClock
) -> None:
    await people_then(runtime, clock)
    scheduler = Scheduler(runtime.db, runtime.engine, clock=clock)
    assert await scheduler.retention_if_due()
    assert [row[2] for row in (await snapshot(runtime))["people"]] == ["recent"]
    assert not await scheduler.retention_if_due()
    clock.advance(days=1)
    assert await scheduler.retention_if_due()
