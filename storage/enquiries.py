"""Consents, enquiry drafts and submitted enquiries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.times import from_db, to_db

ENQUIRY_PREFIX = "E"
# Reference numbers start at 1001: four digits from the first, nothing to misread.
REFERENCE_OFFSET = 1000


def reference_for(prefix: str, row_id: int) -> str:
    """``E-1041`` for enquiry 41: short, digits only, easy to say on the phone."""
    return f"{prefix}-{REFERENCE_OFFSET + row_id}"


@dataclass(frozen=True)
class Seen:
    """One answer as the person saw it: labels by language (theirs and the staff's)."""

    question_id: str
    question: dict[str, str]
    answer: dict[str, str]


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
    reference: str = ""
    # What the person saw, in order; empty for enquiries sent before it was stored.
    seen: tuple[Seen, ...] = ()
    # The "to talk through" lines, by language, as they were shown.
    seen_discuss: tuple[dict[str, str], ...] = ()


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


def _seen(raw: str | None) -> tuple[tuple[Seen, ...], tuple[dict[str, str], ...]]:
    if not raw:
        return (), ()
    data = json.loads(raw)
    answers = tuple(Seen(str(item["id"]), dict(item["question"]), dict(item["answer"]))
                    for item in data.get("answers", []))
    return answers, tuple(dict(item) for item in data.get("to_discuss", []))


def _enquiry(row: aiosqlite.Row) -> Enquiry:
    seen, seen_discuss = _seen(row["seen"])
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
        reference=row["reference"] or reference_for(ENQUIRY_PREFIX, row["id"]),
        seen=seen,
        seen_discuss=seen_discuss,
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
        seen: tuple[Seen, ...] = (),
        seen_discuss: tuple[dict[str, str], ...] = (),
    ) -> tuple[int, str]:
        """Store a submitted enquiry; its id and reference number."""
        shown = json.dumps({
            "answers": [{"id": s.question_id, "question": s.question, "answer": s.answer}
                        for s in seen],
            "to_discuss": list(seen_discuss),
        }, ensure_ascii=False)
        cursor = await self._conn.execute(
            "INSERT INTO enquiries (person_id, agency_id, channel, locale, source, consent_id,"
            " name, phone, answers, to_discuss, created_at, seen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (person_id, agency_id, channel, locale, source, consent_id, name, phone,
             json.dumps(answers, ensure_ascii=False), json.dumps(to_discuss), to_db(now),
             shown),
        )
        enquiry_id = cursor.lastrowid
        assert enquiry_id is not None
        reference = reference_for(ENQUIRY_PREFIX, enquiry_id)
        await self._conn.execute("UPDATE enquiries SET reference = ? WHERE id = ?",
                                 (reference, enquiry_id))
        return enquiry_id, reference

    async def between(self, since: datetime | None, until: datetime | None) -> list[Enquiry]:
        """Enquiries sent at or after ``since`` and before ``until`` (either may be open)."""
        async with self._conn.execute(
            "SELECT * FROM enquiries WHERE (? IS NULL OR created_at >= ?)"
            " AND (? IS NULL OR created_at < ?) ORDER BY id",
            (*(2 * [to_db(since) if since else None]), *(2 * [to_db(until) if until else None])),
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
