"""When each call to a messenger may leave: a messenger's limits as schedules.

Every limit is kept as a *virtual schedule* (GCRA, the token bucket written as one
number per key): ``at`` is when the key's budget is next whole. A call may start at
``max(now, at - (burst - 1) * interval)`` and moves ``at`` to ``max(at, start) +
interval``. So a private chat takes ``burst`` messages at once (one answer's messages
arrive together) and one per ``interval`` after that; the bot as a whole sends one call
per ``1/30 s`` (never 30 in a heap at a second's edge, which is where a sliding window
sends them and where a few milliseconds of jitter on the way make a 31st).

A call's slot is taken when the call is *scheduled*, before it waits or leaves; each
interval carries a margin (``GLOBAL_MARGIN`` a second overall, ``CHAT_MARGIN`` per chat
message, ``GROUP_MARGIN`` a minute per group) for the jitter between two calls' ways to
the messenger.

The schedule says when a call may leave; a process starved of CPU for a moment wakes
several late calls at once, and they would reach the messenger bunched. So each process
also keeps the times its calls actually left (:class:`Departures`): a call that would
make more than the overall limit leave within ``1 + GLOBAL_MARGIN`` seconds waits a
little more, and the overall schedule allows a burst of ``OVERALL_BURST`` to catch up
after such a pause. A chat's calls go one at a time, so when one has been answered
(``done``) its chat's schedule is taken again as if the call had reached the messenger
only then (``max(before, end) + interval``): the chat's next calls keep their distance
however late the earlier ones arrived, at no cost to the overall rate.

:class:`LocalPacer` keeps the schedules in memory (one process, SQLite);
``bot.kit.shared_pacer.SharedPacer`` keeps them in PostgreSQL for several workers. Both
answer :class:`Pacer`, which is all the sender and the transports use.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Protocol

from bot.kit.clock import REAL, Ticker

GLOBAL_MARGIN = 0.04  # seconds per second: 30/s becomes one call every 34.7 ms
CHAT_MARGIN = 0.05  # seconds added to a chat's interval
GROUP_MARGIN = 1.0  # seconds per minute: 20/min becomes one message every 3.05 s
MINUTE = 60.0  # seconds in the minute of a group's limit (a bench may shorten it)
OVERALL_BURST = 3  # calls the overall schedule lets go at once after a pause
EVERYONE = "*"  # the key of the overall budget


class LimitsLike(Protocol):
    @property
    def per_chat_interval(self) -> float: ...
    @property
    def chat_burst(self) -> int: ...
    @property
    def group_per_minute(self) -> int | None: ...
    @property
    def global_per_second(self) -> float | None: ...


@dataclass(frozen=True)
class Pace:
    """One call every ``interval`` seconds sustained, up to ``burst`` at once."""

    interval: float
    burst: int = 1

    def earliest(self, at: float, now: float) -> float:
        return max(now, at - (self.burst - 1) * self.interval)

    def after(self, at: float, start: float) -> float:
        return max(at, start) + self.interval


@dataclass(frozen=True)
class Paces:
    """A channel's schedules: overall, per private chat, per group (None: no limit)."""

    overall: Pace | None
    chat: Pace | None
    group: Pace | None

    @classmethod
    def of(cls, limits: LimitsLike, overall_burst: int = OVERALL_BURST) -> Paces:
        overall = (Pace((1.0 + GLOBAL_MARGIN) / limits.global_per_second, overall_burst)
                   if limits.global_per_second else None)
        chat = (Pace(limits.per_chat_interval + CHAT_MARGIN, max(1, limits.chat_burst))
                if limits.per_chat_interval else None)
        group_interval = limits.per_chat_interval
        if limits.group_per_minute:
            group_interval = max(group_interval,
                                 (MINUTE + GROUP_MARGIN * MINUTE / 60.0)
                                 / limits.group_per_minute)
        group = Pace(group_interval) if group_interval else None
        return cls(overall, chat, group)

    def of_recipient(self, group: bool) -> Pace | None:
        return self.group if group else self.chat


def schedule(paces: Paces, recipient: str, group: bool, ats: dict[str, float],
             now: float, not_before: float = 0.0) -> tuple[float, dict[str, float]]:
    """When the next call to ``recipient`` may start, and the keys' schedules after it
    (``ats``: what is known of them; a missing key has its whole budget)."""
    keyed = [(EVERYONE, paces.overall), (recipient, paces.of_recipient(group))]
    start = max(now, not_before)
    for key, pace in keyed:
        if pace is not None and key in ats:
            start = max(start, pace.earliest(ats[key], now))
    after = {key: pace.after(ats.get(key, start), start)
             for key, pace in keyed if pace is not None}
    return start, after


class Departures:
    """When this process's last calls left: at most ``count`` in any ``seconds``."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self._times: deque[float] = deque()

    @classmethod
    def of(cls, limits: LimitsLike) -> Departures | None:
        if not limits.global_per_second:
            return None
        return cls(max(1, int(limits.global_per_second)), 1.0 + GLOBAL_MARGIN)

    async def leave(self, ticker: Ticker) -> None:
        """Wait until a call may leave without crowding the last ones, and record it."""
        while True:
            now = ticker.monotonic()
            while self._times and now - self._times[0] >= self.seconds:
                self._times.popleft()
            if len(self._times) < self.count:
                self._times.append(now)
                return
            await ticker.sleep(self.seconds - (now - self._times[0]))


class Pacer(Protocol):
    """Where a channel's calls wait for their turn. ``ready`` answers from what this
    process knows, at once (a cheap filter before a row is claimed); ``turn`` takes the
    call's slot and waits for it; ``hold`` keeps a chat back after the messenger asked."""

    def ready(self, recipient: str, group: bool) -> bool: ...

    async def turn(self, recipient: str, group: bool) -> None: ...

    async def done(self, recipient: str, group: bool) -> None:
        """The call that took the last turn has been answered (or failed)."""

    def hold(self, recipient: str, seconds: float) -> None: ...


class ChatSchedules:
    """What both pacers keep on this process's clock: each chat's next slot (``_at``) and
    the chats held by a messenger's "retry after"."""

    paces: Paces
    ticker: Ticker
    _at: dict[str, float]
    _held: dict[str, float]

    def ready(self, recipient: str, group: bool) -> bool:
        now = self.ticker.monotonic()
        if self._held.get(recipient, 0.0) > now:
            return False
        pace = self.paces.of_recipient(group)
        at = self._at.get(recipient)
        return pace is None or at is None or pace.earliest(at, now) <= now

    def hold(self, recipient: str, seconds: float) -> None:
        self._held[recipient] = self.ticker.monotonic() + seconds


class LocalPacer(ChatSchedules):
    """The schedules in this process's memory: exact for one process."""

    def __init__(self, limits: LimitsLike, ticker: Ticker = REAL) -> None:
        self.paces = Paces.of(limits)
        self.ticker = ticker
        self._departures = Departures.of(limits)
        self._at: dict[str, float] = {}
        self._before: dict[str, float] = {}  # a chat's schedule before its call in flight
        self._held: dict[str, float] = {}

    async def turn(self, recipient: str, group: bool) -> None:
        now = self.ticker.monotonic()
        start, after = schedule(self.paces, recipient, group, self._at, now,
                                self._held.get(recipient, 0.0))
        self._before[recipient] = self._at.get(recipient, 0.0)
        self._at.update(after)
        if len(self._at) > 10_000:
            self._forget(now)
        if start > now:
            await self.ticker.sleep(start - now)
        if self._departures is not None:
            await self._departures.leave(self.ticker)

    async def done(self, recipient: str, group: bool) -> None:
        pace = self.paces.of_recipient(group)
        if pace is not None:
            end = self.ticker.monotonic()
            before = self._before.pop(recipient, 0.0)
            self._at[recipient] = max(self._at.get(recipient, end),
                                      pace.after(before, end))

    def _forget(self, now: float) -> None:
        """Drop the chats whose budget is whole again (they would start afresh anyway)."""
        self._at = {key: at for key, at in self._at.items() if key == EVERYONE or at > now}
        self._before = {key: at for key, at in self._before.items() if key in self._at}
        self._held = {key: until for key, until in self._held.items() if until > now}
