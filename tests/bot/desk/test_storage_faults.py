"""The database locked by another process while the desk opens a ticket's topic: the
topic Telegram created is kept in memory until it can be stored, never opened twice."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from tests.bot.desk.conftest import STAFF_CHAT, Rig

pytestmark = pytest.mark.sqlite_only(reason="SQLite's write lock held by another connection")


async def test_a_lock_while_a_topic_is_opened_does_not_open_a_second_one(
    rig: Rig, tmp_path: Path
) -> None:
    async with rig.runtime.db.reading() as conn:  # a lock outlasts our wait for it
        await conn.execute("PRAGMA busy_timeout = 200")
    olena = rig.fake.person(380501140001, language_code="uk")
    await rig.tg(olena.send("/human"))
    await rig.tg(olena.send("Добрий день"))
    rig.fake.latency = 0.3  # the lock is taken while Telegram creates the topic
    await rig.until(lambda: len(rig.fake.calls_to("createForumTopic")) >= 1, "a topic asked for")

    other = sqlite3.connect(tmp_path / "desk.db", timeout=10.0, isolation_level=None,
                            check_same_thread=False)
    await asyncio.to_thread(other.execute, "BEGIN IMMEDIATE")
    await asyncio.sleep(1.5)
    other.execute("ROLLBACK")
    other.close()
    rig.fake.latency = 0.0

    ticket = await rig.ticket_of("telegram", str(olena.chat_id))
    thread = await rig.topic(ticket.id)
    await rig.idle()
    assert len(rig.fake.calls_to("createForumTopic", ok=True)) == 1
    assert len(rig.fake.open_topics(STAFF_CHAT)) == 1
    assert rig.in_topic(thread).count("💬 Добрий день") == 1
