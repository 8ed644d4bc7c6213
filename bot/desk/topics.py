"""The staff group's topics: one per ticket, named, with its card pinned.

``Group.ensure_topic`` creates what is missing (the topic, the card, the pin) and stores
each step at once, so a retry after a failure half-way continues where it stopped and
never opens a second topic. A topic or card Telegram has created is known from that
moment: if the database cannot store it (a full disk, a lock held by another process), it
is kept in memory and stored with the next write.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.desk.ops import callback_data, icon_color, topic_link, topic_name
from bot.i18n import Renderer
from bot.telegram.transport import split_text
from flows.profile import Profile
from flows.staff import texts
from flows.text import Text, join
from storage.db import Database
from storage.repositories import Repos
from storage.tickets import Ticket

log = logging.getLogger(__name__)

CARD_LIMIT = 4000
# Answers that mean the topic is gone (deleted by someone in the group).
THREAD_GONE = ("message thread not found", "topic_deleted", "topic_id_invalid",
               "thread not found")
NOT_MODIFIED = ("not_modified", "not modified")


def thread_gone(exc: TelegramBadRequest) -> bool:
    return any(hint in exc.message.lower() for hint in THREAD_GONE)


def not_modified(exc: TelegramBadRequest) -> bool:
    return any(hint in exc.message.lower() for hint in NOT_MODIFIED)


@dataclass(frozen=True)
class Known:
    """A ticket's topic and card as Telegram has them, not yet in the database."""

    topic_id: int | None
    card_message_id: int | None


class Group:
    """The forum supergroup at ``chat_id``, as the desk posts into it."""

    def __init__(self, bot: Bot, db: Database, profile: Profile, renderer: Renderer,
                 chat_id: int) -> None:
        self.bot = bot
        self.db = db
        self.profile = profile
        self.renderer = renderer
        self.chat_id = chat_id
        self.locale = profile.agency.staff_locale
        # Each topic's name as this process last set it: a rename to the same name is a
        # wasted call (and the real API answers 400 TOPIC_NOT_MODIFIED). After a restart
        # the first rename of a topic goes out once more.
        self._names: dict[int, str] = {}
        self._unsaved: dict[int, Known] = {}
        # Calls that post into the group (all count against its 20 a minute).
        self.posts = 0

    def sibling(self, chat_id: int) -> Group:
        """Another staff group (a queue's own), sharing what is not yet stored."""
        other = Group(self.bot, self.db, self.profile, self.renderer, chat_id)
        other._unsaved = self._unsaved
        return other

    def t(self, text: Text) -> str:
        return self.renderer.text(text, self.locale)

    async def ticket(self, ticket_id: int) -> Ticket | None:
        await self.flush()
        async with self.db.reading() as conn:
            ticket = await Repos(conn).tickets.get(ticket_id)
        known = self._unsaved.get(ticket_id)
        if ticket is None or known is None:
            return ticket
        return replace(ticket, topic_id=known.topic_id, card_message_id=known.card_message_id)

    async def store(self, change: Callable[[Repos], Awaitable[None]]) -> None:
        async with self.db.transaction() as conn:
            await change(Repos(conn))

    async def remember(self, ticket: Ticket, topic_id: int | None,
                       card_message_id: int | None) -> None:
        """What Telegram now has for this ticket; stored at once if the database lets us."""
        self._unsaved[ticket.id] = Known(topic_id, card_message_id)
        await self.flush()

    async def flush(self) -> bool:
        if not self._unsaved:
            return True
        held = dict(self._unsaved)
        try:
            async with self.db.transaction() as conn:
                tickets = Repos(conn).tickets
                for ticket_id, known in held.items():
                    await tickets.set_topic(ticket_id, known.topic_id)
                    await tickets.set_card_message(ticket_id, known.card_message_id)
        except Exception as exc:
            log.warning("%s ticket topic(s) not stored yet (%s); kept in memory", len(held),
                        type(exc).__name__)
            return False
        for ticket_id, known in held.items():
            if self._unsaved.get(ticket_id) == known:
                del self._unsaved[ticket_id]
        return True

    async def forget_topic(self, ticket_id: int) -> None:
        ticket = await self.ticket(ticket_id)
        if ticket is not None:
            await self.remember(ticket, None, None)

    async def ensure_topic(self, ticket: Ticket, *, pin: bool = False, pin_new: bool = True,
                           below_card: str = "") -> int:
        """The ticket's topic, with its pinned card; creates what is missing. A new card
        is pinned unless ``pin_new`` is False, and carries ``below_card`` after it."""
        thread = ticket.topic_id
        if thread is None:
            name = topic_name(ticket, self.profile, self.renderer, self.locale)
            self.posts += 1
            topic = await self.bot.create_forum_topic(
                chat_id=self.chat_id, name=name, icon_color=icon_color(ticket),
            )
            created = topic.message_thread_id
            self._names[created] = name
            thread = created
            await self.remember(ticket, thread, None)
            ticket_card = None
        else:
            ticket_card = ticket.card_message_id
        if ticket_card is None:
            card = self.card(ticket) + (f"\n\n{below_card}" if below_card else "")
            self.posts += 1
            sent = await self.bot.send_message(
                chat_id=self.chat_id, message_thread_id=thread, text=card,
                reply_markup=self.buttons(ticket), protect_content=True,
            )
            ticket_card, pin = sent.message_id, pin or pin_new
            await self.remember(ticket, thread, ticket_card)
        if pin:
            self.posts += 1
            await self.bot.pin_chat_message(chat_id=self.chat_id, message_id=ticket_card,
                                            disable_notification=True)
        return thread

    def card(self, ticket: Ticket) -> str:
        card = ticket.card.strip() or f"#{ticket.id}"
        return card if len(card) <= CARD_LIMIT else card[: CARD_LIMIT - 1] + "…"

    def buttons(self, ticket: Ticket) -> InlineKeyboardMarkup:
        def button(label: Text, action: str) -> InlineKeyboardButton:
            return InlineKeyboardButton(text=self.t(label),
                                        callback_data=callback_data(action, ticket.id))

        rows = [[button(texts.CLAIM, "claim"), button(texts.CLOSE, "close"),
                 button(texts.URGENT, "urgent")]]
        if ticket.kind == "safeguarding":
            rows.append([button(texts.FALSE_ALARM, "fp")])
        return InlineKeyboardMarkup(inline_keyboard=rows)

    async def rename(self, ticket: Ticket, thread: int) -> None:
        name = topic_name(ticket, self.profile, self.renderer, self.locale)
        if self._names.get(thread) == name:
            return
        self.posts += 1
        try:
            await self.bot.edit_forum_topic(chat_id=self.chat_id, message_thread_id=thread,
                                            name=name)
        except TelegramBadRequest as exc:
            if not not_modified(exc):
                raise
        self._names[thread] = name

    async def say(self, text: str, thread: int | None) -> str:
        """Post a text (split when long) into a topic, or into General without one."""
        message_id = 0
        for part in split_text(text):
            self.posts += 1
            sent = await self.bot.send_message(chat_id=self.chat_id, message_thread_id=thread,
                                               text=part, protect_content=True)
            message_id = sent.message_id
        return str(message_id)

    async def announce(self, headline: Text, thread: int | None) -> str:
        link = topic_link(self.chat_id, thread)
        return await self.say(self.t(join(headline, texts.open_topic(link) if link else None,
                                          separator="\n")), None)

    async def close_topic(self, thread: int) -> None:
        self.posts += 1
        try:
            await self.bot.close_forum_topic(chat_id=self.chat_id, message_thread_id=thread)
        except TelegramBadRequest as exc:
            if not not_modified(exc):
                raise

    async def reopen_topic(self, thread: int) -> None:
        self.posts += 1
        try:
            await self.bot.reopen_forum_topic(chat_id=self.chat_id, message_thread_id=thread)
        except TelegramBadRequest as exc:
            if not not_modified(exc):
                raise
