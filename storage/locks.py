"""The locks that let several processes share one PostgreSQL database.

SQLite has one writer at a time (``BEGIN IMMEDIATE``), so none of these is needed there
and each function does nothing. On PostgreSQL (storage/pg_database.py):

- ``transaction()`` takes the *write lock* (:data:`storage.pg.WRITE_LOCK`) exclusively:
  nothing else writes meanwhile, in any process. Rare work that reads and then writes
  across people (the console, the desk, the SLA check, the CLI) runs this way.
- ``transaction(exclusive=False)`` takes it shared: such transactions run side by side,
  on row locks, and wait only for an exclusive one. One person's events run this way after
  :func:`lock_person`, claims with ``FOR UPDATE SKIP LOCKED``.

Inside a shared transaction, what several people's events could both change is guarded
by its own lock or constraint: the consultants' times and the waiting list
(:func:`lock_bookings`: a booking reads what is free and then writes, and a freed time
is offered to somebody else; the unique index ``bookings_one_per_slot`` stays the last
guard), new ids of ``people`` and ``tickets`` (:func:`lock_ids`: their ids are
``MAX + 1``), delivery ids (the primary key of ``processed_deliveries``: the second
claim of one id waits for the first and finds it taken). Locks are taken in that order -
write lock, person, bookings, ids - so two transactions never wait for each other in a
circle (and if they did, PostgreSQL would fail one, and the event is delivered again).

Every lock here is a transaction-level advisory lock: it goes with the commit or the
rollback, and with the connection when a process dies.
"""

from __future__ import annotations

import hashlib
from typing import Any, cast


def lock_key(*parts: str) -> int:
    """A stable signed 64-bit key for ``parts`` (the same in every process and release)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def _lock(conn: object, *parts: str) -> None:
    if getattr(conn, "dialect", "sqlite") != "postgres":
        return  # SQLite's transaction holds the one write lock already
    await cast(Any, conn).raw_execute("SELECT pg_advisory_xact_lock($1)", (lock_key(*parts),))


async def lock_person(conn: object, channel: str, external_id: str) -> None:
    """Until the transaction ends, no other process handles this person's events."""
    await _lock(conn, "person", channel, external_id)


async def lock_ids(conn: object, table: str) -> None:
    """Until the transaction ends, nobody else picks a new id of ``table``."""
    await _lock(conn, "ids", table)


async def lock_bookings(conn: object) -> None:
    """Until the transaction ends, nobody else books, or offers a freed time. Booking is
    rare beside messages, so one lock for all of it costs little and keeps every check
    of the booking flow (what is free, how many each person holds) true at the write."""
    await _lock(conn, "bookings")
