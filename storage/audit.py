"""The staff audit log: who did what, when, to which ticket or person (by id only).

Rows never hold a name, a phone number or anything anybody wrote; ``detail`` is for short
codes such as a queue id, "refused" or an erasure's opaque reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite

from storage.db import Database
from storage.times import from_db, to_db

# The staff id of whoever runs ``carebot`` on the server (shell access is administration).
OPERATOR = 0
MAX_DETAIL = 120


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    staff_id: int
    action: str
    ticket_id: int | None
    person_id: int | None
    detail: str


async def record(
    conn_or_tx: aiosqlite.Connection,
    *,
    staff_id: int,
    action: str,
    ticket_id: int | None = None,
    person_id: int | None = None,
    detail: str = "",
    now: datetime | None = None,
) -> None:
    """Add one entry inside the caller's transaction (``Database.transaction()``'s
    connection), so the entry commits with the action it records."""
    moment = now or datetime.now(UTC)
    await conn_or_tx.execute(
        "INSERT INTO audit_log (at, staff_id, action, ticket_id, person_id, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (to_db(moment), staff_id, action[:40], ticket_id, person_id, detail[:MAX_DETAIL]),
    )


async def list_entries(
    db: Database, *, since: datetime | None = None, staff_id: int | None = None
) -> list[AuditEntry]:
    sql = "SELECT * FROM audit_log WHERE at >= ?"
    params: list[object] = [to_db(since) if since else ""]
    if staff_id is not None:
        sql += " AND staff_id = ?"
        params.append(staff_id)
    async with db.reading() as conn, conn.execute(sql + " ORDER BY id", params) as cursor:
        rows = await cursor.fetchall()
    return [
        AuditEntry(row["id"], from_db(row["at"]), row["staff_id"], row["action"],
                   row["ticket_id"], row["person_id"], row["detail"])
        for row in rows
    ]
