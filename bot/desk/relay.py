"""Staff replies on a person's own messenger, drawn when they are sent.

The staff flow queues one neutral ``staff_reply`` row (``flows.staff.reply``) on the
person's channel. ``StaffRelay`` wraps that channel's transport and draws the row its way
at send time, after the commit: on Telegram the staff message is copied as it is (a text
from staff, such as a canned reply, goes as text); on Viber, which takes files by public
URL only, a staff file is fetched from Telegram now, served from ``/desk-media/``, and
sent with the words and the conversation's End button (Viber keyboards do not stay).
A file that cannot be fetched (too large for the Bot API) is not sent, and staff hear
it in the ticket's topic; Telegram being away only delays it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError

from bot.desk.media import MediaStore, Stored
from bot.engine import Clock, add_desk_effects
from bot.sender import Delivered, Limits, Rejected, RetryLater, Transport
from flows.staff import texts
from flows.staff.effects import PostToTopic
from flows.staff.reply import ROW_KIND, StaffReply, UndecodableReply
from flows.text import Text
from storage.db import Database
from storage.outbox_codec import (
    Copy,
    MediaKind,
    MediaRef,
    MediaSource,
    Rendered,
    encode,
    row_kind,
)
from storage.repositories import OutboxRow, Repos

log = logging.getLogger(__name__)

Draw = Callable[[OutboxRow, StaffReply], Awaitable[OutboxRow]]


class StaffRelay:
    """A person channel's transport, with its ``staff_reply`` rows drawn by ``draw``."""

    def __init__(self, inner: Transport, draw: Draw) -> None:
        self.inner = inner
        self.draw = draw
        self.channel = inner.channel
        self.limits: Limits = inner.limits

    def is_group(self, recipient: str) -> bool:
        return self.inner.is_group(recipient)

    async def deliver(self, row: OutboxRow) -> str | Delivered | None:
        if row.kind != ROW_KIND:
            return await self.inner.deliver(row)
        try:
            reply = StaffReply.from_json(row.payload)
        except UndecodableReply as exc:
            raise Rejected(str(exc)) from None
        return await self.inner.deliver(await self.draw(row, reply))


async def draw_for_telegram(row: OutboxRow, reply: StaffReply) -> OutboxRow:
    """The staff message copied as it is; staff's words (a canned reply) as text."""
    if reply.original is not None:
        return _drawn(row, Copy(reply.original.chat_id, reply.original.message_id))
    return _drawn(row, Rendered(reply.text))


def _drawn(row: OutboxRow, payload: Copy | Rendered) -> OutboxRow:
    return replace(row, kind=row_kind(payload), payload=dict(encode(payload)))


class ViberDrawing:
    """Draws staff replies for Viber, fetching a staff file at send time."""

    def __init__(self, bot: Bot, media: MediaStore, db: Database, staff_locale: str,
                 render: Callable[[Text, str], str], clock: Clock) -> None:
        self.bot = bot
        self.media = media
        self.db = db
        self.staff_locale = staff_locale
        self.render = render
        self.clock = clock
        # A file fetched for a row whose send must be retried: fetched once.
        self._fetched: dict[int, Stored] = {}

    async def __call__(self, row: OutboxRow, reply: StaffReply) -> OutboxRow:
        choices = (reply.end,) if reply.end is not None else ()
        media = None
        if reply.media is not None and reply.media.shown_as:
            stored = await self._fetch(row, reply)
            media = MediaRef(MediaSource.URL, MediaKind(reply.media.shown_as), stored.url,
                             reply.media.file_name, stored.size)
        return _drawn(row, Rendered(reply.text, choices, free_text=bool(choices), media=media))

    async def _fetch(self, row: OutboxRow, reply: StaffReply) -> Stored:
        known = self._fetched.get(row.id)
        if known is not None:
            return known
        assert reply.media is not None
        if not self.media.can_serve:
            await self._tell_staff(reply, texts.NO_MEDIA_FOR_VIBER)
            raise Rejected("no public URL for staff files")
        try:
            stored = await self.media.fetch(self.bot, reply.media.file_id,
                                            reply.media.file_name, reply.media.default_suffix)
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as exc:
            raise RetryLater(5.0, f"staff file: {type(exc).__name__}") from None
        except Exception as exc:  # too large for the Bot API, or gone
            log.warning("staff file not fetched for a Viber person: %s", type(exc).__name__)
            await self._tell_staff(reply, texts.MEDIA_FAILED)
            raise Rejected(f"staff file not fetched: {type(exc).__name__}") from None
        if len(self._fetched) > 100:
            self._fetched.clear()
        self._fetched[row.id] = stored
        return stored

    async def _tell_staff(self, reply: StaffReply, text: Text) -> None:
        if reply.ticket is None:
            return
        now = self.clock()
        async with self.db.transaction() as conn:
            await add_desk_effects(Repos(conn), [PostToTopic(
                self.render(text, self.staff_locale), ticket=reply.ticket)], now)
