"""``carebot run`` as an operator sees it: what /healthz says when the database cannot
be written, and a start that cannot succeed ending at once with one clear line."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.bot.telegram.conftest import TOKEN
from tests.bot.telegram.test_webhook import Hooked, webhook_app
from tests.cli import carebot
from tests.fakes.telegram_api import FakeTelegram


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        yield server


@pytest.fixture
async def hooked(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Hooked]:
    async with webhook_app(fake, tmp_path) as app:
        yield app


async def health(hooked: Hooked) -> tuple[int, dict[str, Any]]:
    response = await hooked.client.get("/healthz")
    return response.status, await response.json()


async def pages(hooked: Hooked) -> int:
    async with hooked.runtime.db.reading() as conn, conn.execute("PRAGMA page_count") as c:
        row = await c.fetchone()
    return int(row[0]) if row else 0


async def limit_pages(hooked: Hooked, count: int) -> None:
    """SQLite's own way to make the disk "full" for this connection."""
    async with hooked.runtime.db.reading() as conn:
        await conn.execute(f"PRAGMA max_page_count = {count}")


@pytest.mark.sqlite_only(reason="SQLite's file and write lock")
async def test_health_reports_writes_failing_on_a_full_disk(hooked: Hooked) -> None:
    assert (await health(hooked))[0] == 200
    await limit_pages(hooked, await pages(hooked))
    person = hooked.fake.person(701)
    answers = []
    for number in range(300):  # until the pages there are fill up
        answers.append(await hooked.post(person.send(f"/start {number}")))
        if answers[-1] != 200:
            break
    assert answers[-1] == 500, "not committed, so Telegram is asked to deliver it again"
    status, report = await health(hooked)
    assert status == 503
    assert report["status"] == "degraded"
    assert "database or disk is full" in report["database"]

    await limit_pages(hooked, 1_000_000)  # space again: the retried update goes through
    assert await hooked.post(person.send("/start")) == 200
    status, report = await health(hooked)
    assert (status, report["database"]) == (200, "ok")


@pytest.mark.sqlite_only(reason="SQLite's file and write lock")
async def test_health_answers_while_another_process_holds_the_write_lock(
    hooked: Hooked,
) -> None:
    other = sqlite3.connect(hooked.runtime.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        # A person writes meanwhile: the bot waits for SQLite's lock ...
        writing = asyncio.create_task(hooked.post(hooked.fake.person(702).send("/start")))
        for _attempt in range(50):
            status, report = await health(hooked)
            if status == 503:
                break
        # ... but the health check does not wait with it, and says why.
        assert not writing.done()
        assert status == 503
        assert "lock" in report["database"] or "waiting" in report["database"]
    finally:
        other.execute("ROLLBACK")
        other.close()
    await writing
    for _attempt in range(3):  # the write that timed out is retried by Telegram
        if await hooked.post(hooked.fake.person(703).send("/start")) == 200:
            break
    status, report = await health(hooked)
    assert (status, report["database"]) == (200, "ok")


# -- a start that cannot succeed ------------------------------------------------------


def carebot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"HTTP_HOST": "127.0.0.1", "LOG_LEVEL": "INFO", **extra}


def run_carebot(tmp_path: Path, env: dict[str, str]) -> tuple[int, str]:
    """``carebot run`` until it exits (in this process: tests/cli.py)."""
    result = carebot("run", cwd=tmp_path, **env)
    return result.returncode, result.stderr


@pytest.mark.sqlite_only(reason="SQLite's file and write lock")
def test_a_database_that_cannot_be_written_stops_the_start_with_one_line(
    tmp_path: Path,
) -> None:
    # As on a read-only filesystem: the database opens, but its WAL cannot be created.
    db_path = tmp_path / "carebot.db"
    sqlite3.connect(db_path).close()
    (tmp_path / "carebot.db-wal").mkdir()
    code, err = run_carebot(tmp_path, carebot_env(
        tmp_path, DATABASE_URL=f"sqlite:///{db_path}", VIBER_AUTH_TOKEN="x" * 20,
        VIBER_API_BASE="http://127.0.0.1:9", LOG_LEVEL="WARNING"))
    assert code != 0
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"cannot use the database {db_path}: ")  # and SQLite's reason


def test_a_port_in_use_stops_the_start_with_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err = run_carebot(tmp_path, carebot_env(
            tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'carebot.db'}",
            HTTP_PORT=str(port), VIBER_AUTH_TOKEN="x" * 20,
            VIBER_API_BASE="http://127.0.0.1:9", LOG_LEVEL="WARNING"))
    assert code != 0
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        f"cannot listen on 127.0.0.1:{port}: address already in use"]
