"""Sign-in links and sessions of the coordinators' web console.

Only SHA-256 hashes of the link tokens and session ids are stored, so a copy of the
database lets nobody in. A link works once, within its validity; a session ends when it is
signed out or has been idle too long.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import aiosqlite

from storage.times import from_db, to_db

LINK_VALID = timedelta(minutes=10)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


class LinkState(StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class ConsoleSession:
    staff_id: int
    csrf_token: str
    last_seen_at: datetime


async def new_link(conn: aiosqlite.Connection, staff_id: int, now: datetime) -> str:
    """A fresh single-use token for ``staff_id``; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    await conn.execute(
        "INSERT INTO console_links (token_hash, staff_id, created_at, expires_at)"
        " VALUES (?, ?, ?, ?)",
        (digest(token), staff_id, to_db(now), to_db(now + LINK_VALID)),
    )
    return token


async def use_link(
    conn: aiosqlite.Connection, token: str, now: datetime
) -> tuple[LinkState, int | None]:
    """Spend a link (inside a write transaction): its state and, when OK, the staff id."""
    async with conn.execute(
        "SELECT staff_id, expires_at, used_at FROM console_links WHERE token_hash = ?",
        (digest(token),),
    ) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return LinkState.UNKNOWN, None
    if row["used_at"] is not None:
        return LinkState.USED, None
    if from_db(row["expires_at"]) <= now:
        return LinkState.EXPIRED, None
    cursor = await conn.execute(
        "UPDATE console_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
        (to_db(now), digest(token)),
    )
    if cursor.rowcount != 1:
        return LinkState.USED, None
    return LinkState.OK, int(row["staff_id"])


async def start_session(
    conn: aiosqlite.Connection, staff_id: int, now: datetime
) -> tuple[str, str]:
    """A new session: (the cookie's secret, the CSRF token of its forms)."""
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    await conn.execute(
        "INSERT INTO console_sessions (session_hash, staff_id, csrf_token, created_at,"
        " last_seen_at) VALUES (?, ?, ?, ?, ?)",
        (digest(secret), staff_id, csrf, to_db(now), to_db(now)),
    )
    return secret, csrf


async def find_session(
    conn: aiosqlite.Connection, secret: str, now: datetime, idle: timedelta
) -> ConsoleSession | None:
    """The live session behind a cookie, or None (unknown, signed out, or idle too long)."""
    async with conn.execute(
        "SELECT staff_id, csrf_token, last_seen_at FROM console_sessions"
        " WHERE session_hash = ? AND ended_at IS NULL",
        (digest(secret),),
    ) as cursor:
        row = await cursor.fetchone()
    if row is None or from_db(row["last_seen_at"]) + idle <= now:
        return None
    return ConsoleSession(int(row["staff_id"]), row["csrf_token"], from_db(row["last_seen_at"]))


async def touch_session(conn: aiosqlite.Connection, secret: str, now: datetime) -> None:
    await conn.execute("UPDATE console_sessions SET last_seen_at = ? WHERE session_hash = ?",
                       (to_db(now), digest(secret)))


async def end_session(conn: aiosqlite.Connection, secret: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE console_sessions SET ended_at = ? WHERE session_hash = ? AND ended_at IS NULL",
        (to_db(now), digest(secret)),
    )


async def forget_old(conn: aiosqlite.Connection, before: datetime) -> None:
    """Spent or expired links and ended or idle sessions older than ``before`` go."""
    cut = to_db(before)
    await conn.execute("DELETE FROM console_links WHERE expires_at < ?", (cut,))
    await conn.execute("DELETE FROM console_sessions WHERE last_seen_at < ?", (cut,))
