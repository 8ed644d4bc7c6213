"""The one periodic loop: a pass, then a wait, until told to stop.

A pass that did something (returns a true value) is followed at once by the next one; an
idle pass waits ``interval`` seconds, or less when ``wake`` is set (a commit with
something to send) or when ``stop`` is set. A pass that fails is logged and counts as
idle, so one fault never ends the loop. Stopping never interrupts a pass: the loop ends
after the pass under way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.kit.clock import REAL, Ticker

log = logging.getLogger(__name__)

Pass = Callable[[], Awaitable[object]]


async def run_periodically(
    one_pass: Pass,
    stop: asyncio.Event,
    *,
    interval: float,
    failed: str,
    logger: logging.Logger = log,
    wake: asyncio.Event | None = None,
    ticker: Ticker = REAL,
) -> None:
    """``failed`` is what the log says when a pass raises ("sender pass failed")."""
    events = (stop,) if wake is None else (stop, wake)
    while not stop.is_set():
        if wake is not None:
            wake.clear()  # before the pass, so a commit made during it wakes the next
        try:
            busy = await one_pass()
        except Exception:
            logger.exception(failed)
            busy = False
        if busy:
            await asyncio.sleep(0)  # a busy loop still lets the others run
            continue
        await ticker.wait(*events, within=interval)
