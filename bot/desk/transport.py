"""Desk jobs → Bot API calls in the staff forum group (``STAFF_CHAT_ID``).

Every job is one outbox row of the ``desk`` channel. The sender runs them one at a time,
in order for each ticket and urgent tickets first, within the group's limit of about 20
posts a minute across all topics. A job that takes several calls (a new ticket: topic,
card, pin) stores what is done after each step, so a retry continues instead of opening
a second topic. A topic someone deleted answers "message thread not found": it is
recreated with its card, and the job is tried again there.

When many jobs wait (a surge: the group's budget is short), each ticket costs fewer
posts: a new ticket's card carries the person's first words and is pinned later, once
the jobs queued before the pin are done, and a person's messages waiting for the same
topic go as one post.

Everything posted is sent with ``protect_content``. Never logs what anybody wrote.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from typing import assert_never

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
)

from bot.desk.erased import ticket_erased
from bot.desk.topics import Group, thread_gone
from bot.engine import DESK_CHANNEL, Clock, add_desk_effects, utc_now
from bot.i18n import Renderer
from bot.kit.telegram_errors import TelegramError, sender_error
from bot.kit.text import utf16_len
from bot.sender import Delivered, Limits, Rejected, RetryLater
from bot.telegram.transport import TEXT_LIMIT, TelegramTransport
from flows.profile import Profile
from flows.staff import texts
from flows.staff.effects import (
    DeskEffect,
    OpenTicket,
    PersonBlocked,
    PersonSaid,
    PinCard,
    PostToTopic,
    RaiseAlert,
    Retitle,
    SlaBreached,
    TicketClosed,
    TicketErased,
    TicketReopened,
    UndecodableEffect,
    decode,
    ticket_of,
)
from flows.text import Text, join
from storage.db import Database
from storage.repositories import OutboxRow, Repos
from storage.tickets import Ticket

log = logging.getLogger(__name__)

# One chat for all topics: about 20 messages a minute, a few seconds apart; and the posts
# count in the bot's overall 30 a second, which the desk shares with the Telegram channel.
DESK_LIMITS = Limits(per_chat_interval=3.0, group_per_minute=20, concurrency=1,
                     by_ticket=True, global_per_second=30)
# With this many desk jobs waiting, the group's budget is short (see the module's notes).
BUSY_BACKLOG = 10
SAID = "💬 "
# Answers that mean an operator must fix the group or the bot's rights; the job waits.
NEEDS_OPERATOR = ("not enough rights", "chat_admin_required", "chat not found",
                  "not a forum", "topics are disabled", "have no rights", "need administrator")
OPERATOR_WAIT = 60.0
# A Telegram person's media go by file id, with the method of their kind.
SEND_BY_KIND = {
    "photo": ("send_photo", "photo"),
    "video": ("send_video", "video"),
    "voice": ("send_voice", "voice"),
    "audio": ("send_audio", "audio"),
    "document": ("send_document", "document"),
    "sticker": ("send_sticker", "sticker"),
}
# A Viber person's media come as a URL that Telegram fetches itself.
SEND_BY_URL = {
    "photo": ("send_photo", "photo"),
    "video": ("send_video", "video"),
    "document": ("send_document", "document"),
}


# A caption goes with the media it belongs to, when the Bot API takes one that long.
CAPTION_LIMIT = 1024
NO_CAPTION = ("sticker", "location")


def caption_of(said: PersonSaid, kind: str) -> str | None:
    """The person's caption as the media's own caption (one post), if it fits."""
    words = said.caption
    if not words or kind in NO_CAPTION:
        return None
    caption = f"💬 {words}"
    return caption if len(caption.encode("utf-16-le")) // 2 <= CAPTION_LIMIT else None


class DeskTransport:
    """Delivers the ``desk`` channel's rows; see bot.sender.Transport."""

    channel = DESK_CHANNEL
    # The bot (token) whose limits its posts count in: several workers keep one schedule
    # for the people's chats and the staff groups (bot.kit.shared_pacer).
    account = TelegramTransport.channel

    def __init__(
        self, bot: Bot, db: Database, profile: Profile, renderer: Renderer, chat_id: int,
        *, limits: Limits | None = None, clock: Clock = utc_now,
    ) -> None:
        self.group = Group(bot, db, profile, renderer, chat_id)  # STAFF_CHAT_ID's
        self._groups = {chat_id: self.group}
        self.db = db
        self.clock = clock
        self._row: OutboxRow | None = None  # the job in flight (one at a time)
        self.bot = bot
        self.chat_id = chat_id
        self.limits = limits or DESK_LIMITS
        self.last_error: str | None = None
        self._closing = False
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def is_group(self, recipient: str) -> bool:
        return True

    def at(self, chat_id: int | None) -> Group:
        """The staff group ``chat_id`` (a queue's own), or the default one for None."""
        chat = self.chat_id if chat_id is None else int(chat_id)
        group = self._groups.get(chat)
        if group is None:
            group = self._groups[chat] = self.group.sibling(chat)
        return group

    def _posts(self) -> int:
        return sum(group.posts for group in self._groups.values())

    async def close(self, grace: float = 10.0) -> None:
        """Refuse new jobs (they stay pending) and let the one in flight finish."""
        self._closing = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), grace)

    def t(self, text: Text) -> str:
        return self.group.t(text)

    async def _ticket(self, ticket_id: int) -> Ticket | None:
        return await self.group.ticket(ticket_id)

    # -- the sender's entry point ---------------------------------------------------------

    async def deliver(self, row: OutboxRow) -> str | Delivered | None:
        if self._closing:
            raise RetryLater(1.0, "the staff desk is stopping")
        token = self.bot.token
        self._in_flight += 1
        self._idle.clear()
        self._row = row
        posts = self._posts()
        try:
            try:
                effect = decode(row.payload)
            except UndecodableEffect as exc:
                raise Rejected(str(exc)) from None
            result = await self._run(effect)
        except TelegramError as exc:
            raise sender_error(exc, token, private=False, operator=self._operator,
                               operator_hints=NEEDS_OPERATOR) from None
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()
        self.last_error = None
        delivered = result if isinstance(result, Delivered) else Delivered(result)
        return replace(delivered, posts=self._posts() - posts)

    def _operator(self, reason: str) -> RetryLater:
        self.last_error = reason
        log.error("staff group %s: %s; check STAFF_CHAT_ID and that the bot is an admin"
                  " with Manage Topics and Pin Messages", self.chat_id, reason)
        return RetryLater(OPERATOR_WAIT, reason)

    async def _run(self, effect: DeskEffect) -> str | Delivered | None:
        try:
            return await self._do(effect)
        except TelegramBadRequest as exc:
            ticket_id = ticket_of(effect)
            if not thread_gone(exc) or ticket_id is None:
                raise
        # Someone deleted the topic: forget it, and do the job again (which recreates it).
        log.warning("the topic of ticket %s is gone; recreating it", ticket_id)
        await self.group.forget_topic(ticket_id)
        return await self._do(effect)

    async def _do(self, effect: DeskEffect) -> str | Delivered | None:
        match effect:
            case OpenTicket():
                return await self._ticket_opened(effect)
            case PinCard():
                return await self._pin(effect)
            case PersonSaid():
                return await self._person_message(effect)
            case TicketClosed():
                return await self._ticket_closed(effect)
            case TicketReopened():
                return await self._ticket_reopened(effect)
            case RaiseAlert():
                return await self._alert(effect)
            case SlaBreached():
                return await self._sla(effect)
            case PostToTopic():
                return await self._post(effect)
            case PersonBlocked():
                return await self._person_blocked(effect)
            case Retitle():
                return await self._retitle(effect)
            case TicketErased():
                return await ticket_erased(self.at(effect.group), effect)
            case _:
                assert_never(effect)

    # -- the ops ----------------------------------------------------------------------------

    async def _ticket_opened(self, effect: OpenTicket) -> str | Delivered | None:
        ticket = await self._ticket(effect.ticket)
        if ticket is None:
            return None
        group = self.at(ticket.staff_chat_id)
        if ticket.card_message_id is not None or not await self._busy():
            return str(await group.ensure_topic(ticket, pin=True))
        # A surge: the card carries the person's first words, and is pinned later.
        room = TEXT_LIMIT - utf16_len(group.card(ticket)) - 2
        words, also = await self._waiting_words(ticket.id, room)
        thread = await group.ensure_topic(ticket, pin_new=False,
                                               below_card="\n\n".join(words))
        await self._pin_later(ticket.id)
        return Delivered(str(thread), also)

    async def _pin(self, effect: PinCard) -> str | None:
        ticket = await self._ticket(effect.ticket)
        if ticket is None:
            return None
        group = self.at(ticket.staff_chat_id)
        await group.ensure_topic(ticket, pin=True)
        return None

    async def _person_message(self, effect: PersonSaid) -> str | Delivered | None:
        ticket = await self._ticket(effect.ticket)
        if ticket is None:
            return None
        group = self.at(ticket.staff_chat_id)
        thread = await group.ensure_topic(ticket)
        said = self._words(effect)
        if said is not None and await self._busy():
            # A surge: what the person wrote meanwhile goes with it, as one post.
            words, also = await self._waiting_words(ticket.id, TEXT_LIMIT - utf16_len(said) - 2)
            return Delivered(await group.say("\n\n".join([said, *words]), thread), also)
        sent: str | None = None
        if effect.text:
            sent = await group.say(SAID + effect.text, thread)
        if effect.contact:
            sent = await group.say("📞 " + effect.contact, thread)
        if effect.attachment:
            sent = await self._media(group, effect, effect.attachment.value, thread)
            if effect.caption and not caption_of(effect, effect.attachment.value):
                sent = await group.say("💬 " + effect.caption, thread)  # too long
        return sent

    # -- a surge ------------------------------------------------------------------------

    async def _busy(self) -> bool:
        async with self.db.reading() as conn:
            return await Repos(conn).outbox.count_pending_in(DESK_CHANNEL) >= BUSY_BACKLOG

    @staticmethod
    def _words(effect: DeskEffect) -> str | None:
        """A person's message that is only text, as staff see it; None for anything else."""
        if not isinstance(effect, PersonSaid):
            return None
        text = effect.words_only
        return SAID + text if text else None

    async def _waiting_words(self, ticket_id: int, room: int) -> tuple[list[str], tuple[int, ...]]:
        """The person's text messages queued right behind the job in flight for this
        ticket, as many as fit in ``room`` (UTF-16 units), and their rows."""
        assert self._row is not None
        async with self.db.reading() as conn:
            later = await Repos(conn).outbox.pending_for_ticket(DESK_CHANNEL, ticket_id,
                                                                self._row.id)
        words: list[str] = []
        rows: list[int] = []
        for row in later:
            try:
                said = self._words(decode(row.payload))
            except UndecodableEffect:
                said = None
            if said is None or utf16_len(said) + 2 > room:
                break
            room -= utf16_len(said) + 2
            words.append(said)
            rows.append(row.id)
        return words, tuple(rows)

    async def _pin_later(self, ticket_id: int) -> None:
        """Queue the card's pin behind what waits now; a pin that cannot be queued is
        only a convenience lost, never a message."""
        try:
            async with self.db.transaction() as conn:
                await add_desk_effects(Repos(conn), [PinCard(ticket_id)], self.clock())
        except Exception as exc:
            log.warning("ticket %s: its card will not be pinned (%s)", ticket_id,
                        type(exc).__name__)

    async def _media(self, group: Group, said: PersonSaid, kind: str, thread: int) -> str:
        ref = said.media_ref
        if kind == "location":
            where = texts.location(str(ref)) if ref else texts.LOCATION_UNKNOWN
            return await group.say(self.t(where), thread)
        viber = said.channel != "telegram"
        send = (SEND_BY_URL if viber else SEND_BY_KIND).get(kind)
        caption = caption_of(said, kind)
        if ref and send is not None:
            method, field = send
            group.posts += 1
            try:
                sent = await getattr(self.bot, method)(
                    chat_id=group.chat_id, message_thread_id=thread, protect_content=True,
                    **{field: str(ref)}, **({"caption": caption} if caption else {}))
                return str(sent.message_id)
            except TelegramBadRequest as exc:
                if thread_gone(exc):
                    raise
                log.info("ticket %s: %s could not be copied (%s)", said.ticket, kind,
                         type(exc).__name__)
        words = f"\n💬 {said.caption}" if said.caption else ""
        if ref and viber and str(ref).startswith("https://"):
            return await group.say(self.t(texts.media_link(kind, str(ref))) + words,
                                        thread)
        return await group.say(self.t(texts.cannot_show(kind)) + words, thread)

    async def _ticket_closed(self, effect: TicketClosed) -> str | None:
        ticket = await self._ticket(effect.ticket)
        if ticket is None:
            return None
        group = self.at(ticket.staff_chat_id)
        thread = await group.ensure_topic(ticket)
        note: Text = texts.CLOSED_BY_PERSON if effect.by is None \
            else texts.closed_by_staff(effect.by)
        if effect.resolution:
            note = join(note, texts.resolution(effect.resolution), separator="\n")
        sent = await group.say(self.t(note), thread)
        await group.close_topic(thread)
        return sent

    async def _ticket_reopened(self, effect: TicketReopened) -> str | None:
        ticket = await self._ticket(effect.ticket)
        if ticket is None:
            return None
        group = self.at(ticket.staff_chat_id)
        thread = await group.ensure_topic(ticket)
        await group.reopen_topic(thread)
        return await group.say(self.t(texts.reopened(effect.by)), thread)

    async def _alert(self, effect: RaiseAlert) -> str | None:
        ticket = await self._ticket(effect.ticket)
        if ticket is None:
            return None
        group = self.at(ticket.staff_chat_id)
        thread = await group.ensure_topic(ticket)
        await group.rename(ticket, thread)
        headline = (texts.marked_urgent(ticket.id, effect.by) if effect.by
                    else texts.alert(ticket.id, effect.category or "—"))
        return await group.announce(headline, thread)

    async def _sla(self, effect: SlaBreached) -> str | None:
        ticket = await self._ticket(effect.ticket)
        if ticket is None:
            return None
        group = self.at(ticket.staff_chat_id)
        thread = await group.ensure_topic(ticket)
        await group.rename(ticket, thread)
        queue = group.profile.queue(ticket.queue)
        name = self.t(queue.name.text) if queue else ticket.queue
        return await group.announce(texts.sla(ticket.id, name, effect.minutes), thread)

    async def _retitle(self, effect: Retitle) -> str | None:
        ticket = await self._ticket(effect.ticket)
        if ticket is None or ticket.topic_id is None:
            return None
        group = self.at(ticket.staff_chat_id)
        await group.rename(ticket, ticket.topic_id)
        return None

    async def _post(self, effect: PostToTopic) -> str | None:
        thread = effect.thread
        group = self.at(effect.group)  # where the staff member wrote
        if effect.ticket is not None:
            ticket = await self._ticket(effect.ticket)
            if ticket is not None:  # its current topic, recreated if it was deleted
                group = self.at(ticket.staff_chat_id)
                thread = await group.ensure_topic(ticket)
        try:
            return await group.say(effect.text, thread or None)
        except TelegramBadRequest as exc:
            if not thread_gone(exc) or effect.ticket is not None:
                raise
        return await group.say(effect.text, None)  # a topic with no ticket: General

    async def _person_blocked(self, effect: PersonBlocked) -> str | None:
        ticket = await self._ticket(effect.ticket)
        if ticket is None:
            return None
        group = self.at(ticket.staff_chat_id)
        thread = await group.ensure_topic(ticket)
        return await group.say(self.t(texts.PERSON_BLOCKED), thread)

