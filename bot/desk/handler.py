"""Updates from the staff groups: each staff message or card button becomes a staff event
(``flows.staff.event``) that the engine handles on a person's path, under the lock of the
ticket's person, in one transaction, claimed by its ``update_id`` in the same delivery
namespace as the people's updates (``telegram``: one bot, one sequence of update ids).

What stays here is the forum's plumbing: reading the update, the ✍ on a stored note and
the pop-up of a pressed button, after the commit. Nothing anybody wrote is logged.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, Message, ReactionTypeEmoji, Update

from bot.desk.ops import parse_callback
from bot.desk.said import CONTENT, read
from bot.runtime import Runtime
from flows.staff.context import DeskSetup, Reach
from flows.staff.event import Actor, Pressed, StaffEvent, Where

log = logging.getLogger(__name__)

# The delivery namespace: the Telegram bot's, shared with people's updates.
DELIVERIES = "telegram"
NOTE_REACTION = "✍"

Spawn = Callable[[Coroutine[Any, Any, None]], None]


def reach_of(can_serve_files: Callable[[], bool]) -> Callable[[str], Reach]:
    """What each person channel can show of a staff message in a Telegram group."""
    def reach(channel: str) -> Reach:
        if channel == "telegram":  # the same messenger: copied as it is
            return Reach(copies=True, takes_files=True)
        return Reach(copies=False, takes_files=can_serve_files())

    return reach


class DeskHandler:
    """``TelegramChannel.staff_handler``: True when handled, False for a duplicate."""

    def __init__(self, runtime: Runtime, bot: Bot, chat_id: int,
                 can_serve_files: Callable[[], bool], spawn: Spawn) -> None:
        self.runtime = runtime
        self.bot = bot
        self.chat_id = chat_id
        self.spawn = spawn
        self.setup = DeskSetup(chat_id, reach_of(can_serve_files))

    async def __call__(self, update: Update) -> bool:
        if update.callback_query is not None:
            return await self._press(update.update_id, update.callback_query)
        if update.message is not None:
            return await self._message(update.update_id, update.message)
        return True  # membership changes and the like: nothing for the desk

    def group_of(self, chat_id: int) -> int | None:
        """A staff group as tickets and desk effects name it: None for the default one."""
        return None if chat_id == self.chat_id else chat_id

    async def _message(self, update_id: int, message: Message) -> bool:
        user = message.from_user
        if user is None or message.content_type not in CONTENT:
            return True
        if user.is_bot and message.sender_chat is None:
            return True  # another bot
        # An anonymous admin writes as the group itself and cannot be told apart.
        actor = Actor(None if message.sender_chat is not None else user.id)
        thread = message.message_thread_id if message.is_topic_message else None
        event = StaffEvent(DELIVERIES, str(update_id), actor,
                           Where(self.group_of(message.chat.id), thread), read(message))
        outcome = await self.runtime.engine.handle_staff(event, self.setup)
        if outcome is None:
            return False
        if outcome.noted:
            self.spawn(self._react(message.chat.id, message.message_id))
        return True

    async def _press(self, update_id: int, query: CallbackQuery) -> bool:
        parsed = parse_callback(query.data)
        if parsed is None:  # not a desk button: only the spinner stops
            self.spawn(self._answer(query.id, None))
            return True
        chat = query.message.chat.id if query.message is not None else self.chat_id
        event = StaffEvent(DELIVERIES, str(update_id), Actor(query.from_user.id),
                           Where(self.group_of(chat), None), Pressed(*parsed))
        outcome = await self.runtime.engine.handle_staff(event, self.setup)
        if outcome is None:
            return False
        self.spawn(self._answer(query.id, outcome.answer))
        return True

    async def _react(self, chat_id: int, message_id: int) -> None:
        """A quiet ✍ on an internal note: stored, and not sent to anybody."""
        with contextlib.suppress(Exception):
            await self.bot.set_message_reaction(
                chat_id=chat_id, message_id=message_id,
                reaction=[ReactionTypeEmoji(emoji=NOTE_REACTION)])

    async def _answer(self, query_id: str, text: str | None) -> None:
        with contextlib.suppress(Exception):
            await self.bot.answer_callback_query(
                query_id, text=text[:200] if text is not None else None)
