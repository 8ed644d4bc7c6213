"""A ticket's topic is known by its staff group and its thread: thread ids are unique only
within one group, so the same id in two groups is two tickets."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.db import Database
from storage.repositories import Repos

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DEFAULT = -1001234567890  # STAFF_CHAT_ID
OTHER = -1002222222222  # a queue's own group


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "groups.db")
    yield database
    await database.close()


async def ticket(db: Database, queue: str, group: int | None, thread: int) -> int:
    async with db.transaction() as conn:
        tickets = Repos(conn).tickets
        ticket_id = await tickets.open(person_id=None, queue=queue, kind="handoff",
                                       locale="en", channel="telegram", card=queue, now=NOW,
                                       staff_chat_id=group)
        await tickets.set_topic(ticket_id, thread)
    return ticket_id


async def test_the_same_thread_in_two_groups_is_two_tickets(db: Database) -> None:
    in_default = await ticket(db, "general", None, 77)
    in_other = await ticket(db, "enquiries", OTHER, 77)
    async with db.reading() as conn:
        tickets = Repos(conn).tickets
        found_default = await tickets.by_topic(77, DEFAULT, DEFAULT)
        found_other = await tickets.by_topic(77, OTHER, DEFAULT)
        nowhere = await tickets.by_topic(77, -1003333333333, DEFAULT)
    assert found_default is not None and found_default.id == in_default
    assert found_other is not None and found_other.id == in_other
    assert found_other.staff_chat_id == OTHER and found_default.staff_chat_id is None
    assert nowhere is None


async def test_a_queue_naming_the_default_group_shares_its_threads(db: Database) -> None:
    in_default = await ticket(db, "general", DEFAULT, 78)
    async with db.reading() as conn:
        found = await Repos(conn).tickets.by_topic(78, DEFAULT, DEFAULT)
    assert found is not None and found.id == in_default


async def test_one_thread_of_one_group_is_never_two_tickets(db: Database) -> None:
    await ticket(db, "general", None, 79)
    await ticket(db, "enquiries", OTHER, 80)
    with pytest.raises(sqlite3.IntegrityError):
        await ticket(db, "general", None, 79)
    with pytest.raises(sqlite3.IntegrityError):
        await ticket(db, "enquiries", OTHER, 80)
