"""Long polling in-process: failures of the Bot API, of the database, and stopping."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from bot.telegram.channel import TelegramChannel
from tests.bot.telegram.conftest import TOKEN
from tests.fakes.telegram_api import FakeTelegram


@pytest.fixture
async def runtime(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Runtime]:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=f"sqlite:///{tmp_path / 'poll.db'}",
        telegram_bot_token=TOKEN, telegram_api_base=fake.base_url)
    built = await build_runtime(settings)
    yield built
    await built.close()


async def processed(runtime: Runtime) -> int:
    async with runtime.db.reading() as conn, conn.execute(
        "SELECT COUNT(*) FROM processed_deliveries"
    ) as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def test_the_bot_api_failing_at_start_and_while_polling_is_survived(
    fake: FakeTelegram, runtime: Runtime
) -> None:
    fake.fail("getMe", status=502)
    fake.fail("getUpdates", status=500, times=1)
    fake.fail("getUpdates", status=0, times=1)
    channel = TelegramChannel(runtime, poll_timeout=1)
    await channel.start()
    try:
        await fake.wait_until(lambda: bool(fake.calls_to("getMe")), 5, "a first try")
        assert channel.health()["status"] == "degraded"
        fake.person(601).send("/start")
        await fake.wait_until(lambda: channel.health()["updates"].get("handled") == 1, 30,
                              "the update to be handled")
        assert channel.health()["status"] == "ok"
        assert [c.status for c in fake.calls_to("getUpdates")][:2] == [500, 0]
    finally:
        await channel.stop()


async def test_an_update_that_was_not_committed_is_fetched_again(
    fake: FakeTelegram, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = runtime.engine
    real_handle = engine.handle
    refusals = 0

    async def flaky(event: object) -> bool:
        nonlocal refusals
        if refusals == 0:
            refusals += 1
            return False  # the database was away: nothing was stored
        return await real_handle(event)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "handle", flaky)
    channel = TelegramChannel(runtime, poll_timeout=1)
    first = fake.person(602).send("/start")
    second = fake.person(603).send("/start")
    await channel.start()
    try:
        def confirmed() -> bool:
            updates = channel.health()["updates"]
            offsets = [c.params.get("offset") for c in fake.calls_to("getUpdates")]
            return (updates.get("handled", 0) >= 2 and updates.get("duplicate", 0) >= 1
                    and second["update_id"] + 1 in offsets)

        await fake.wait_until(confirmed, 30, "both updates handled and confirmed")
        offsets = [c.params.get("offset") for c in fake.calls_to("getUpdates")]
        assert first["update_id"] in offsets, "the failed update was not confirmed"
        assert await processed(runtime) == 2
        assert channel.health()["updates"].get("duplicate") == 1  # the second, seen again
        assert second["update_id"] + 1 in offsets
    finally:
        await channel.stop()


async def test_stopping_cuts_the_long_poll_short_and_confirms_what_was_handled(
    fake: FakeTelegram, runtime: Runtime
) -> None:
    channel = TelegramChannel(runtime, poll_timeout=25)
    update = fake.person(604).send("/start")
    await channel.start()
    await fake.wait_until(lambda: channel.health()["updates"].get("handled") == 1, 20,
                          "the update")
    await fake.wait_until(lambda: len(fake.calls_to("getUpdates")) >= 2, 5, "the next poll")
    started = time.monotonic()
    await channel.stop()
    assert time.monotonic() - started < 5, "a 25 s long poll must not hold up the stop"
    assert fake.calls_to("getUpdates")[-1].params.get("offset") == update["update_id"] + 1
    assert fake.updates == [], "nothing handled is left to be delivered again"
