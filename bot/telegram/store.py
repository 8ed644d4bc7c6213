"""Telegram's own delivery state: live keyboards per chat and multi-call progress.

It lives in the same SQLite file as the outbox (tables from migration 0002) and is written
in short transactions of its own, never inside the engine's. What a delivered message did
is known the moment Telegram accepts it, so it is kept in memory first: a write that fails
(a full disk, a lock held by another process) is tried again with the next one, and never
makes the sender think the message itself failed, which would send it twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.kit.reach import Why, unreachable
from storage.db import Database
from storage.repositories import Repos
from storage.telegram_state import ChatState, Progress, TelegramChats, TelegramProgress

log = logging.getLogger(__name__)

CACHED_CHATS = 50_000


@dataclass(frozen=True)
class KeyboardChange:
    """What a delivered message does to the chat's keyboards."""

    # None: leave the live inline keyboard as it is; otherwise the new live message id
    # (0 when the new message has no inline keyboard but replaces the old one, as the
    # phone question's reply keyboard does).
    live_message_id: int | None
    reply_keyboard: bool


class TelegramState:
    """On SQLite one process owns a bot's database, so chat states are also kept in
    memory: the sender reads them before every message without waiting for the database
    lock. On PostgreSQL several workers send to the same chats, so a chat's state is read
    from the database each time, unless this process holds a newer one not yet written."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._shared = db.dialect != "sqlite"
        self._chats: dict[str, ChatState] = {}
        # Written in memory, not yet in the database.
        self._unsaved_chats: set[str] = set()
        self._progress: dict[int, tuple[int, int | None]] = {}
        self._unsaved_progress: set[int] = set()
        self._finished: set[int] = set()

    async def chat(self, chat_id: str) -> ChatState:
        cached = self._chats.get(chat_id)
        if cached is not None and (not self._shared or chat_id in self._unsaved_chats):
            return cached
        if len(self._chats) >= CACHED_CHATS:
            self._chats = {key: self._chats[key] for key in self._unsaved_chats}
        async with self.db.reading() as conn:
            state = await TelegramChats(conn).get(chat_id)
        if chat_id in self._unsaved_chats:  # changed here meanwhile: that is newer
            return self._chats[chat_id]
        self._chats[chat_id] = state
        return state

    async def progress(self, outbox_id: int) -> tuple[int, int | None]:
        if outbox_id in self._progress:
            return self._progress[outbox_id]
        async with self.db.reading() as conn:
            done = await TelegramProgress(conn).get(outbox_id)
        return done.steps_done, done.message_id

    async def save_progress(self, outbox_id: int, steps_done: int, message_id: int | None) -> None:
        self._progress[outbox_id] = (steps_done, message_id)
        self._unsaved_progress.add(outbox_id)
        await self.flush()

    async def finish(self, chat_id: str, outbox_id: int, change: KeyboardChange) -> int | None:
        """Record a delivered row's effect on the chat; return the message whose inline
        keyboard is no longer live and should be removed, if any."""
        old = (await self.chat(chat_id)).keyboard_message_id
        live = old if change.live_message_id is None else (change.live_message_id or None)
        self._chats[chat_id] = ChatState(live, change.reply_keyboard)
        self._unsaved_chats.add(chat_id)
        self._progress.pop(outbox_id, None)
        self._unsaved_progress.discard(outbox_id)
        self._finished.add(outbox_id)
        await self.flush()
        return old if old is not None and old != live else None

    async def flush(self) -> bool:
        """Write what is only in memory; True when nothing is left. A failure is logged
        and the same writes are tried again next time."""
        if not (self._unsaved_chats or self._unsaved_progress or self._finished):
            return True
        chats = {chat_id: self._chats[chat_id] for chat_id in self._unsaved_chats}
        progress = {key: self._progress[key] for key in self._unsaved_progress}
        finished = set(self._finished)
        try:
            async with self.db.transaction() as conn:
                chats_table, steps = TelegramChats(conn), TelegramProgress(conn)
                for outbox_id in finished:
                    await steps.drop(outbox_id)
                for outbox_id, (steps_done, message_id) in progress.items():
                    await steps.put(outbox_id, Progress(steps_done, message_id))
                now = datetime.now(UTC)
                for chat_id, state in chats.items():
                    await chats_table.put(chat_id, state, now)
        except Exception as exc:
            log.warning("Telegram delivery state not saved yet (%s); kept in memory",
                        type(exc).__name__)
            return False
        for chat_id, state in chats.items():
            if self._chats.get(chat_id) == state:
                self._unsaved_chats.discard(chat_id)
        for outbox_id, done in progress.items():
            if self._progress.get(outbox_id) == done:
                self._unsaved_progress.discard(outbox_id)
        self._finished -= finished
        return True

    async def take_keyboard(self, chat_id: str, message_id: int) -> bool:
        """A button on ``message_id`` was pressed: should its keyboard be removed here?

        True when it was the chat's live keyboard (now forgotten, so the sender will not
        remove it a second time) or an older one that somehow stayed visible; False when
        the sender has already replaced and removed it.
        """
        state = await self.chat(chat_id)
        live = state.keyboard_message_id
        if live == message_id:
            self._chats[chat_id] = ChatState(None, state.reply_keyboard)
            self._unsaved_chats.add(chat_id)
            await self.flush()
            return True
        return live is not None and message_id < live

    async def was_processed(self, channel: str, delivery_id: str) -> bool:
        async with self.db.reading() as conn:
            return await Repos(conn).deliveries.seen(channel, delivery_id)

    async def mark_blocked(self, channel: str, external_id: str, now: datetime) -> bool:
        """The person blocked the bot (a ``my_chat_member`` update): stop sending to them
        until they write again (the engine clears the mark on their next message); their
        queue is cancelled and staff talking with them are told. True the first time."""
        async with self.db.transaction() as conn:
            gone = await unreachable(Repos(conn), channel, external_id, now, why=Why.BLOCKED,
                                     reason="blocked the bot")
        return gone.newly
