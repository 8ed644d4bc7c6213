"""The clock the pacing code reads and the sleep it waits with, injectable.

The limiter, the sender, the transports and the scheduler never call ``time.monotonic``
or ``asyncio.sleep`` themselves: they are given a ``Ticker``. Production uses ``REAL``.
Tests use a ``SkippingTicker``: real time flows, but every wait is skipped, the clock
jumping ahead by what the wait would have lasted. Pacing decisions are the same as with
real time (each reads the clock), so a test still sees one message a second per chat, in
milliseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Ticker(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never goes back."""

    async def sleep(self, seconds: float) -> None:
        """Wait this long."""

    async def wait(self, *events: asyncio.Event, within: float) -> bool:
        """Wait until one of the events is set or the time is up; True when one is set."""


async def _any_set(events: tuple[asyncio.Event, ...], within: float) -> bool:
    if any(event.is_set() for event in events):
        return True
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait(waiters, timeout=max(0.0, within),
                               return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
    return any(event.is_set() for event in events)


class RealTicker:
    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def wait(self, *events: asyncio.Event, within: float) -> bool:
        return await _any_set(events, within)


REAL: Ticker = RealTicker()


class SkippingTicker:
    """Real time plus every wait skipped. ``sleep(d)`` returns at once with the clock at
    least ``d`` later than when it was called (two tasks sleeping side by side move it once,
    not twice); ``wait`` gives the events a real moment (``slice`` seconds) to be set, then
    skips the rest of its timeout. ``utc`` is the matching wall clock."""

    def __init__(self, *, slice: float = 0.01) -> None:
        self.slice = slice
        self.skipped = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.skipped

    def utc(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.skipped)

    def skip(self, seconds: float) -> None:
        self.skipped += max(0.0, seconds)

    def _skip_to(self, target: float) -> None:
        self.skip(target - self.monotonic())

    async def sleep(self, seconds: float) -> None:
        target = self.monotonic() + max(0.0, seconds)
        await asyncio.sleep(0)
        self._skip_to(target)

    async def wait(self, *events: asyncio.Event, within: float) -> bool:
        target = self.monotonic() + max(0.0, within)
        if await _any_set(events, min(self.slice, within)):
            return True
        self._skip_to(target)
        return any(event.is_set() for event in events)

    async def run_for(self, seconds: float) -> None:
        """Let ``seconds`` pass on this clock while the other tasks run: room for
        something that should not happen to show up."""
        target = self.monotonic() + seconds
        while self.monotonic() < target:
            await asyncio.sleep(self.slice)
            self._skip_to(min(target, self.monotonic() + 10 * self.slice))
