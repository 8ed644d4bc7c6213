"""Two workers' pacers on one PostgreSQL database share Telegram's limits: together they
never schedule more than 30 calls a second, and a chat's burst and pace hold whichever
worker sends."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from bot.desk.transport import DESK_LIMITS, DeskTransport
from bot.kit.shared_pacer import SharedPacer, close_pacers, shared_pacers
from bot.sender import Limits
from bot.telegram.transport import TELEGRAM_LIMITS, TelegramTransport
from storage.db import Database
from storage.pg_database import PostgresDatabase


class Scheduled:
    """A ticker that records when each waiting call would have left, and does not wait."""

    def __init__(self) -> None:
        self.starts: list[float] = []

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        self.starts[-1] += max(0.0, seconds)

    async def wait(self, *events: asyncio.Event, within: float) -> bool:
        return False

    def mark(self) -> None:
        self.starts.append(time.monotonic())


async def two_workers(tmp_path: Path) -> tuple[list[Database], list[SharedPacer], Scheduled]:
    first = await Database.open(tmp_path / "bot.db")  # PostgreSQL with --db=postgres
    if not isinstance(first, PostgresDatabase):
        await first.close()
        pytest.skip("the shared limiter needs PostgreSQL (--db=postgres)")
    second = await PostgresDatabase.open_url(first.url, migrate=False)
    ticker = Scheduled()
    pacers = [SharedPacer(db, "telegram", TELEGRAM_LIMITS, ticker) for db in (first, second)]
    return [first, second], pacers, ticker


async def take(pacer: SharedPacer, ticker: Scheduled, chat: str) -> None:
    ticker.mark()
    await pacer.turn(chat, group=chat.startswith("-"))


async def test_two_workers_together_schedule_at_most_30_calls_in_any_second(
    tmp_path: Path,
) -> None:
    dbs, pacers, ticker = await two_workers(tmp_path)
    try:
        for number in range(90):  # 90 chats, the workers taking turns
            await take(pacers[number % 2], ticker, str(1000 + number))
        starts = sorted(ticker.starts)
        busiest = max(sum(1 for t in starts if s <= t < s + 1.0) for s in starts)
        assert busiest <= 30
        assert starts[-1] - starts[0] >= 89 / 30
    finally:
        for db in dbs:
            await db.close()


async def test_a_chat_gets_three_at_once_then_one_a_second_whichever_worker_sends(
    tmp_path: Path,
) -> None:
    dbs, pacers, ticker = await two_workers(tmp_path)
    try:
        for number in range(6):
            await take(pacers[number % 2], ticker, "4242")
        offsets = [start - ticker.starts[0] for start in ticker.starts]
        assert all(offset < 0.5 for offset in offsets[:3]), offsets
        assert offsets[3] >= 1.0, offsets
        assert all(later - earlier >= 1.0 for earlier, later
                   in pairwise(offsets[3:])), offsets
        assert pacers[0].ready("4242", group=False) is False
    finally:
        for db in dbs:
            await db.close()


async def test_a_group_gets_one_message_every_three_seconds_across_workers(
    tmp_path: Path,
) -> None:
    dbs, pacers, ticker = await two_workers(tmp_path)
    try:
        for number in range(4):
            await take(pacers[number % 2], ticker, "-1001234")
        offsets = [start - ticker.starts[0] for start in ticker.starts]
        # 20 in any minute: one every 3.05 s, so the 21st is past the minute.
        assert all(later - earlier >= 3.0 for earlier, later
                   in pairwise(offsets)), offsets
    finally:
        for db in dbs:
            await db.close()


@dataclass(frozen=True)
class Channel:
    """What the shared limiter knows of a transport: its channel, limits and account."""

    channel: str
    limits: Limits
    account: str


async def test_the_staff_desks_posts_count_in_the_bots_30_a_second_on_every_worker(
    tmp_path: Path,
) -> None:
    # The desk posts with the Telegram bot's token: one overall budget for both.
    assert DeskTransport.account == TelegramTransport.channel == "telegram"
    dbs, _pacers, ticker = await two_workers(tmp_path)
    channels = [Channel("telegram", TELEGRAM_LIMITS, "telegram"),
                Channel("desk", DESK_LIMITS, DeskTransport.account)]
    worker_pacers = [await shared_pacers(db, channels, ticker) for db in dbs]
    try:
        for number in range(90):  # worker one answers people, worker two posts to groups
            if number % 2:
                await take(worker_pacers[1]["desk"], ticker, str(-1001000 - number))
            else:
                await take(worker_pacers[0]["telegram"], ticker, str(1000 + number))
        starts = sorted(ticker.starts)
        busiest = max(sum(1 for t in starts if s <= t < s + 1.0) for s in starts)
        assert busiest <= 30
    finally:
        for pacers in worker_pacers:
            await close_pacers(pacers)
        for db in dbs:
            await db.close()
