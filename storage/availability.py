"""Consultants' availability as staff edit it in the console, on top of the profile: weekly
hours that replace the profile's for a consultant, and absences (days off, one-off
absences) during which none of their times is offered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.times import from_db, to_db


@dataclass(frozen=True)
class WeeklyHours:
    weekday: str  # "mon" ... "sun"
    starts: str  # "10:00"
    ends: str  # "14:00"
    centre: str | None  # None: remote


@dataclass(frozen=True)
class Absence:
    id: int
    consultant: str
    starts_at: datetime
    ends_at: datetime


async def weekly_hours(conn: aiosqlite.Connection) -> dict[str, list[WeeklyHours]]:
    """Per consultant who has edited hours, those hours."""
    async with conn.execute(
        "SELECT consultant, weekday, starts, ends, centre FROM consultant_hours"
        " ORDER BY consultant, id") as cursor:
        rows = await cursor.fetchall()
    found: dict[str, list[WeeklyHours]] = {}
    for row in rows:
        found.setdefault(row["consultant"], []).append(
            WeeklyHours(row["weekday"], row["starts"], row["ends"], row["centre"]))
    return found


async def replace_hours(conn: aiosqlite.Connection, consultant: str, hours: list[WeeklyHours],
                        staff_id: int, now: datetime) -> None:
    """The consultant's weekly hours from now on (an empty list: back to the profile's)."""
    await conn.execute("DELETE FROM consultant_hours WHERE consultant = ?", (consultant,))
    for item in hours:
        await conn.execute(
            "INSERT INTO consultant_hours (consultant, weekday, starts, ends, centre,"
            " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (consultant, item.weekday, item.starts, item.ends, item.centre, staff_id,
             to_db(now)))


async def absences(conn: aiosqlite.Connection, after: datetime,
                   consultants: list[str] | None = None) -> list[Absence]:
    """Absences that end after ``after``, of some consultants or of all."""
    sql = "SELECT * FROM consultant_absences WHERE ends_at > ?"
    params: list[str] = [to_db(after)]
    if consultants is not None:
        sql += f" AND consultant IN ({', '.join('?' for _c in consultants)})"
        params += consultants
    async with conn.execute(sql + " ORDER BY starts_at, id", params) as cursor:
        return [Absence(r["id"], r["consultant"], from_db(r["starts_at"]), from_db(r["ends_at"]))
                for r in await cursor.fetchall()]


async def add_absence(conn: aiosqlite.Connection, consultant: str, starts_at: datetime,
                      ends_at: datetime, staff_id: int, now: datetime) -> int:
    cursor = await conn.execute(
        "INSERT INTO consultant_absences (consultant, starts_at, ends_at, created_by,"
        " created_at) VALUES (?, ?, ?, ?, ?)",
        (consultant, to_db(starts_at), to_db(ends_at), staff_id, to_db(now)))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def remove_absence(conn: aiosqlite.Connection, absence_id: int) -> bool:
    cursor = await conn.execute("DELETE FROM consultant_absences WHERE id = ?", (absence_id,))
    return cursor.rowcount == 1
