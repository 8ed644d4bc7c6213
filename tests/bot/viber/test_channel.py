"""Registering the webhook, and what /healthz says about it."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.viber.channel import EVENT_TYPES, ViberChannel
from tests.bot.viber.conftest import make_viber
from tests.conftest import FakeClock
from tests.fakes import viber_api as v
from tests.fakes.viber_api import FakeViberApi


async def wait_until_settled(channel: ViberChannel) -> None:
    """Registration runs in the background; wait for its first answer."""
    for _ in range(500):
        if channel.webhook_state not in ("not registered yet", "registering"):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"still {channel.webhook_state}")


async def test_start_registers_the_webhook_with_the_events_we_handle(
    tmp_path: Path, clock: FakeClock, fake_viber: FakeViberApi
) -> None:
    async for viber in make_viber(tmp_path, clock, fake_viber,
                                  webhook_base_url="https://bot.example.org",
                                  webhook_secret="s3cret"):
        await viber.channel.start()
        call = await fake_viber.wait_for_call("set_webhook")
        assert call.auth_token == v.TOKEN
        assert call.body["url"] == "https://bot.example.org/viber/webhook"
        assert set(call.body["event_types"]) >= {
            "delivered", "failed", "subscribed", "unsubscribed", "conversation_started",
            "message",
        }
        assert set(EVENT_TYPES) == set(call.body["event_types"])
        await wait_until_settled(viber.channel)
        assert viber.channel.health() == {"status": "ok", "webhook": "registered"}
        async with viber.http.get(viber.webhook_url.replace("/viber/webhook", "/healthz")) as r:
            assert r.status == 200
            assert (await r.json())["channels"]["viber"]["status"] == "ok"


async def test_without_a_public_url_one_clear_warning(
    tmp_path: Path, clock: FakeClock, fake_viber: FakeViberApi,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    async for viber in make_viber(tmp_path, clock, fake_viber):
        await viber.channel.start()
        warnings = [r for r in caplog.records if r.name.startswith("bot.viber")]
        assert len(warnings) == 1
        assert "WEBHOOK_BASE_URL" in warnings[0].getMessage()
        assert "public webhook" in warnings[0].getMessage()
        assert fake_viber.calls == []
        assert viber.channel.health()["status"] == "degraded"


async def test_a_refused_token_is_reported_and_not_retried_forever(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    api = FakeViberApi(token=v.OTHER_TOKEN)
    await api.start()
    try:
        async for viber in make_viber(tmp_path, clock, api,
                                      webhook_base_url="https://bot.example.org",
                                      webhook_secret="s3cret"):
            await viber.channel.start()
            await api.wait_for_call("set_webhook")
            await wait_until_settled(viber.channel)
            health = viber.channel.health()
            assert health["status"] == "degraded"
            assert "invalidAuthToken" in health["webhook"]
            assert v.TOKEN not in caplog.text
    finally:
        await api.close()
