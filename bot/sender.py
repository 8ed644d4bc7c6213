"""Delivers outbox rows through each channel's transport, within the channel's limits.

Only the oldest pending row of each recipient is ever in flight, so every chat keeps its
order. Before a batch is handed to the messengers its rows are recorded as being sent;
once a messenger has accepted a row, the row is sent, whatever happens to the database
afterwards: if marking it fails (a full disk, a lock held by another process), the mark
is kept in memory and committed on a later pass, and the row is never offered again.
Telegram and Viber have no idempotency key, so the one message that can reach a person
twice is one whose send was under way at the instant the process died: a restart finds
it still recorded as being sent, and sends it again, once.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Protocol

from bot.engine import Clock, utc_now
from bot.kit.clock import REAL, Ticker
from bot.kit.loop import run_periodically
from bot.kit.reach import Why, unreachable
from storage.db import Database
from storage.outbox_codec import PayloadError
from storage.privacy import scrub_delivered
from storage.repositories import OutboxRow, Repos

log = logging.getLogger(__name__)

UpdateFn = Callable[[Repos], Awaitable[None]]
# An idle sender looks again this often, or at once when a commit wakes it.
IDLE_WAIT = 0.25


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
    per_chat_interval: float = 0.0
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


class SlidingWindow:
    """At most ``count`` events in any ``seconds`` window."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self._times: deque[float] = deque()

    def wait_time(self, now: float) -> float:
        while self._times and now - self._times[0] >= self.seconds:
            self._times.popleft()
        if len(self._times) < self.count:
            return 0.0
        return self.seconds - (now - self._times[0])

    def record(self, now: float) -> None:
        self._times.append(now)


class ChannelLimiter:
    def __init__(self, limits: Limits, ticker: Ticker = REAL) -> None:
        self.limits = limits
        self.ticker = ticker
        self._next_for_chat: dict[str, float] = {}
        self._groups: dict[str, SlidingWindow] = {}
        self._global = (
            SlidingWindow(max(1, round(limits.global_per_second)), 1.0)
            if limits.global_per_second
            else None
        )

    def chat_ready(self, recipient: str, is_group: bool, now: float) -> bool:
        if self._next_for_chat.get(recipient, 0.0) > now:
            return False
        if is_group and self.limits.group_per_minute:
            window = self._groups.setdefault(
                recipient, SlidingWindow(self.limits.group_per_minute, 60.0)
            )
            return window.wait_time(now) == 0.0
        return True

    async def acquire_global(self) -> None:
        if self._global is None:
            return
        # A rate limit is about time, not about an event to wait for.
        while (delay := self._global.wait_time(self.ticker.monotonic())) > 0:
            await self.ticker.sleep(delay)
        self._global.record(self.ticker.monotonic())

    def sent(self, recipient: str, is_group: bool, now: float, posts: int = 1) -> None:
        self._next_for_chat[recipient] = now + self.limits.per_chat_interval
        if is_group and recipient in self._groups:
            for _post in range(posts):
                self._groups[recipient].record(now)

    def hold_chat(self, recipient: str, seconds: float) -> None:
        self._next_for_chat[recipient] = self.ticker.monotonic() + seconds


def backoff(attempts: int) -> float:
    return float(min(300, 2 ** min(attempts, 9)))


class Sender:
    def __init__(
        self,
        db: Database,
        transports: Iterable[Transport],
        *,
        wake: asyncio.Event | None = None,
        clock: Clock = utc_now,
        ticker: Ticker = REAL,
    ) -> None:
        self.db = db
        self.transports = {t.channel: t for t in transports}
        self.ticker = ticker
        self.limiters = {t.channel: ChannelLimiter(t.limits, ticker)
                         for t in self.transports.values()}
        self.wake = wake or asyncio.Event()
        self.clock = clock
        self.sent_count = 0
        # Accepted by a messenger, not yet committed as sent: never offered again.
        self.unrecorded: dict[int, Unrecorded] = {}
        self._checked_interrupted = False
        # Rows being delivered by ``run``'s tasks, by channel: each finishes on its own.
        self._in_flight: dict[str, dict[int, asyncio.Task[int]]] = {
            channel: {} for channel in self.transports}

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
            limiter = self.limiters[channel]
            async with self.db.reading() as conn:
                outbox = Repos(conn).outbox
                due = outbox.due_by_ticket if limiter.limits.by_ticket else outbox.due
                rows = await due(channel, self.clock())
            now = self.ticker.monotonic()
            flying = self._in_flight[channel]
            ready = [
                row
                for row in rows
                if row.id not in self.unrecorded and row.id not in flying
                and limiter.chat_ready(row.recipient, transport.is_group(row.recipient), now)
            ]
            batch = ready[: max(0, max(1, limiter.limits.concurrency) - len(flying))]
            if not batch:
                continue
            try:
                async with self.db.transaction() as conn:
                    await Repos(conn).outbox.mark_sending([row.id for row in batch],
                                                          self.clock())
            except Exception as exc:  # then nothing is sent: a fault costs time, not twice
                log.warning("%s: cannot record the next sends (%s); waiting", channel,
                            type(exc).__name__)
                continue
            if not wait:
                for row in batch:
                    task = asyncio.create_task(self._deliver(transport, limiter, row))
                    flying[row.id] = task
                    task.add_done_callback(partial(self._landed, channel, row.id))
                sent += len(batch)
                continue
            results = await asyncio.gather(
                *(self._deliver(transport, limiter, row) for row in batch)
            )
            sent += sum(results)
        return sent

    def _landed(self, channel: str, row_id: int, task: asyncio.Task[int]) -> None:
        self._in_flight[channel].pop(row_id, None)
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
        async with self.db.reading() as conn:
            count = await Repos(conn).outbox.interrupted()
        self._checked_interrupted = True
        if count:
            log.warning("%s message(s) were being sent when the bot stopped; they are sent"
                        " again, and may reach their recipient twice", count)

    async def _deliver(self, transport: Transport, limiter: ChannelLimiter, row: OutboxRow) -> int:
        is_group = transport.is_group(row.recipient)
        await limiter.acquire_global()
        try:
            result = await transport.deliver(row)
        except RetryLater as exc:
            wait = exc.seconds if exc.throttled else max(exc.seconds, backoff(row.attempts))
            await self._retry(limiter, row, wait, str(exc))
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
            await self._retry(limiter, row, backoff(row.attempts), type(exc).__name__)
            return 0
        delivered = result if isinstance(result, Delivered) else Delivered(result)
        limiter.sent(row.recipient, is_group, self.ticker.monotonic(), delivered.posts)
        now = self.clock()
        for row_id in (row.id, *delivered.also):
            external_id = delivered.external_id if row_id == row.id else None
            self.unrecorded[row_id] = Unrecorded(row_id, now, external_id)
        self.sent_count += 1
        await self.record_unrecorded()
        return 1

    async def _retry(
        self, limiter: ChannelLimiter, row: OutboxRow, wait: float, reason: str
    ) -> None:
        limiter.hold_chat(row.recipient, wait)
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

