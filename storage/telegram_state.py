"""Telegram's own delivery state (tables from migration 0002): the live keyboards of each
chat and the progress of rows that take several Bot API calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.times import to_db


@dataclass(frozen=True)
class ChatState:
    keyboard_message_id: int | None = None
    reply_keyboard: bool = False


@dataclass(frozen=True)
class Progress:
    steps_done: int = 0
    message_id: int | None = None


class TelegramChats:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, chat_id: str) -> ChatState:
        async with self._conn.execute(
            "SELECT keyboard_message_id, reply_keyboard FROM telegram_chats WHERE chat_id = ?",
            (chat_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return ChatState()
        return ChatState(row["keyboard_message_id"], bool(row["reply_keyboard"]))

    async def put(self, chat_id: str, state: ChatState, now: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO telegram_chats (chat_id, keyboard_message_id, reply_keyboard,"
            " updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET"
            " keyboard_message_id = excluded.keyboard_message_id,"
            " reply_keyboard = excluded.reply_keyboard, updated_at = excluded.updated_at",
            (chat_id, state.keyboard_message_id, int(state.reply_keyboard), to_db(now)),
        )


class TelegramProgress:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, outbox_id: int) -> Progress:
        async with self._conn.execute(
            "SELECT steps_done, message_id FROM telegram_progress WHERE outbox_id = ?",
            (outbox_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return Progress() if row is None else Progress(int(row["steps_done"]), row["message_id"])

    async def put(self, outbox_id: int, progress: Progress) -> None:
        await self._conn.execute(
            "INSERT INTO telegram_progress (outbox_id, steps_done, message_id) VALUES (?, ?, ?)"
            " ON CONFLICT (outbox_id) DO UPDATE SET"
            " steps_done = excluded.steps_done, message_id = excluded.message_id",
            (outbox_id, progress.steps_done, progress.message_id),
        )

    async def drop(self, outbox_id: int) -> None:
        await self._conn.execute("DELETE FROM telegram_progress WHERE outbox_id = ?",
                                 (outbox_id,))
