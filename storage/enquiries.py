"""Consents, enquiry drafts and submitted enquiries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.times import from_db, to_db


@dataclass(frozen=True)
class Draft:
    person_id: int
    answers: dict[str, Any]
    position: str | None
    consent_id: int | None
    started_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Enquiry:
    id: int
    person_id: int | None
    channel: str
    locale: str
    source: str | None
    consent_id: int | None
    name: str
    phone: str
    answers: dict[str, Any]
    to_discuss: list[str]
    created_at: datetime


class Consents:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def record(
        self, person_id: int, purpose: str, version: str, locale: str, now: datetime
    ) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO consents (person_id, purpose, version, locale, given_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (person_id, purpose, version, locale, to_db(now)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


class Drafts:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, person_id: int) -> Draft | None:
        async with self._conn.execute(
            "SELECT * FROM enquiry_drafts WHERE person_id = ?", (person_id,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return Draft(
            person_id=row["person_id"],
            answers=json.loads(row["answers"]),
            position=row["position"],
            consent_id=row["consent_id"],
            started_at=from_db(row["started_at"]),
            updated_at=from_db(row["updated_at"]),
        )

    async def save(
        self,
        person_id: int,
        answers: dict[str, Any],
        position: str | None,
        consent_id: int | None,
        now: datetime,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO enquiry_drafts (person_id, answers, position, consent_id, started_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
            " answers = excluded.answers, position = excluded.position,"
            " consent_id = excluded.consent_id, updated_at = excluded.updated_at",
            (person_id, json.dumps(answers, ensure_ascii=False), position, consent_id,
             to_db(now), to_db(now)),
        )

    async def discard(self, person_id: int) -> None:
        await self._conn.execute("DELETE FROM enquiry_drafts WHERE person_id = ?", (person_id,))


def _enquiry(row: aiosqlite.Row) -> Enquiry:
    return Enquiry(
        id=row["id"],
        person_id=row["person_id"],
        channel=row["channel"],
        locale=row["locale"],
        source=row["source"],
        consent_id=row["consent_id"],
        name=row["name"],
        phone=row["phone"],
        answers=json.loads(row["answers"]),
        to_discuss=json.loads(row["to_discuss"]),
        created_at=from_db(row["created_at"]),
    )


class Enquiries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def create(
        self,
        *,
        person_id: int,
        agency_id: str,
        channel: str,
        locale: str,
        source: str | None,
        consent_id: int | None,
        name: str,
        phone: str,
        answers: dict[str, Any],
        to_discuss: list[str],
        now: datetime,
    ) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO enquiries (person_id, agency_id, channel, locale, source, consent_id,"
            " name, phone, answers, to_discuss, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (person_id, agency_id, channel, locale, source, consent_id, name, phone,
             json.dumps(answers, ensure_ascii=False), json.dumps(to_discuss), to_db(now)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def since(self, moment: datetime) -> list[Enquiry]:
        async with self._conn.execute(
            "SELECT * FROM enquiries WHERE created_at >= ? ORDER BY id", (to_db(moment),)
        ) as cursor:
            return [_enquiry(row) for row in await cursor.fetchall()]

    async def latest_names(self, person_ids: list[int]) -> dict[int, str]:
        """The name each of these people gave in their latest enquiry (if they sent one)."""
        found: dict[int, str] = {}
        for start in range(0, len(person_ids), 500):  # SQLite's limit on parameters
            chunk = person_ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            async with self._conn.execute(
                f"SELECT person_id, name FROM enquiries WHERE person_id IN ({marks})"
                " ORDER BY id", chunk,
            ) as cursor:
                for row in await cursor.fetchall():
                    found[int(row["person_id"])] = str(row["name"])
        return found
