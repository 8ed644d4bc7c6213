"""Bulk history for benchmarks: a database that looks like months of use, written fast.

Not used by the bot. ``bench/engine.py --people N`` calls :func:`seed_history` to measure
what each update costs when the tables are large, and to check the indexes keep it flat.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

import aiosqlite

from storage.times import to_db

CHUNK = 5000


@dataclass(frozen=True)
class History:
    """How much to seed, and the profile's names the rows refer to."""

    people: int
    open_tickets: int
    bookings: int
    consultants: Sequence[str]
    services: Sequence[str]
    centre: str
    timezone: str
    queues: Sequence[str]
    channel: str = "seed"
    messages_per_person: int = 2


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


async def _insert(conn: aiosqlite.Connection, sql: str, rows: Iterator[tuple[Any, ...]]) -> None:
    for chunk in _chunks(rows):
        await conn.executemany(sql, chunk)


async def seed_history(conn: aiosqlite.Connection, history: History, now: datetime) -> None:
    """People with sessions, delivered messages and handled deliveries; open tickets for a
    tenth of them; bookings (past ones, some cancelled) for half. Run inside a transaction
    on an empty database (ids start at 1)."""
    n = history.people
    channel = history.channel
    locales = ("ka", "uk", "lt", "pl", "en", "ru")

    def seen(i: int) -> str:
        return to_db(now - timedelta(minutes=(n - i) * 7 + 5))

    await _insert(conn, "INSERT INTO people (id, channel, external_id, locale, created_at,"
                  " last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                  ((i, channel, f"seed-{i}", locales[i % 6], seen(i), seen(i))
                   for i in range(1, n + 1)))
    await _insert(conn, "INSERT INTO sessions (person_id, flow, step, data, updated_at,"
                  " expires_at) VALUES (?, 'menu', 'main', '{}', ?, ?)",
                  ((i, seen(i), to_db(now + timedelta(days=3))) for i in range(1, n + 1)))
    payload = json.dumps({"text": "seeded", "choices": []})
    per = history.messages_per_person
    await _insert(conn, "INSERT INTO outbox (person_id, channel, recipient, payload,"
                  " created_at, not_before, attempts, status, sent_at, external_id)"
                  " VALUES (?, ?, ?, ?, ?, ?, 1, 'sent', ?, ?)",
                  ((i, channel, f"seed-{i}", payload, seen(i), seen(i), seen(i),
                    f"m{i}-{k}") for i in range(1, n + 1) for k in range(per)))
    await _insert(conn, "INSERT INTO processed_deliveries (channel, delivery_id, processed_at)"
                  " VALUES (?, ?, ?)",
                  ((channel, f"seed-{i}-{k}", seen(i)) for i in range(1, n + 1)
                   for k in range(per)))
    queues = history.queues
    step = max(1, n // max(1, history.open_tickets))
    # Old and still open: staff were told long ago that they waited too long.
    await _insert(conn, "INSERT INTO tickets (person_id, queue, kind, status, urgent, locale,"
                  " channel, card, created_at, updated_at, sla_breached_at) VALUES (?, ?,"
                  " 'handoff', 'open', ?, ?, ?, 'seeded', ?, ?, ?)",
                  ((1 + (t * step) % n, queues[t % len(queues)], int(t % 50 == 0),
                    locales[t % 6], channel, seen(1 + (t * step) % n),
                    seen(1 + (t * step) % n), seen(1 + (t * step) % n))
                   for t in range(history.open_tickets)))

    def bookings() -> Iterator[tuple[Any, ...]]:
        consultants = history.consultants
        for b in range(history.bookings):
            # Past consultations at distinct times, 17 minutes apart going back.
            start = now - timedelta(days=1, minutes=17 * b)
            status = "cancelled" if b % 7 == 0 else "booked"
            person = 1 + (b * 2) % n
            yield (person, channel, history.services[b % len(history.services)],
                   history.centre, consultants[b % len(consultants)], to_db(start),
                   to_db(start + timedelta(minutes=50)), history.timezone, status,
                   locales[b % 6], to_db(start - timedelta(days=3)), to_db(start))

    await _insert(conn, "INSERT INTO bookings (person_id, channel, service, centre, mode,"
                  " consultant, starts_at, ends_at, timezone, status, for_whom, locale,"
                  " created_at, updated_at) VALUES (?, ?, ?, ?, 'in_person', ?, ?, ?, ?, ?,"
                  " 'self', ?, ?, ?)", bookings())


async def query_plan(conn: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> list[str]:
    """SQLite's EXPLAIN QUERY PLAN for one statement, one line per step."""
    async with conn.execute("EXPLAIN QUERY PLAN " + sql, params) as cursor:
        return [str(row[3]) for row in await cursor.fetchall()]
