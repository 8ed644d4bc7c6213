"""Where each enquiry stands in the recruitment process, as staff set it in the console:
its stage (every change kept with who and when), a follow-up date and internal notes.

An enquiry nobody has touched yet is at ``new``. Changing the stage also moves the
person's journey on in the funnel (storage/funnel.py), in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage import funnel
from storage.enquiries import Enquiry, _enquiry
from storage.times import from_db, to_db

STAGES = ("new", "contacted", "info_session", "application", "training", "approved",
          "withdrawn", "not_proceeding")


@dataclass(frozen=True)
class Filters:
    stage: str | None = None
    source: str | None = None
    language: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class Tracked:
    enquiry: Enquiry
    stage: str
    follow_up_on: date | None


@dataclass(frozen=True)
class StageChange:
    stage: str
    staff_id: int
    at: datetime


@dataclass(frozen=True)
class Note:
    staff_id: int
    body: str
    at: datetime


_SELECT = (
    "SELECT e.*, COALESCE(p.stage, 'new') AS pipeline_stage, p.follow_up_on"
    " FROM enquiries e LEFT JOIN enquiry_pipeline p ON p.enquiry_id = e.id"
)


def _tracked(row: aiosqlite.Row) -> Tracked:
    follow = row["follow_up_on"]
    return Tracked(_enquiry(row), row["pipeline_stage"],
                   date.fromisoformat(follow) if follow else None)


async def listing(conn: aiosqlite.Connection, filters: Filters) -> list[Tracked]:
    """Enquiries matching the filters, newest first."""
    sql, params = _SELECT + " WHERE 1 = 1", []
    if filters.stage is not None:
        sql += " AND COALESCE(p.stage, 'new') = ?"
        params.append(filters.stage)
    if filters.source is not None:
        sql += " AND e.source = ?"
        params.append(filters.source)
    if filters.language is not None:
        sql += " AND e.locale = ?"
        params.append(filters.language)
    if filters.since is not None:
        sql += " AND e.created_at >= ?"
        params.append(to_db(filters.since))
    if filters.until is not None:
        sql += " AND e.created_at < ?"
        params.append(to_db(filters.until))
    async with conn.execute(sql + " ORDER BY e.created_at DESC, e.id DESC", params) as cursor:
        return [_tracked(row) for row in await cursor.fetchall()]


async def get(conn: aiosqlite.Connection, enquiry_id: int) -> Tracked | None:
    async with conn.execute(_SELECT + " WHERE e.id = ?", (enquiry_id,)) as cursor:
        row = await cursor.fetchone()
    return _tracked(row) if row else None


async def _ensure(conn: aiosqlite.Connection, enquiry_id: int, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO enquiry_pipeline (enquiry_id, updated_at) VALUES (?, ?)"
        " ON CONFLICT (enquiry_id) DO NOTHING", (enquiry_id, to_db(now)))


async def set_stage(
    conn: aiosqlite.Connection, enquiry_id: int, stage: str, staff_id: int, now: datetime
) -> bool:
    """Move the enquiry to ``stage`` (recorded with who and when); False when it was there."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    found = await get(conn, enquiry_id)
    if found is None or found.stage == stage:
        return False
    await _ensure(conn, enquiry_id, now)
    await conn.execute(
        "UPDATE enquiry_pipeline SET stage = ?, updated_at = ?, updated_by = ?"
        " WHERE enquiry_id = ?", (stage, to_db(now), staff_id, enquiry_id))
    await conn.execute(
        "INSERT INTO enquiry_stage_changes (enquiry_id, stage, staff_id, at)"
        " VALUES (?, ?, ?, ?)", (enquiry_id, stage, staff_id, to_db(now)))
    person = found.enquiry.person_id
    if person is not None and stage in funnel.PIPELINE_TO_FUNNEL:
        await funnel.mark(conn, person, funnel.PIPELINE_TO_FUNNEL[stage], now,
                          found.enquiry.source)
    return True


async def set_follow_up(
    conn: aiosqlite.Connection, enquiry_id: int, on: date | None, staff_id: int, now: datetime
) -> None:
    await _ensure(conn, enquiry_id, now)
    await conn.execute(
        "UPDATE enquiry_pipeline SET follow_up_on = ?, updated_at = ?, updated_by = ?"
        " WHERE enquiry_id = ?",
        (on.isoformat() if on else None, to_db(now), staff_id, enquiry_id))


async def add_note(
    conn: aiosqlite.Connection, enquiry_id: int, body: str, staff_id: int, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO enquiry_notes (enquiry_id, staff_id, body, created_at) VALUES (?, ?, ?, ?)",
        (enquiry_id, staff_id, body, to_db(now)))


async def history(conn: aiosqlite.Connection, enquiry_id: int) -> list[StageChange]:
    async with conn.execute(
        "SELECT stage, staff_id, at FROM enquiry_stage_changes WHERE enquiry_id = ?"
        " ORDER BY id", (enquiry_id,)) as cursor:
        return [StageChange(r["stage"], r["staff_id"], from_db(r["at"]))
                for r in await cursor.fetchall()]


async def notes(conn: aiosqlite.Connection, enquiry_id: int) -> list[Note]:
    async with conn.execute(
        "SELECT staff_id, body, created_at FROM enquiry_notes WHERE enquiry_id = ?"
        " ORDER BY id", (enquiry_id,)) as cursor:
        return [Note(r["staff_id"], r["body"], from_db(r["created_at"]))
                for r in await cursor.fetchall()]


async def enquiry_sources(conn: aiosqlite.Connection) -> list[str]:
    async with conn.execute(
        "SELECT DISTINCT source FROM enquiries WHERE source IS NOT NULL ORDER BY source"
    ) as cursor:
        return [row["source"] for row in await cursor.fetchall()]
