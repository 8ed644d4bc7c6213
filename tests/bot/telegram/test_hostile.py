"""Updates nobody should send, over the webhook and over long polling: never a 5xx,
never a stall, and the people around them are still answered."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from bot.sender import Sender
from bot.telegram.channel import SECRET_HEADER, WEBHOOK_PATH, TelegramChannel
from tests.bot.telegram.conftest import TOKEN, Texts
from tests.bot.telegram.test_webhook import SECRET, Hooked, webhook_app
from tests.fakes.telegram_api import FakeTelegram, Seen

NOTHING = {"people": 0, "processed_deliveries": 0, "outbox": 0}


@pytest.fixture
async def hooked(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Hooked]:
    async with webhook_app(fake, tmp_path) as app:
        yield app


async def post_raw(hooked: Hooked, body: bytes) -> int:
    response = await hooked.client.post(
        WEBHOOK_PATH, data=body,
        headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"})
    return response.status


def unreadable(fake: FakeTelegram, chat_id: int) -> dict[str, object]:
    """A private message in a shape this aiogram cannot read (no ``chat``, and a date
    that is not one), as a newer Bot API might send."""
    update = fake.person(chat_id).send("hello")
    message = update["message"]
    del message["chat"]
    message["date"] = {"new": "shape"}
    return update


@pytest.mark.parametrize("update", [{"update_id": 9001}, {"update_id": 9002, "message": None},
                                    {"update_id": 9003, "business_thing": {"id": 1}}],
                         ids=["no kind", "null message", "a kind aiogram lacks"])
async def test_an_update_of_no_known_kind_is_acknowledged_and_ignored(
    hooked: Hooked, update: dict[str, object]
) -> None:
    assert await hooked.post(update) == 200
    assert await hooked.counts() == NOTHING


async def test_an_update_aiogram_cannot_read_is_acknowledged_and_logged_once(
    hooked: Hooked, caplog: pytest.LogCaptureFixture
) -> None:
    update = unreadable(hooked.fake, 510)
    caplog.set_level(logging.WARNING, logger="bot.telegram.channel")
    assert await hooked.post(update) == 200
    assert await hooked.counts() == NOTHING
    skipped = [r.getMessage() for r in caplog.records if "cannot read" in r.getMessage()]
    assert len(skipped) == 1
    assert "hello" not in skipped[0], "what the person wrote stays out of the log"


async def test_json_nested_five_thousand_levels_deep_is_a_bad_request(hooked: Hooked) -> None:
    body = b'{"update_id": 9100, "message": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    assert await post_raw(hooked, body) == 400
    assert await hooked.counts() == NOTHING


async def test_a_text_with_a_lone_surrogate_is_answered(hooked: Hooked) -> None:
    update = hooked.fake.person(511).send("/start")
    assert await hooked.post(update) == 200
    text = hooked.fake.person(511).send("hi MARK")
    body = json.dumps(text).encode().replace(b"MARK", b"\\udc00")
    assert await post_raw(hooked, body) == 200
    counts = await hooked.counts()
    assert counts["processed_deliveries"] == 2
    assert counts["outbox"] > 2, "the person got an answer"


# -- long polling ------------------------------------------------------------------------


@pytest.fixture
async def runtime(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Runtime]:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=f"sqlite:///{tmp_path / 'poll.db'}",
        telegram_bot_token=TOKEN, telegram_api_base=fake.base_url)
    built = await build_runtime(settings)
    yield built
    await built.close()


async def test_an_unreadable_update_does_not_stop_polling_for_anyone(
    fake: FakeTelegram, runtime: Runtime, texts: Texts, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.telegram.channel")
    before = fake.person(520)
    after = fake.person(521)
    before.send("/start")
    bad = unreadable(fake, 522)
    fake.queue({"update_id": fake.next_update_id(), "message": None})
    after.send("/start")
    channel = TelegramChannel(runtime, poll_timeout=1)
    sender = Sender(runtime.db, [channel.transport], wake=runtime.engine.committed)
    stop = asyncio.Event()
    sending = asyncio.create_task(sender.run(stop))
    await channel.start()
    try:
        # The people before and after it in the same batch are answered ...
        assert await before.replies(1) == [texts.welcome("en")]
        assert await after.replies(1) == [texts.welcome("en")]
        # ... and so is what comes later: the batch was confirmed past the bad update.
        before.send("/help")
        (help_message, _menu) = await before.replies(2)
        assert "/language" in help_message.text
        assert all(u["update_id"] > bad["update_id"] for u in fake.updates)
    finally:
        await channel.stop()
        stop.set()
        await sending
    skipped = [r for r in caplog.records if "cannot read" in r.getMessage()]
    assert len(skipped) == 1


async def test_a_button_whose_data_carebot_never_made_is_answered_as_an_old_button(
    hooked: Hooked, texts: Texts
) -> None:
    stop = asyncio.Event()
    sending = asyncio.create_task(hooked.sender.run(stop))
    try:
        nino = hooked.fake.person(512, language_code="ka")
        assert await hooked.post(nino.send("/start")) == 200
        await nino.replies(1)  # the greeting and the menu, in one message
        # A keyboard carebot did not send (another client, a forged update).
        hooked.fake._deliver({"chat_id": nino.chat_id, "reply_markup": {"inline_keyboard": [[
            {"text": "?", "callback_data": "menu:book'; DROP TABLE people"}]]}}, text="?")
        await nino.replies(1)
        assert await hooked.post(nino.press("?")) == 200
        assert await nino.replies(2) == [
            Seen(texts("ka", "That button belongs to an earlier message. Here is where we are"
                             " now:")),
            texts.menu("ka"),
        ]
    finally:
        stop.set()
        await sending
