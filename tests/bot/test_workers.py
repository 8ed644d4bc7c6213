"""Several ``carebot run`` workers on one PostgreSQL database, as a national service runs
them: what people see, and what Telegram sees.

Three workers serve one webhook endpoint; people write at the same time, each update to a
worker picked at random. Every update is handled once, every answer reaches its chat
once and in order, and Telegram's limits (enforced by the fake Bot API: 30 messages a
second overall, one a second per chat) are never hit - also when one worker is killed
with SIGKILL half-way. With long polling only one worker polls, and another takes over
within seconds when it dies. Two processes racing for the last free time: one booking.

``CAREBOT_WORKERS_PEOPLE`` sets how many people write (five updates each).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.sender import LEASE
from storage.db import Database
from tests import postgres
from tests.bot.telegram.conftest import TOKEN
from tests.bot.workers_kit import (
    WebhookSender,
    Worker,
    no_long_pauses,
    until_serving,
    workers,
)
from tests.fakes.telegram_api import FakeTelegram

pytestmark = [pytest.mark.workers,
              pytest.mark.pg_server(reason="worker processes share a PostgreSQL database")]

PEOPLE = int(os.environ.get("CAREBOT_WORKERS_PEOPLE", "200"))
WORKERS = 3
# Five updates per person, each with an answer that does not depend on timing.
UPDATES = ("/start", "hello?", "/menu", "/frobnicate", "/menu")
FIRST_CHAT = 7_000_000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated PostgreSQL database of the test's own."""
    databases: postgres.Databases = request.config.stash[postgres.DATABASES]
    name = databases.acquire(migrated=True)
    yield postgres.database_url(databases.server, name)
    databases.release(name)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    with no_long_pauses():
        async with FakeTelegram(TOKEN) as fake:
            yield fake.enforce_limits()


async def query(url: str, sql: str, *params: object) -> list[Any]:
    db = await Database.open(url, migrate=False)
    try:
        async with db.reading() as conn, conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())
    finally:
        await db.close()


async def until_everything_sent(url: str, expected_rows: int | None, within: float) -> None:
    """Until no outbox row of Telegram is pending (and at least ``expected_rows`` exist)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        (row,) = await query(url, "SELECT COUNT(*), SUM(CASE WHEN status = 'pending' THEN 1"
                                  " ELSE 0 END) FROM outbox WHERE channel = 'telegram'")
        total, pending = int(row[0]), int(row[1] or 0)
        if pending == 0 and (expected_rows is None or total >= expected_rows):
            return
        assert asyncio.get_running_loop().time() < deadline, (
            f"{pending} of {total} answers still waiting after {within:.0f} s")
        await asyncio.sleep(1.0)


async def everybody_writes(fake: FakeTelegram, sender: WebhookSender, people: int,
                           halfway: asyncio.Event | None = None) -> list[int]:
    """Each person sends the five updates one after the other (each once the previous
    was taken, as Telegram does for one chat), all people at the same time; the update
    ids, in the order they were sent."""
    sent: list[int] = []
    gate = asyncio.Semaphore(100)

    async def person(n: int) -> None:
        someone = fake.person(FIRST_CHAT + n, language_code="en", first_name=f"P{n}")
        async with gate:
            for text in UPDATES:
                update = someone.send(text)
                await sender.post(update)
                sent.append(int(update["update_id"]))
                if halfway is not None and len(sent) >= people * len(UPDATES) // 2:
                    halfway.set()

    await asyncio.gather(*(person(n) for n in range(people)))
    return sent


async def check_every_answer(fake: FakeTelegram, url: str, sent: list[int], people: int,
                             *, resent_at_most: int) -> None:
    # Every update handled once: each update id is recorded as handled, once (its key).
    handled = await query(url, "SELECT delivery_id FROM processed_deliveries"
                               " WHERE channel = 'telegram'")
    assert sorted(int(row[0]) for row in handled) == sorted(sent)
    assert len(sent) == people * len(UPDATES)
    (count,) = await query(url, "SELECT COUNT(*) FROM people")
    assert int(count[0]) == people

    # Every answer delivered, once, in order: per chat, the messages Telegram received
    # are the chat's outbox rows in the order they were committed.
    rows = await query(url, "SELECT recipient, status, external_id, last_error FROM outbox"
                            " WHERE channel = 'telegram' ORDER BY id")
    not_sent = Counter((row[1], row[3]) for row in rows if row[1] != "sent")
    assert not not_sent, f"answers not delivered: {not_sent}"
    committed: dict[int, list[int]] = {}
    for recipient, _status, external_id, _error in rows:
        committed.setdefault(int(recipient), []).append(int(external_id))
    received: dict[int, list[int]] = {}
    for message in fake.messages:
        received.setdefault(message.chat_id, []).append(message.message_id)
    assert set(received) == set(committed) == {FIRST_CHAT + n for n in range(people)}
    resent = 0
    for chat, ids in committed.items():
        got = received[chat]
        extra = [i for i in got if i not in set(ids)]  # a send whose mark died with it
        resent += len(extra)
        assert [i for i in got if i in set(ids)] == ids, f"chat {chat}: out of order"
    assert resent <= resent_at_most
    # Every person wrote the same five things, so every chat shows the same answers.
    texts = {tuple(m.text for m in fake.messages if m.chat_id == chat and
                   m.message_id in set(committed[chat])) for chat in committed}
    assert len(texts) == 1
    (answers,) = texts
    assert len(answers) >= len(UPDATES)

    # Telegram's limits were never hit (the fake answers 429 beyond them).
    assert [(c.limit, c.params.get("chat_id")) for c in fake.throttled()] == []
    assert [c for c in fake.calls if c.status == 429] == []


async def test_three_workers_answer_everybody_once_in_order_within_telegrams_limits(
        fake: FakeTelegram, database_url: str, tmp_path: Path) -> None:
    async with workers(WORKERS, fake, database_url, tmp_path) as running, \
            aiohttp.ClientSession() as session:
        sender = WebhookSender(running, session)
        sent = await everybody_writes(fake, sender, PEOPLE)
        assert set(sender.answers) == {200}, "no update was refused"
        await until_everything_sent(database_url, PEOPLE * len(UPDATES), PEOPLE * 0.5 + 120)
        assert all(worker.alive for worker in running)
    await check_every_answer(fake, database_url, sent, PEOPLE, resent_at_most=0)


async def test_a_worker_killed_half_way_loses_nothing_and_the_others_finish_its_work(
        fake: FakeTelegram, database_url: str, tmp_path: Path) -> None:
    async with workers(WORKERS, fake, database_url, tmp_path) as running, \
            aiohttp.ClientSession() as session:
        sender = WebhookSender(running, session)
        halfway = asyncio.Event()
        writing = asyncio.create_task(everybody_writes(fake, sender, PEOPLE, halfway))
        await halfway.wait()
        victim = running[1]
        victim.kill()
        await victim.process.wait()
        sent = await writing
        await until_everything_sent(database_url, PEOPLE * len(UPDATES), PEOPLE * 0.5 + 120)
        assert [w.alive for w in running] == [True, False, True]
    # Only a message whose send was under way at the kill may arrive twice (Telegram has
    # no idempotency key): at most what one worker has in flight at once.
    await check_every_answer(fake, database_url, sent, PEOPLE, resent_at_most=WORKERS * 10)


async def test_long_polling_runs_in_one_worker_and_another_takes_over_when_it_dies(
        fake: FakeTelegram, database_url: str, tmp_path: Path) -> None:
    async with workers(WORKERS, fake, database_url, tmp_path, webhook=False) as running, \
            aiohttp.ClientSession() as session:
        leaders = await until_one_leader(running, session)
        nino = fake.person(995555123456, language_code="en")
        nino.send("/menu")
        (menu,) = await nino.replies(1, within=30)

        leader = next(w for w in running if leaders[w.name] == "leader")
        leader.kill()
        await leader.process.wait()
        nino.send("/menu")  # sent while nobody polls: the next leader fetches it
        survivors = [w for w in running if w.alive]
        await until_one_leader(survivors, session, within=10)  # "within seconds"
        # The dead leader may have been killed between sending the first menu and
        # recording it: then that menu is sent again once its lease ends (bot/sender.py),
        # before the answer to the second /menu.
        await until_everything_sent(database_url, 2, LEASE.total_seconds() + 30)
        again = nino.unread()
        assert [m.text for m in again] in ([menu.text], [menu.text, menu.text])
        assert fake.most_polls_at_once == 1, "two workers polled at the same time"


async def until_one_leader(running: list[Worker], session: aiohttp.ClientSession,
                           within: float = 60) -> dict[str, str]:
    """Until exactly one of the workers polls (and the others stand by)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        found = await roles(running, session)
        if sorted(found.values()) == ["leader"] + ["standby"] * (len(running) - 1):
            return found
        assert asyncio.get_running_loop().time() < deadline, f"no single leader: {found}"
        await asyncio.sleep(0.2)


async def roles(running: list[Worker], session: aiohttp.ClientSession) -> dict[str, str]:
    """Each worker's part in polling, as its health check reports it."""
    found: dict[str, str] = {}
    for worker in running:
        await until_serving(worker, session)
        report = await worker.health(session)
        assert report is not None
        telegram = report["channels"]["telegram"]
        found[worker.name] = "standby" if telegram.get("state") == "standby" else "leader"
    return found


async def test_two_processes_racing_for_the_last_free_time_make_one_booking(
        database_url: str) -> None:
    racers = [await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.bot.booking_racer", database_url, name, "20",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        cwd=ROOT) for name in ("north", "south")]
    for racer in racers:
        assert racer.stdout is not None
        assert (await asyncio.wait_for(racer.stdout.readline(), 120)).strip() == b"ready"
    for racer in racers:  # both at once
        assert racer.stdin is not None
        racer.stdin.write(b"go\n")
    for racer in racers:
        assert racer.stdin is not None
        await racer.stdin.drain()
    outputs = [await asyncio.wait_for(racer.communicate(), 120) for racer in racers]
    answers = [text for out, _err in outputs for text in json.loads(out.decode())]
    assert all(racer.returncode == 0 for racer in racers)
    assert sum(text.startswith("Done!") for text in answers) == 1
    assert sum(text.startswith("I'm so sorry: somebody else booked") for text in answers) == 39
    booked = await query(database_url, "SELECT person_id FROM bookings WHERE status = 'booked'")
    assert len(booked) == 1
