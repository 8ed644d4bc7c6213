"""Pacing on a clock whose waits are skipped: the same decisions, in no time."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.kit.clock import SkippingTicker
from bot.kit.loop import run_periodically
from bot.kit.pacing import LocalPacer
from bot.sender import Limits


async def test_a_skipped_sleep_moves_the_clock_once_for_sleepers_side_by_side() -> None:
    ticker = SkippingTicker()
    start = ticker.monotonic()
    await asyncio.gather(ticker.sleep(5.0), ticker.sleep(5.0))
    assert 5.0 <= ticker.monotonic() - start < 6.0


async def test_the_overall_limit_lets_30_through_a_second_on_a_skipping_clock() -> None:
    ticker = SkippingTicker()
    pacer = LocalPacer(Limits(global_per_second=30), ticker)
    times = []
    for number in range(90):
        await pacer.turn(str(number), group=False)
        times.append(ticker.monotonic())
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert 28 <= busiest <= 30
    assert times[-1] - times[0] >= 89 / 30


async def test_a_failing_pass_is_logged_and_the_loop_goes_on_until_stopped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stop = asyncio.Event()
    passes = 0

    async def one_pass() -> None:
        nonlocal passes
        passes += 1
        if passes == 1:
            raise RuntimeError("the database is down")
        if passes == 3:
            stop.set()

    with caplog.at_level(logging.ERROR):
        await asyncio.wait_for(run_periodically(one_pass, stop, interval=60.0,
                                                failed="test pass failed",
                                                ticker=SkippingTicker()), 10)
    assert passes == 3
    assert "test pass failed" in caplog.text
