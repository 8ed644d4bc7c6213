"""The staff group's topics: one per ticket, named, with its card pinned.

``Group.ensure_topic`` creates what is missing (the topic, the card, the pin) and stores
each step at once, so a retry after a failure half-way continues where it stopped and
never opens a second topic.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.desk import texts
from bot.desk.ops import callback_data, icon_color, topic_link, topic_name
from bot.i18n import Renderer
from bot.telegram.transport import split_text
from flows.profile import Profile
from flows.text import Text, join
from storage.db import Database
from storage.repositories import Repos
from storage.tickets import Ticket

CARD_LIMIT = 4000
# Answers that mean the topic is gone (deleted by someone in the group).
THREAD_GONE = ("message thread not found", "topic_deleted", "topic_id_invalid",
               "thread not found")
NOT_MODIFIED = ("not_modified", "not modified")


def thread_gone(exc: TelegramBadRequest) -> bool:
    return any(hint in exc.message.lower() for hint in THREAD_GONE)


def not_modified(exc: TelegramBadRequest) -> bool:
    return any(hint in exc.message.lower() for hint in NOT_MODIFIED)


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

    def t(self, text: Text) -> str:
        return self.renderer.text(text, self.locale)

    async def ticket(self, ticket_id: int) -> Ticket | None:
        async with self.db.reading() as conn:
            return await Repos(conn).tickets.get(ticket_id)

    async def store(self, change: Callable[[Repos], Awaitable[None]]) -> None:
        async with self.db.transaction() as conn:
            await change(Repos(conn))

    async def forget_topic(self, ticket_id: int) -> None:
        async def forget(repos: Repos) -> None:
            await repos.tickets.set_topic(ticket_id, None)
            await repos.tickets.set_card_message(ticket_id, None)

        await self.store(forget)

    async def ensure_topic(self, ticket: Ticket, *, pin: bool = False) -> int:
        """The ticket's topic, with its pinned card; creates what is missing."""
        thread = ticket.topic_id
        if thread is None:
            name = topic_name(ticket, self.profile, self.renderer, self.locale)
            topic = await self.bot.create_forum_topic(
                chat_id=self.chat_id, name=name, icon_color=icon_color(ticket),
            )
            created = topic.message_thread_id
            self._names[created] = name
            thread = created
            await self.store(lambda repos: repos.tickets.set_topic(ticket.id, created))
            ticket_card = None
        else:
            ticket_card = ticket.card_message_id
        if ticket_card is None:
            sent = await self.bot.send_message(
                chat_id=self.chat_id, message_thread_id=thread, text=self.card(ticket),
                reply_markup=self.buttons(ticket), protect_content=True,
            )
            card_id = sent.message_id
            await self.store(lambda repos: repos.tickets.set_card_message(ticket.id, card_id))
            ticket_card, pin = card_id, True
        if pin:
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
            sent = await self.bot.send_message(chat_id=self.chat_id, message_thread_id=thread,
                                               text=part, protect_content=True)
            message_id = sent.message_id
        return str(message_id)

    async def announce(self, headline: Text, thread: int | None) -> str:
        link = topic_link(self.chat_id, thread)
        return await self.say(self.t(join(headline, texts.open_topic(link) if link else None,
                                          separator="\n")), None)

    async def close_topic(self, thread: int) -> None:
        try:
            await self.bot.close_forum_topic(chat_id=self.chat_id, message_thread_id=thread)
        except TelegramBadRequest as exc:
            if not not_modified(exc):
                raise

    async def reopen_topic(self, thread: int) -> None:
        try:
            await self.bot.reopen_forum_topic(chat_id=self.chat_id, message_thread_id=thread)
        except TelegramBadRequest as exc:
            if not not_modified(exc):
                raise
