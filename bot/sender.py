"""Delivers outbox rows through each channel's transport, within the channel's limits.

Only the oldest pending row of each recipient is ever in flight, so every chat keeps its
order. Before a batch is handed to the messengers its rows are recorded as being sent;
once a messenger has accepted a row, the row is sent, whatever happens to the database
afterwards: if marking it fails (a full disk, a lock held by another process), the mark
is kept in memory and committed on a later pass, and the row is never offered again.
Telegram and Viber have no idempotency key, so the one message that can reach a person
twice is one whose send was under way at the instant the process died: a restart finds
it still recorded as being sent, and sends it again, once. With several workers on
PostgreSQL a row is claimed and marked in one transaction, by one worker; a dead
worker's marked rows are claimed by another once their ``LEASE`` has run out (a live
worker renews the marks of its slow sends), so again only the message whose send was
under way at the kill, at most one per chat, may reach its chat twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Protocol

from bot.engine import Clock, utc_now
from bot.kit.clock import REAL, Ticker
from bot.kit.loop import run_periodically
from bot.kit.pacing import LocalPacer, Pacer
from bot.kit.reach import Why, unreachable
from storage.db import Database
from storage.outbox_codec import PayloadError
from storage.privacy import scrub_delivered
from storage.repositories import OutboxRow, Repos

log = logging.getLogger(__name__)

UpdateFn = Callable[[Repos], Awaitable[None]]
# An idle sender looks again this often, or at once when a commit wakes it.
IDLE_WAIT = 0.25
# On PostgreSQL a row marked as being sent longer ago than this is taken to belong to a
# worker that died, and is sent again by whoever claims it next (a live worker renews
# the mark of its slow sends every half lease). Short, because a dead worker's row holds
# back everything behind it in its chat: its person waits at most this long.
LEASE = timedelta(seconds=30)


class RetryLater(Exception):
    """The messenger asked us to wait (Telegram 429, Viber status 12) or was unavailable."""

    def __init__(self, seconds: float, reason: str, *, throttled: bool = False) -> None:
        super().__init__(reason)
        self.seconds = seconds
        self.throttled = throttled


@dataclass(frozen=True)
class Delivered:
    """What a transport reports when one call delivered more than its row: ``also`` are
    later rows of the same channel whose content went out with it (coalesced)."""

    external_id: str | None
    also: tuple[int, ...] = ()
    # How many of the chat's messages it took (a group's limit counts each).
    posts: int = 1


@dataclass(frozen=True)
class Unrecorded:
    """A row the messenger accepted and the database has not yet recorded as sent."""

    row_id: int
    sent_at: datetime
    external_id: str | None
    retried: bool = False


class Unreachable(Exception):
    """The person blocked the bot, deleted their account or unsubscribed."""


class Rejected(Exception):
    """The messenger refused this message for good; retrying would not help."""


@dataclass(frozen=True)
class Limits:
    """A channel's limits, as bot/kit/pacing.py keeps them: a private chat takes up to
    ``chat_burst`` messages at once and then one per ``per_chat_interval``; a group one
    per ``per_chat_interval`` and at most ``group_per_minute`` in any minute."""

    per_chat_interval: float = 0.0
    chat_burst: int = 1
    group_per_minute: int | None = None
    global_per_second: float | None = None
    concurrency: int = 8
    # Order rows per ticket (urgent tickets first) rather than per recipient: the desk.
    by_ticket: bool = False


class Transport(Protocol):
    channel: str
    limits: Limits

    def is_group(self, recipient: str) -> bool: ...

    async def deliver(self, row: OutboxRow) -> str | Delivered | None:
        """Send one row; return the messenger's message id. Raise the errors above."""


def backoff(attempts: int) -> float:
    return float(min(300, 2 ** min(attempts, 9)))


class Sender:
    """``pacers``: where each channel's calls wait for their turn (by default a
    :class:`LocalPacer` per channel, which is exact for one process; several workers on
    PostgreSQL share ``bot.kit.shared_pacer.SharedPacer``). A transport that has a
    ``pacer`` of its own paces each of its calls itself (a row may take several); the
    sender gives it the channel's pacer, and paces the other transports' rows."""

    def __init__(
        self,
        db: Database,
        transports: Iterable[Transport],
        *,
        wake: asyncio.Event | None = None,
        clock: Clock = utc_now,
        ticker: Ticker = REAL,
        pacers: Mapping[str, Pacer] | None = None,
        lease: timedelta = LEASE,
    ) -> None:
        self.db = db
        self.transports = {t.channel: t for t in transports}
        self.ticker = ticker
        self.pacers: dict[str, Pacer] = {}
        self._paces_calls: set[str] = set()
        for channel, transport in self.transports.items():
            given = (pacers or {}).get(channel)
            if getattr(transport, "pacer", None) is not None:
                if given is not None:
                    setattr(transport, "pacer", given)  # noqa: B010 (not in the Protocol)
                self.pacers[channel] = getattr(transport, "pacer")  # noqa: B009
                self._paces_calls.add(channel)
            else:
                self.pacers[channel] = given or LocalPacer(transport.limits, ticker)
        self.lease = lease
        self.wake = wake or asyncio.Event()
        self.clock = clock
        self.sent_count = 0
        # Accepted by a messenger, not yet committed as sent: never offered again.
        self.unrecorded: dict[int, Unrecorded] = {}
        self._checked_interrupted = False
        # Rows being delivered by ``run``'s tasks, by channel: each finishes on its own.
        self._in_flight: dict[str, dict[int, asyncio.Task[int]]] = {
            channel: {} for channel in self.transports}
        # When each row in flight was last marked as being sent (its lease).
        self._marked: dict[int, datetime] = {}

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until ``stop``; then let the sends under way finish. Up to a channel's
        ``concurrency`` rows are in flight at once, and a slot that frees up is used at
        once: no send waits for the slowest of a batch."""
        try:
            await run_periodically(self._start_due, stop, interval=IDLE_WAIT,
                                   wake=self.wake, failed="sender pass failed", logger=log,
                                   ticker=self.ticker)
        finally:
            tasks = [t for flying in self._in_flight.values() for t in flying.values()]
            if tasks:
                await asyncio.wait(tasks)

    async def _start_due(self) -> int:
        return await self.deliver_due(wait=False)

    async def deliver_due(self, channels: Iterable[str] | None = None, *,
                          wait: bool = True) -> int:
        """One pass: send each ready recipient's head-of-line row; return how many went
        (with ``wait=False``: how many sends were started, each in a task of its own)."""
        await self.record_unrecorded()
        if not self._checked_interrupted:
            await self._report_interrupted()
        sent = 0
        for channel in channels or list(self.transports):
            transport = self.transports[channel]
            limits = transport.limits
            pacer = self.pacers[channel]
            flying = self._in_flight[channel]
            room = max(1, limits.concurrency) - len(flying)
            if room <= 0 and not self._renewal_due(channel):
                continue

            def ready(rows: list[OutboxRow], flying: dict[int, asyncio.Task[int]] = flying,
                      transport: Transport = transport, pacer: Pacer = pacer,
                      room: int = room) -> list[OutboxRow]:
                return [
                    row for row in rows
                    if row.id not in self.unrecorded and row.id not in flying
                    and pacer.ready(row.recipient, transport.is_group(row.recipient))
                ][: max(0, room)]

            try:
                batch = await self._claim(channel, limits.by_ticket, ready)
            except Exception as exc:  # then nothing is sent: a fault costs time, not twice
                log.warning("%s: cannot record the next sends (%s); waiting", channel,
                            type(exc).__name__)
                continue
            if not batch:
                continue
            if not wait:
                for row in batch:
                    task = asyncio.create_task(self._deliver(transport, row))
                    flying[row.id] = task
                    task.add_done_callback(partial(self._landed, channel, row.id))
                sent += len(batch)
                continue
            results = await asyncio.gather(*(self._deliver(transport, row) for row in batch))
            sent += sum(results)
        return sent

    def _renewal_due(self, channel: str) -> bool:
        if self.db.dialect != "postgres":
            return False
        old = self.clock() - self.lease / 2
        return any(self._marked.get(row_id, old) <= old for row_id in self._in_flight[channel])

    async def _claim(self, channel: str, by_ticket: bool,
                     ready: Callable[[list[OutboxRow]], list[OutboxRow]]) -> list[OutboxRow]:
        """The rows to send now, recorded as being sent. On PostgreSQL the choice and the
        mark are one transaction, and the due rows are locked (``SKIP LOCKED``) until it
        commits: a row is claimed by one worker only, and a recipient with a row being sent
        by any worker is passed over, so each chat's order holds across workers. On
        SQLite (one process) the choice is a read and the mark a write of its own."""
        now = self.clock()
        if self.db.dialect != "postgres":
            async with self.db.reading() as conn:
                batch = ready(await _due(Repos(conn), channel, by_ticket, now, None))
            if batch:
                async with self.db.transaction() as conn:
                    await Repos(conn).outbox.mark_sending([row.id for row in batch], now)
            return batch
        flying = self._in_flight[channel]
        renew = [row_id for row_id in flying
                 if self._marked.get(row_id, now) <= now - self.lease / 2]
        async with self.db.transaction(exclusive=False) as conn:
            outbox = Repos(conn).outbox
            batch = ready(await _due(Repos(conn), channel, by_ticket, now, now - self.lease))
            if batch or renew:
                await outbox.mark_sending([row.id for row in batch] + renew, now)
        for row_id in renew:
            self._marked[row_id] = now
        for row in batch:
            self._marked[row.id] = now
        return batch

    def _landed(self, channel: str, row_id: int, task: asyncio.Task[int]) -> None:
        self._in_flight[channel].pop(row_id, None)
        self._marked.pop(row_id, None)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error("outbox %s: delivery failed unexpectedly (%s)", row_id,
                      type(error).__name__)
        self.wake.set()  # a slot is free

    async def record_unrecorded(self) -> bool:
        """Commit the sent marks that could not be written when their rows went out; True
        when nothing is left in memory."""
        if not self.unrecorded:
            return True
        held = list(self.unrecorded.values())
        retried = any(mark.retried for mark in held)
        try:
            async with self.db.transaction() as conn:
                outbox = Repos(conn).outbox
                for mark in held:
                    await outbox.mark_sent(mark.row_id, mark.sent_at, mark.external_id)
                    await scrub_delivered(conn, mark.row_id, mark.sent_at)  # no texts pile up
        except Exception as exc:
            log.log(logging.DEBUG if retried else logging.WARNING,
                    "%s sent message(s) not recorded yet (%s); retrying", len(held),
                    type(exc).__name__)
            for mark in held:
                self.unrecorded[mark.row_id] = replace(mark, retried=True)
            return False
        for mark in held:
            self.unrecorded.pop(mark.row_id, None)
        if retried:
            log.info("%s sent message(s) recorded after a storage fault", len(held))
        return True

    async def _report_interrupted(self) -> None:
        # On PostgreSQL the rows of live workers are theirs: only expired leases count.
        before = self.clock() - self.lease if self.db.dialect == "postgres" else None
        async with self.db.reading() as conn:
            count = await Repos(conn).outbox.interrupted(before)
        self._checked_interrupted = True
        if count:
            log.warning("%s message(s) were being sent when the bot stopped; they are sent"
                        " again, and may reach their recipient twice", count)

    async def _deliver(self, transport: Transport, row: OutboxRow) -> int:
        is_group = transport.is_group(row.recipient)
        pacer = self.pacers[transport.channel]
        paced_by_us = transport.channel not in self._paces_calls
        if paced_by_us:
            await pacer.turn(row.recipient, is_group)
        try:
            try:
                result = await transport.deliver(row)
            finally:
                if paced_by_us:
                    await pacer.done(row.recipient, is_group)
        except RetryLater as exc:
            wait = exc.seconds if exc.throttled else max(exc.seconds, backoff(row.attempts))
            await self._retry(pacer, row, wait, str(exc))
            return 0
        except Unreachable as exc:
            why = str(exc)
            await self._settle_failure(row, lambda: self._unreachable(row, why))
            return 0
        except (Rejected, PayloadError) as exc:
            reason = str(exc)
            await self._settle_failure(
                row, lambda: self._update(lambda r: r.outbox.mark_failed(row.id, reason)))
            log.error("outbox %s: %s %s: %s", row.id,
                      "unreadable for" if isinstance(exc, PayloadError) else "rejected by",
                      row.channel, reason)
            return 0
        except Exception as exc:  # network errors and the unexpected: retry, never drop
            await self._retry(pacer, row, backoff(row.attempts), type(exc).__name__)
            return 0
        delivered = result if isinstance(result, Delivered) else Delivered(result)
        now = self.clock()
        for row_id in (row.id, *delivered.also):
            external_id = delivered.external_id if row_id == row.id else None
            self.unrecorded[row_id] = Unrecorded(row_id, now, external_id)
        self.sent_count += 1
        await self.record_unrecorded()
        for _post in range(delivered.posts - 1 if paced_by_us else 0):
            await pacer.turn(row.recipient, is_group)  # the chat's budget pays for each
        return 1

    async def _retry(self, pacer: Pacer, row: OutboxRow, wait: float, reason: str) -> None:
        pacer.hold(row.recipient, wait)
        when = self.clock() + timedelta(seconds=wait)
        log.warning("outbox %s: retry in %.1fs (%s)", row.id, wait, reason)
        # Not sent: if even this cannot be written, the row is simply offered again.
        await self._settle_failure(
            row, lambda: self._update(lambda r: r.outbox.retry_later(row.id, when, reason)))

    async def _settle_failure(self, row: OutboxRow, write: Callable[[], Awaitable[None]]) -> None:
        try:
            await write()
        except Exception as exc:
            log.warning("outbox %s: its failed attempt could not be recorded (%s)", row.id,
                        type(exc).__name__)

    async def _unreachable(self, row: OutboxRow, reason: str) -> None:
        async with self.db.transaction() as conn:
            repos = Repos(conn)
            await repos.outbox.mark_failed(row.id, reason)
            await unreachable(repos, row.channel, row.recipient, self.clock(), why=Why.BLOCKED,
                              reason=reason, person_id=row.person_id)
        log.info("outbox %s: recipient unreachable on %s", row.id, row.channel)

    async def _update(self, change: UpdateFn) -> None:
        async with self.db.transaction() as conn:
            await change(Repos(conn))



async def _due(repos: Repos, channel: str, by_ticket: bool, now: datetime,
               marked_before: datetime | None) -> list[OutboxRow]:
    due = repos.outbox.due_by_ticket if by_ticket else repos.outbox.due
    return await due(channel, now, marked_before=marked_before)
