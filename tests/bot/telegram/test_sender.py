"""The outbox sender with the Telegram transport, under 429 storms, 5xx, dropped
connections, blocked people and a restart: every message arrives exactly once, in order
per chat, and never faster than Telegram's limits."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from bot.kit.pacing import LocalPacer
from bot.sender import LEASE
from bot.telegram.transport import TELEGRAM_LIMITS
from storage.repositories import Repos
from tests.bot.telegram.rig import RealTime, Rig, text_message
from tests.fakes.telegram_api import Call, FakeTelegram


@pytest.fixture
async def rig(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Rig]:
    built = await Rig(fake, tmp_path / "outbox.db").open()
    try:
        yield built
    finally:
        if built.db is not None:
            await built.stop()


def gaps(calls: list[Call]) -> list[float]:
    times = [c.at for c in calls]
    return [later - earlier for earlier, later in pairwise(times)]


def assert_chat_pace(fake: FakeTelegram, chat_id: int) -> None:
    """Within Telegram's limit for a private chat, measured where Telegram would measure
    it: up to three messages at once, and about one a second after that."""
    times = [c.at for c in fake.sends(chat_id)]
    for first, last in combinations(range(len(times)), 2):
        assert last - first + 1 <= 3 + (times[last] - times[first]) / 0.999, gaps(
            fake.sends(chat_id))


def assert_waited_after_429(fake: FakeTelegram, chat_id: int) -> None:
    """After a 429 with retry_after, that chat heard nothing for retry_after seconds."""
    calls = [c for c in fake.calls if c.name == "sendmessage"
             and c.params.get("chat_id") == chat_id]
    for refused, following in pairwise(calls):
        if refused.status == 429:
            assert following.at - refused.at >= 0.999


async def test_a_429_storm_delays_messages_but_never_loses_or_repeats_one(
    fake: FakeTelegram, rig: Rig
) -> None:
    chats = [1001, 1002, 1003, 1004]
    expected = await rig.fill(chats, 5)
    fake.fail("sendMessage", status=429, retry_after=1, times=10)
    fake.max_sends_per_second = 30
    rig.start()
    await rig.delivered(expected)
    await rig.settle()
    for chat in chats:
        assert rig.received(chat) == expected[chat]
        assert_chat_pace(fake, chat)
        assert_waited_after_429(fake, chat)
    assert sum(c.status == 429 for c in fake.calls) >= 10
    assert await rig.settled_statuses() == {"sent": 20}


async def test_server_errors_and_dropped_connections_are_retried_in_order(
    fake: FakeTelegram, rig: Rig
) -> None:
    chats = [2001, 2002, 2003]
    expected = await rig.fill(chats, 3)
    fake.fail("sendMessage", status=500, times=2)
    fake.fail("sendMessage", status=502, times=1)
    fake.fail("sendMessage", status=0, times=2)  # the connection drops, no answer
    rig.start()
    await rig.delivered(expected, within=45)
    await rig.settle()
    for chat in chats:
        assert rig.received(chat) == expected[chat]
        assert_chat_pace(fake, chat)
    failures = [c.status for c in fake.calls if not c.ok]
    assert sorted(failures) == [0, 0, 500, 500, 502]
    assert await rig.settled_statuses() == {"sent": 9}


async def test_a_person_who_blocked_the_bot_is_marked_and_not_written_to_again(
    fake: FakeTelegram, rig: Rig
) -> None:
    blocked, other = 3001, 3002
    expected = await rig.fill([blocked, other], 3)
    fake.block(blocked)
    rig.start()
    await rig.delivered({other: expected[other]})
    await rig.settle(1.5)
    attempts = [c for c in fake.calls if c.params.get("chat_id") == blocked]
    assert [c.status for c in attempts] == [403], "one refusal, then silence"
    assert rig.received(other) == expected[other]
    assert rig.db is not None
    async with rig.db.reading() as conn:
        person = await Repos(conn).people.find("telegram", str(blocked))
        rows = await (await conn.execute(
            "SELECT status FROM outbox WHERE recipient = ? ORDER BY id", (str(blocked),)
        )).fetchall()
    assert person is not None and person.blocked
    assert [r[0] for r in rows] == ["failed", "cancelled", "cancelled"]

    # New messages wait while the block lasts...
    await rig.queue(blocked, "are you there?")
    await rig.settle(1.0)
    assert len([c for c in fake.calls if c.params.get("chat_id") == blocked]) == 1
    # ...and go once they write again (the engine clears the mark on any message).
    fake.unblock(blocked)
    async with rig.db.transaction() as conn:
        await Repos(conn).people.touch(person.id, datetime.now(UTC))
    assert rig.sender is not None
    rig.sender.wake.set()
    await fake.wait_until(lambda: rig.received(blocked) == ["are you there?"], 10,
                          "the message after unblocking")


async def test_a_restart_in_the_middle_loses_nothing_and_repeats_nothing(
    fake: FakeTelegram, rig: Rig
) -> None:
    chats = [4001, 4002, 4003]
    expected = await rig.fill(chats, 6)
    fake.fail("sendMessage", status=429, retry_after=1, times=2)
    rig.start()
    await fake.wait_until(lambda: len(fake.sends()) >= 5, 20, "a few messages")
    await rig.stop()  # SIGTERM: the sender finishes what is in flight and stops
    stopped_at = len(fake.sends())
    assert stopped_at < 18, "the restart must happen in the middle"

    await rig.open()  # a new process on the same database file
    rig.start()
    await rig.delivered(expected)
    await rig.settle()
    for chat in chats:
        assert rig.received(chat) == expected[chat]
    assert await rig.settled_statuses() == {"sent": 18}


async def test_the_overall_rate_stays_within_30_messages_a_second(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    # In real time: the overall window is taken before a request leaves, so a wait skipped
    # by one send while another is on its way would stamp that one's arrival late.
    rig = await Rig(fake, tmp_path / "outbox.db", ticker=RealTime()).open()
    try:
        await _thirty_a_second(fake, rig)
    finally:
        await rig.stop()


async def _thirty_a_second(fake: FakeTelegram, rig: Rig) -> None:
    chats = list(range(5001, 5046))  # 45 chats, more than 30 can be served in a second
    expected = await rig.fill(chats, 2)
    rig.start()
    await rig.delivered(expected)
    await rig.settle()
    sends = sorted(c.at for c in fake.sends())
    assert len(sends) == 90
    # Measured at the server, a request's arrival jitters by a few milliseconds after the
    # sender's own clock let it go; a window 20 ms shorter than a second absorbs that.
    busiest = max(
        sum(1 for t in sends if start <= t < start + 0.98) for start in sends
    )
    assert busiest <= 30
    for chat in chats:
        assert rig.received(chat) == expected[chat]


async def test_a_group_gets_at_most_20_messages_a_minute(fake: FakeTelegram, rig: Rig) -> None:
    staff_group = -1001234567890
    assert rig.transport is not None
    # Only the per-chat pace is shortened, so that the minute's budget is spent quickly.
    rig.transport.limits = replace(TELEGRAM_LIMITS, per_chat_interval=0.05)
    rig.transport.pacer = LocalPacer(rig.transport.limits, rig.ticker)
    assert rig.sender is not None
    rig.sender = rig.sender_for(rig.transport)
    expected = await rig.fill([staff_group], 24)
    rig.start()
    await fake.wait_until(lambda: len(fake.sends(staff_group)) >= 20, 20, "20 messages")
    await rig.settle(2.5)
    assert rig.received(staff_group) == expected[staff_group][:20]


class WriteLock:
    """Another process holding the database's write lock, as a backup tool or a CLI might."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    def _take(self) -> None:
        self._conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None,
                                     check_same_thread=False)
        self._conn.execute("BEGIN IMMEDIATE")

    async def take(self) -> None:
        await asyncio.to_thread(self._take)

    def release(self) -> None:
        assert self._conn is not None
        self._conn.execute("ROLLBACK")
        self._conn.close()


@pytest.mark.sqlite_only(reason="SQLite's write lock held by another connection")
async def test_a_locked_database_after_a_send_does_not_send_the_message_again(
    fake: FakeTelegram, rig: Rig, tmp_path: Path
) -> None:
    assert rig.db is not None
    async with rig.db.reading() as conn:  # a lock outlasts our wait for it
        await conn.execute("PRAGMA busy_timeout = 200")
    await rig.queue(6001, "first", "second")
    await rig.queue(6002, text_message("Pick one", ("a:yes", "Yes"), ("a:no", "No")))
    fake.latency = 0.3  # the lock is taken while the messages are on their way
    lock = WriteLock(tmp_path / "outbox.db")
    rig.start()
    await fake.wait_until(lambda: len(fake.calls_to("sendMessage")) >= 2, 10,
                          "the first messages on their way")
    await lock.take()
    await asyncio.sleep(1.5)  # several of the sender's passes meet the lock
    lock.release()
    fake.latency = 0.0
    await rig.delivered({6001: ["first", "second"], 6002: ["Pick one"]})
    await rig.settle()
    assert rig.received(6001) == ["first", "second"]
    assert rig.received(6002) == ["Pick one"]
    assert await rig.settled_statuses() == {"sent": 3}


async def test_a_restart_sends_a_message_whose_send_was_under_way_once_more_and_only_once(
    fake: FakeTelegram, rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    await rig.queue(7001, "are you still there?", "we are here")
    assert rig.db is not None
    async with rig.db.transaction() as conn:  # the process died during this row's call
        head = (await Repos(conn).outbox.pending_for("telegram", "7001"))[0]
        # (on PostgreSQL a dead worker's rows are taken over once its lease is over)
        await Repos(conn).outbox.mark_sending([head.id], datetime.now(UTC) - LEASE)
    rig.start()
    await rig.delivered({7001: ["are you still there?", "we are here"]})
    await rig.settle()
    assert rig.received(7001) == ["are you still there?", "we are here"]
    assert await rig.settled_statuses() == {"sent": 2}
    assert "1 message(s) were being sent when the bot stopped" in caplog.text

    await rig.stop()
    await rig.open()  # and once it is recorded as sent, no later restart sends it again
    rig.start()
    await rig.settle()
    assert rig.received(7001) == ["are you still there?", "we are here"]

