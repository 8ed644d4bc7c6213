"""Three sender worker processes draining one PostgreSQL outbox against a Bot API fake
that answers 429 beyond any of Telegram's limits: every message arrives once and in order
per chat, and the limits hold for the workers together; a worker killed with SIGKILL in
the middle leaves its rows to the others, and only a message whose send was under way
when it died can reach its chat twice."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.messages import Rendered
from storage.db import Database
from storage.outbox_codec import encode
from storage.pg_database import PostgresDatabase
from storage.repositories import Repos
from tests.bot.workers_kit import behind_the_fake, no_long_pauses
from tests.fakes.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parents[3]
FIRST_CHAT = 7_000_000

pytestmark = pytest.mark.workers


@pytest.fixture(autouse=True)
def few_pauses() -> Iterator[None]:
    with no_long_pauses():  # the fake's arrival times stay true (see workers_kit)
        yield


@pytest.fixture
async def outbox(tmp_path: Path) -> AsyncIterator[PostgresDatabase]:
    db = await Database.open(tmp_path / "bot.db")  # PostgreSQL with --db=postgres
    if not isinstance(db, PostgresDatabase):
        await db.close()
        pytest.skip("several workers need PostgreSQL (--db=postgres)")
    try:
        yield db
    finally:
        await db.close()


async def fill(db: Database, chats: int, per_chat: int) -> dict[int, list[str]]:
    """``per_chat`` messages for each chat, queued round-robin as answers are."""
    expected: dict[int, list[str]] = {FIRST_CHAT + i: [] for i in range(chats)}
    now = datetime.now(UTC)
    async with db.transaction() as conn:
        repos = Repos(conn)
        people = {chat: (await repos.people.create("telegram", str(chat), "en", now, None)).id
                  for chat in expected}
        for number in range(per_chat):
            for chat in expected:
                text = f"message {number + 1} for {chat}"
                expected[chat].append(text)
                await repos.outbox.add(person_id=people[chat], channel="telegram",
                                       recipient=str(chat), payload=dict(encode(Rendered(text))),
                                       now=now)
    return expected


class Workers:
    def __init__(self, url: str, api: str, lease: float) -> None:
        self.url, self.api, self.lease = url, api, lease
        self.processes: list[asyncio.subprocess.Process] = []

    async def start(self, count: int) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for _ in range(count):
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.bot.workers.sender_worker", self.url, self.api,
                str(self.lease), cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE,
                preexec_fn=behind_the_fake)
            self.processes.append(process)
        for process in self.processes[-count:]:
            assert process.stdout is not None
            line = await asyncio.wait_for(process.stdout.readline(), 300)  # aiogram imports slowly
            assert line.strip() == b"ready"

    def kill(self, index: int) -> None:
        self.processes[index].send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        for process in self.processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            await asyncio.wait_for(process.wait(), 30)


def received(fake: FakeTelegram) -> dict[int, list[str]]:
    by_chat: dict[int, list[str]] = {}
    for call in fake.sends():
        by_chat.setdefault(call.params["chat_id"], []).append(call.params["text"])
    return by_chat


def delivered(fake: FakeTelegram, expected: dict[int, list[str]]) -> bool:
    got = received(fake)
    return all(set(got.get(chat, ())) >= set(texts) for chat, texts in expected.items())


async def statuses(db: Database) -> dict[str, int]:
    async with db.reading() as conn, conn.execute(
            "SELECT status, COUNT(*) FROM outbox GROUP BY status") as cursor:
        return {str(row[0]): int(row[1]) for row in await cursor.fetchall()}


async def being_sent(db: Database) -> set[str]:
    async with db.reading() as conn, conn.execute(
            "SELECT payload FROM outbox WHERE status = 'pending'"
            " AND sending_since IS NOT NULL") as cursor:
        rows = await cursor.fetchall()
    return {str(json.loads(str(row[0]))["text"]) for row in rows}


async def test_three_workers_deliver_every_message_once_in_order_within_the_limits(
    outbox: PostgresDatabase,
) -> None:
    expected = await fill(outbox, chats=60, per_chat=4)
    async with FakeTelegram() as fake:
        fake.enforce_limits()
        workers = Workers(outbox.url, fake.base_url, lease=30.0)
        try:
            await workers.start(3)
            await fake.wait_until(lambda: delivered(fake, expected), 120, "every message")
            await asyncio.sleep(0.5)  # room for a message sent twice to show up
        finally:
            await workers.stop()
        assert received(fake) == expected, "each once, in order per chat"
        assert fake.throttled() == []
        assert await statuses(outbox) == {"sent": 240}


async def test_a_worker_killed_in_the_middle_leaves_its_rows_to_the_others(
    outbox: PostgresDatabase,
) -> None:
    expected = await fill(outbox, chats=50, per_chat=4)
    async with FakeTelegram() as fake:
        fake.enforce_limits()
        fake.latency = 0.2  # sends are under way when the worker dies
        workers = Workers(outbox.url, fake.base_url, lease=2.0)
        try:
            await workers.start(3)
            await fake.wait_until(lambda: len(fake.sends()) >= 60, 60, "a third delivered")
            workers.kill(0)
            await asyncio.wait_for(workers.processes[0].wait(), 10)
            under_way = await being_sent(outbox)  # the dead worker's, and the others'
            await fake.wait_until(lambda: delivered(fake, expected), 120, "every message")
            await asyncio.sleep(0.5)
        finally:
            await workers.stop()
        got = received(fake)
        twice = [text for texts in got.values() for text, n in Counter(texts).items() if n > 1]
        assert set(twice) <= under_way, "only a message under way at the kill is repeated"
        for chat, texts in expected.items():
            assert list(dict.fromkeys(got[chat])) == texts, "in order per chat"
            assert len(got[chat]) - len(texts) <= 1, "at most one message again per chat"
        assert fake.throttled() == []
        assert await statuses(outbox) == {"sent": 200}
