"""The signed webhook: only Telegram gets in, an update is answered once it is committed,
and a redelivered update changes nothing."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiogram.types import Update
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.kit.clock import SkippingTicker
from bot.runtime import Runtime, build_runtime
from bot.sender import Sender
from bot.service import build_app
from bot.telegram.channel import SECRET_HEADER, WEBHOOK_PATH, TelegramChannel
from bot.telegram.convert import ALLOWED_UPDATES
from flows.languages import LANGUAGE_CODES
from tests.bot.telegram.conftest import TOKEN, Texts
from tests.fakes.telegram_api import FakeTelegram

SECRET = "s3cret-Value_for_tests"


@dataclass
class Hooked:
    fake: FakeTelegram
    client: TestClient[Any, Any]
    runtime: Runtime
    channel: TelegramChannel
    sender: Sender

    async def pause(self, seconds: float) -> None:
        """Let the bot go on for a while (its pacing waits skipped)."""
        assert isinstance(self.runtime.ticker, SkippingTicker)
        await self.runtime.ticker.run_for(seconds)

    async def post(self, update: object, secret: str | None = SECRET) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        response = await self.client.post(WEBHOOK_PATH, json=update, headers=headers)
        return response.status

    async def count(self, table: str) -> int:
        async with self.runtime.db.reading() as conn, conn.execute(
            f"SELECT COUNT(*) FROM {table}"
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def counts(self) -> dict[str, int]:
        return {t: await self.count(t) for t in ("people", "processed_deliveries", "outbox")}


def webhook_settings(fake: FakeTelegram, tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=f"sqlite:///{tmp_path / 'hook.db'}",
        telegram_bot_token=TOKEN,
        telegram_api_base=fake.base_url,
        webhook_base_url="https://bot.example.org",
        webhook_secret=SECRET,
    )


@contextlib.asynccontextmanager
async def webhook_app(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Hooked]:
    """The product's web app in webhook mode against the fake, its webhook set."""
    ticker = SkippingTicker()  # the pacing waits (a second per chat) are skipped
    runtime = await build_runtime(webhook_settings(fake, tmp_path), ticker=ticker)
    channel = TelegramChannel(runtime)
    sender = Sender(runtime.db, [channel.transport], wake=runtime.engine.committed,
                    clock=ticker.utc, ticker=ticker)
    client: TestClient[Any, Any] = TestClient(
        TestServer(build_app(runtime, [channel], sender), host="127.0.0.1"))
    await client.start_server()
    await channel.start()
    await fake.wait_until(lambda: channel.health()["status"] == "ok", 10, "set_webhook")
    try:
        yield Hooked(fake, client, runtime, channel, sender)
    finally:
        await channel.stop()
        await client.close()
        await runtime.close()


@pytest.fixture
async def hooked(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Hooked]:
    async with webhook_app(fake, tmp_path) as app:
        yield app


async def test_the_webhook_is_registered_with_its_secret_at_start(hooked: Hooked) -> None:
    fake = hooked.fake
    assert fake.webhook is not None
    assert fake.webhook["url"] == "https://bot.example.org/telegram/webhook"
    assert fake.webhook["secret_token"] == SECRET
    assert fake.webhook["allowed_updates"] == ALLOWED_UPDATES
    assert not fake.calls_to("getUpdates"), "a webhook bot does not poll"
    assert {code for _scope, code in fake.commands} >= set(LANGUAGE_CODES)
    health = hooked.channel.health()
    assert (health["status"], health["mode"]) == ("ok", "webhook")
    response = await hooked.client.get("/healthz")
    assert response.status == 200
    assert (await response.json())["channels"]["telegram"]["mode"] == "webhook"


@pytest.mark.parametrize(
    "secret", [None, "", "wrong", SECRET[:-1], SECRET + "x", SECRET.upper()],
    ids=["missing", "empty", "wrong", "prefix", "longer", "other-case"],
)
async def test_a_call_without_the_right_secret_is_refused_and_changes_nothing(
    hooked: Hooked, secret: str | None
) -> None:
    update = hooked.fake.person(501, language_code="uk-UA").send("/start ad-campaign")
    assert await hooked.post(update, secret=secret) == 401
    assert await hooked.counts() == {"people": 0, "processed_deliveries": 0, "outbox": 0}
    await asyncio.sleep(0.3)
    assert not hooked.fake.sends()


async def test_an_update_is_committed_before_telegram_hears_200(
    hooked: Hooked, texts: Texts
) -> None:
    olena = hooked.fake.person(502, language_code="uk-UA")
    assert await hooked.post(olena.send("/start ad-campaign")) == 200
    # Nothing was sent yet (no sender runs here), yet everything is stored.
    assert await hooked.counts() == {"people": 1, "processed_deliveries": 1, "outbox": 1}
    async with hooked.runtime.db.reading() as conn, conn.execute(
        "SELECT locale, source FROM people"
    ) as cursor:
        assert tuple(await cursor.fetchone() or ()) == ("uk", "ad-campaign")


async def test_the_same_update_twice_is_handled_once(hooked: Hooked) -> None:
    update = hooked.fake.person(503, language_code="ka").send("/start")
    assert await hooked.post(update) == 200
    first = await hooked.counts()
    assert await hooked.post(update) == 200, "a duplicate is acknowledged, or Telegram retries"
    assert await hooked.counts() == first == {
        "people": 1, "processed_deliveries": 1, "outbox": 1}


async def test_concurrent_redeliveries_are_handled_once(hooked: Hooked) -> None:
    update = hooked.fake.person(504).send("/start")
    statuses = await asyncio.gather(*(hooked.post(update) for _ in range(5)))
    assert statuses == [200] * 5
    assert (await hooked.counts())["outbox"] == 1


@pytest.mark.parametrize(
    "body", [b"{not json", b"[]", b'{"message": {"text": "no update_id"}}', b'"text"'],
    ids=["broken", "list", "no-update-id", "string"],
)
async def test_a_malformed_body_is_a_400_and_changes_nothing(
    hooked: Hooked, body: bytes
) -> None:
    response = await hooked.client.post(
        WEBHOOK_PATH, data=body,
        headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"})
    assert response.status == 400
    assert await hooked.counts() == {"people": 0, "processed_deliveries": 0, "outbox": 0}


async def test_group_messages_are_acknowledged_and_ignored(hooked: Hooked) -> None:
    person = hooked.fake.person(505)
    assert await hooked.post(hooked.fake.group_message(-1001112223334, person, "/start")) == 200
    assert await hooked.counts() == {"people": 0, "processed_deliveries": 0, "outbox": 0}


async def test_the_staff_group_goes_to_the_staff_desk_and_no_other_group_does(
    hooked: Hooked,
) -> None:
    staff_group = -1001000000001
    hooked.channel.settings = hooked.channel.settings.model_copy(
        update={"staff_chat_id": staff_group})
    seen: list[int] = []

    async def desk(update: Update) -> bool:
        seen.append(update.update_id)
        return True

    hooked.channel.staff_handler = desk
    person = hooked.fake.person(511)
    staff_update = hooked.fake.group_message(staff_group, person, "a reply to a person")
    assert await hooked.post(staff_update) == 200
    assert await hooked.post(hooked.fake.group_message(-1009, person, "hello")) == 200
    assert seen == [staff_update["update_id"]]
    assert await hooked.counts() == {"people": 0, "processed_deliveries": 0, "outbox": 0}


async def test_an_update_that_could_not_be_stored_is_refused_so_telegram_retries(
    hooked: Hooked, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(event: object) -> bool:
        return False  # what the engine says when even its apology could not be stored

    monkeypatch.setattr(hooked.runtime.engine, "handle", broken)
    update = hooked.fake.person(506).send("/start")
    assert await hooked.post(update) == 500
    monkeypatch.undo()
    assert await hooked.post(update) == 200
    assert (await hooked.counts())["outbox"] == 1


async def test_a_button_press_is_answered_and_its_keyboard_removed(
    hooked: Hooked, texts: Texts
) -> None:
    stop = asyncio.Event()
    sending = asyncio.create_task(hooked.sender.run(stop))
    try:
        nino = hooked.fake.person(507, language_code="ka")
        assert await hooked.post(nino.send("/start")) == 200
        assert await nino.replies(1) == [texts.welcome("ka")]
        menu_message = nino.messages[-1]
        assert await hooked.post(nino.press(texts.label("ka", "menu:language"))) == 200
        assert await nino.replies(1) == [texts.picker("ka")]
        await hooked.fake.wait_until(
            lambda: not hooked.fake.unanswered_callbacks() and not menu_message.buttons,
            10, "the press to be answered and the menu keyboard removed")
        # Telegram redelivers the press: nothing new happens.
        assert await hooked.post(nino.fake.updates[-1]) == 200
        await hooked.pause(1.5)  # room for a wrong reply to show up
        assert nino.unread() == []
    finally:
        stop.set()
        await sending


async def test_blocking_the_bot_marks_the_person_blocked(hooked: Hooked) -> None:
    person = hooked.fake.person(508)
    assert await hooked.post(person.send("/start")) == 200
    assert await hooked.post(person.blocks_the_bot()) == 200
    async with hooked.runtime.db.reading() as conn, conn.execute(
        "SELECT blocked_at IS NOT NULL FROM people"
    ) as cursor:
        assert tuple(await cursor.fetchone() or ()) == (1,)


async def test_polling_mode_has_no_webhook_route(fake: FakeTelegram, tmp_path: Path) -> None:
    settings = webhook_settings(fake, tmp_path).model_copy(
        update={"webhook_base_url": None, "webhook_secret": None})
    runtime = await build_runtime(settings)
    channel = TelegramChannel(runtime)
    sender = Sender(runtime.db, [channel.transport])
    async with TestClient(TestServer(build_app(runtime, [channel], sender))) as client:
        update = fake.person(509).send("/start")
        response = await client.post(WEBHOOK_PATH, json=update,
                                     headers={SECRET_HEADER: SECRET})
        assert response.status in (404, 405)
    await channel.stop()
    await runtime.close()
