"""Registered staff: only they can act in the staff group."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.times import to_db


@dataclass(frozen=True)
class StaffMember:
    telegram_user_id: int
    name: str
    role: str
    queues: tuple[str, ...]

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


def _member(row: aiosqlite.Row) -> StaffMember:
    return StaffMember(row["telegram_user_id"], row["name"], row["role"],
                       tuple(json.loads(row["queues"])))


class Staff:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self, telegram_user_id: int, name: str, role: str, queues: list[str], now: datetime
    ) -> None:
        await self._conn.execute(
            "INSERT INTO staff (telegram_user_id, name, role, queues, added_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (telegram_user_id) DO UPDATE SET"
            " name = excluded.name, role = excluded.role, queues = excluded.queues",
            (telegram_user_id, name, role, json.dumps(queues), to_db(now)),
        )

    async def get(self, telegram_user_id: int) -> StaffMember | None:
        async with self._conn.execute(
            "SELECT * FROM staff WHERE telegram_user_id = ?", (telegram_user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _member(row) if row else None

    async def all(self) -> list[StaffMember]:
        async with self._conn.execute("SELECT * FROM staff ORDER BY name") as cursor:
            return [_member(row) for row in await cursor.fetchall()]

    async def remove(self, telegram_user_id: int) -> bool:
        cursor = await self._conn.execute(
            "DELETE FROM staff WHERE telegram_user_id = ?", (telegram_user_id,)
        )
        return cursor.rowcount == 1
