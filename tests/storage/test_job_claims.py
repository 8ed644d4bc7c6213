"""Due jobs claimed by several processes at once (two connections to one database): each
job goes to one claimer, and a claim whose process died runs out and the job is claimed
again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage.db import Database
from storage.repositories import Repos

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


@pytest.fixture
async def two(tmp_path: Path) -> AsyncIterator[tuple[Database, Database]]:
    first = await Database.open(tmp_path / "shared.db")
    second = await Database.open(tmp_path / "shared.db")
    async with first.transaction() as conn:
        repos = Repos(conn)
        for n in range(6):
            person = await repos.people.create("telegram", f"chat-{n}", "en", NOW, None)
            await repos.jobs.add(kind="reminder", payload=str(n), due_at=NOW, now=NOW,
                                 person_id=person.id)
    yield first, second
    await first.close()
    await second.close()


async def claim(db: Database, at: datetime, limit: int = 4) -> list[str]:
    async with db.transaction(exclusive=False) as conn:
        return [job.payload for job in await Repos(conn).jobs.claim(at, LEASE, limit)]


async def test_claims_made_one_after_the_other_never_share_a_job(
        two: tuple[Database, Database]) -> None:
    first, second = two
    assert await claim(first, NOW) == ["0", "1", "2", "3"]
    assert await claim(second, NOW) == ["4", "5"]
    assert await claim(first, NOW + timedelta(seconds=30)) == []


async def test_claims_made_at_the_same_moment_get_different_jobs(
        two: tuple[Database, Database]) -> None:
    first, second = two
    if first.dialect == "sqlite":
        pytest.skip("SQLite: one writer at a time, the second claimer waits (test above)")
    async with first.transaction(exclusive=False) as one:
        mine = await Repos(one).jobs.claim(NOW, LEASE, 4)
        async with second.transaction(exclusive=False) as other:
            theirs = await Repos(other).jobs.claim(NOW, LEASE, 4)
    assert [job.payload for job in mine] == ["0", "1", "2", "3"]
    assert [job.payload for job in theirs] == ["4", "5"]


async def test_the_jobs_of_a_claimer_that_died_are_claimed_again_when_the_lease_ends(
        two: tuple[Database, Database]) -> None:
    first, second = two
    assert await claim(first, NOW, limit=6) == ["0", "1", "2", "3", "4", "5"]
    await first.close()  # "killed" before it marked anything done
    assert await claim(second, NOW + LEASE - timedelta(seconds=1)) == []
    assert await claim(second, NOW + LEASE, limit=6) == ["0", "1", "2", "3", "4", "5"]


async def test_a_job_done_or_given_back_is_handled_accordingly(
        two: tuple[Database, Database]) -> None:
    first, second = two
    assert await claim(first, NOW, limit=2) == ["0", "1"]
    async with first.transaction(exclusive=False) as conn:
        repos = Repos(conn)
        jobs = {job.payload: job.id for job in await repos.jobs.due(NOW + LEASE)}
        await repos.jobs.mark_done(jobs["0"], NOW, "sent")
        await repos.jobs.release(jobs["1"])  # its event failed: try again at once
    assert await claim(second, NOW, limit=6) == ["1", "2", "3", "4", "5"]
    assert await claim(second, NOW + LEASE, limit=6) == ["1", "2", "3", "4", "5"]
