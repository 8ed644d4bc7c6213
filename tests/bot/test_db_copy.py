"""``carebot db copy``: a centre moves from its SQLite file to PostgreSQL, and every
listing staff use answers the same from the copy as from the original."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import build_runtime
from storage.db import Database
from storage.repositories import Repos
from tests.bot.test_booking_cli import WEDNESDAY, make_bookings
from tests.cli import carebot
from tests.conftest import FakeClock, Person
from tests.flows.test_enquiry import complete_enquiry
from tests.postgres import DATABASES, database_url

pytestmark = pytest.mark.pg_server(reason="copies into a PostgreSQL database")

LISTINGS = [
    ("enquiries", "export"),
    ("enquiries", "export", "--format", "json"),
    ("bookings", "list", "--date", WEDNESDAY),
    ("bookings", "list", "--date", WEDNESDAY, "--all"),
    ("audit", "list", "--since", "2026-01-01"),
    ("safeguarding", "report", "--since", "2026-01-01"),
    ("staff", "list"),
    ("people", "find", "--name", "nin"),
    ("people", "show", "1"),
    ("people", "export", "1"),
]


async def fill(source: Path, clock: FakeClock, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{source}")  # type: ignore[call-arg]
    runtime = await build_runtime(settings, clock=clock)
    try:
        await complete_enquiry(runtime, "uk")
        await Person(runtime, "to-be-erased").send("/start")
        await Person(runtime, "talks-to-staff").send("I want to talk to a person")
    finally:
        await runtime.close()
    await make_bookings(settings, clock)
    url = settings.database_url
    for command in (("staff", "add", "7001", "--name", "Mariam", "--role", "supervisor"),
                    ("people", "find", "--phone", "555 12 34 56"),
                    ("people", "erase", "2", "--yes")):
        assert carebot(*command, cwd=tmp_path, DATABASE_URL=url).returncode == 0


async def test_the_copy_answers_every_listing_like_the_original(
        request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Path) -> None:
    databases = request.config.stash[DATABASES]
    source = tmp_path / "old.db"
    await fill(source, clock, tmp_path)
    name = databases.acquire(migrated=False)
    try:
        target = database_url(databases.server, name)
        copied = carebot("db", "copy", f"sqlite:///{source}", target, cwd=tmp_path)
        assert copied.returncode == 0, copied.stderr
        counts = dict(line.split("\t") for line in copied.stdout.splitlines())
        assert counts["people"] == "6" and counts["enquiries"] == "1"
        assert counts["bookings"] == "4" and counts["erasures"] == "1"
        assert list(counts).index("people") < list(counts).index("outbox")
        assert "the counts match" in copied.stderr

        for listing in LISTINGS:
            old = carebot(*listing, cwd=tmp_path, DATABASE_URL=f"sqlite:///{source}")
            new = carebot(*listing, cwd=tmp_path, DATABASE_URL=target)
            assert old.returncode == new.returncode == 0, (listing, new.stderr)
            assert new.stdout == old.stdout, listing
            assert new.stderr == old.stderr, listing
        assert "Nino" in old.stdout  # the last listing: the person's data, in full

        again = carebot("db", "copy", f"sqlite:///{source}", target, cwd=tmp_path)
        assert again.returncode == 1
        assert "is not empty" in again.stderr and "people" in again.stderr

        # The copy goes on where the original stopped: new rows get ids after the copied.
        copy = await Database.open(target)
        try:
            async with copy.transaction() as conn:
                repos = Repos(conn)
                person = await repos.people.create("telegram", "new", "en", clock(), None)
                row = await repos.outbox.add(person_id=person.id, channel="telegram",
                                             recipient="new", payload={}, now=clock())
            assert person.id == 8
            assert row > int(counts["outbox"])
        finally:
            await copy.close()
    finally:
        databases.drop(name)
