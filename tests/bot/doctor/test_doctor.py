"""``carebot doctor`` as an IT volunteer runs it before going live: against the fake Bot
API, the fake Viber API and the app's own /healthz, one line per thing checked."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.cli import run_command
from bot.config import Settings
from bot.doctor import doctor, log_blocking_problems
from bot.init_profile import Contacts, build_profile
from bot.runtime import build_runtime
from bot.sender import Sender
from bot.service import build_app
from storage.db import Database, available_migrations
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.viber_api import TOKEN as VIBER_TOKEN
from tests.fakes.viber_api import FakeViberApi

TOKEN = "123:ABC"
GROUP = -1001234567890


@dataclass
class Setup:
    """A configured environment, healthy until a test breaks one part of it."""

    telegram: FakeTelegram
    viber: FakeViberApi
    settings: Settings

    def but(self, **changes: object) -> Settings:
        return self.settings.model_copy(update=changes)

    async def doctor(self, settings: Settings | None = None) -> tuple[int, list[str]]:
        out = io.StringIO()
        status = await doctor(settings or self.settings, out, limit=5)
        return status, out.getvalue().splitlines()


def line(lines: list[str], topic: str) -> str:
    found = [text for text in lines if f"  {topic}: " in text]
    assert len(found) == 1, f"one {topic!r} line expected in:\n" + "\n".join(lines)
    return found[0]


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[Setup]:
    profile = tmp_path / "my-agency.toml"
    profile.write_text(build_profile("GE", Contacts("Sunny Families", "+995 32 211 22 33",
                                                    "hello@sunny.example")), encoding="utf-8")
    base = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=f"sqlite:///{tmp_path / 'carebot.db'}",
        agency_profile=profile,
    )
    # The public URL is the app itself, served here over plain http on the loopback (a
    # real WEBHOOK_BASE_URL must be https; that rule is the configuration's, tested there).
    runtime = await build_runtime(base)
    server = TestServer(build_app(runtime, [], Sender(runtime.db, [])), host="127.0.0.1")
    await server.start_server()
    public = str(server.make_url("")).rstrip("/")
    async with FakeTelegram(TOKEN) as telegram:
        viber = FakeViberApi()
        await viber.start()
        settings = base.model_copy(update={
            "telegram_bot_token": TOKEN, "telegram_api_base": telegram.base_url,
            "staff_chat_id": GROUP, "viber_auth_token": VIBER_TOKEN,
            "viber_api_base": viber.url, "webhook_base_url": public,
            "webhook_secret": "s3cret",
        })
        # As after a first start: both webhooks point at this server.
        telegram.webhook = {"url": f"{public}/telegram/webhook"}
        viber.webhook_url = f"{public}/viber/webhook"
        try:
            yield Setup(telegram, viber, settings)
        finally:
            await viber.close()
            await server.close()
            await runtime.close()


@pytest.mark.sqlite_only(reason="the database line checks the SQLite file")
async def test_a_healthy_setup_passes_every_check(setup: Setup) -> None:
    status, lines = await setup.doctor()
    assert status == 0, "\n".join(lines)
    checks = lines[:lines.index("")]
    assert all(text.startswith("OK ") for text in checks), "\n".join(lines)
    assert "this is @carebot_test_bot" in line(lines, "Telegram")
    assert "is a forum and the bot is an administrator" in line(lines, "Staff group")
    assert "/telegram/webhook, 0 update(s) waiting" in line(lines, "Telegram webhook")
    assert "“carebot test”" in line(lines, "Viber")
    assert "“Sunny Families”" in line(lines, "Viber sender")
    assert "is writable and up to date" in line(lines, "Database")
    assert "Asia/Tbilisi (now " in line(lines, "Time zones")
    assert "reaches carebot" in line(lines, "Public URL")
    assert lines[-1] == "Nothing blocks going live (0 warning(s))."
    # Only questions were asked: nothing was set or sent.
    assert {c.name for c in setup.telegram.calls} == {"getme", "getwebhookinfo", "getchat",
                                                      "getchatmember"}
    assert {c.method for c in setup.viber.calls} == {"get_account_info"}


async def test_a_group_without_topics_blocks_going_live(setup: Setup) -> None:
    setup.telegram.group(GROUP).is_forum = False
    status, lines = await setup.doctor()
    assert status == 1
    assert line(lines, "Staff group").startswith("BLOCK  Staff group: “A group” is not a"
                                                 " forum: in the group's settings, Edit → turn"
                                                 " Topics on")
    assert lines[-1] == "1 problem(s) block going live; fix them and run carebot doctor again."


async def test_a_bot_that_may_not_manage_topics_blocks_going_live(setup: Setup) -> None:
    setup.telegram.group(GROUP).rights["can_manage_topics"] = False
    status, lines = await setup.doctor()
    assert status == 1
    assert "the bot may not Manage Topics in “A group”" in line(lines, "Staff group")
    assert line(lines, "Staff group").startswith("BLOCK ")

    setup.telegram.group(GROUP).rights["can_manage_topics"] = True
    setup.telegram.group(GROUP).bot_status = "member"
    status, lines = await setup.doctor()
    assert status == 1
    assert "the bot is only a member of “A group”: make it an administrator" in line(
        lines, "Staff group")


async def test_a_staff_chat_id_the_bot_cannot_see(setup: Setup) -> None:
    setup.telegram.group(GROUP).exists = False
    status, lines = await setup.doctor()
    assert status == 1 and "Telegram knows no group -1001234567890" in line(lines,
                                                                             "Staff group")
    status, lines = await setup.doctor(setup.but(staff_chat_id=-4012345678))
    assert status == 1 and "is a basic group: turn Topics on" in line(lines, "Staff group")
    status, lines = await setup.doctor(setup.but(staff_chat_id=123456789))
    assert status == 1 and "is a person's or bot's id" in line(lines, "Staff group")


async def test_a_wrong_token_is_named_and_the_group_is_not_checked(setup: Setup) -> None:
    status, lines = await setup.doctor(setup.but(telegram_bot_token="123:WRONG"))
    assert status == 1
    assert line(lines, "Telegram").startswith(
        "BLOCK  Telegram: Telegram refuses TELEGRAM_BOT_TOKEN (Unauthorized): copy the token"
        " again from @BotFather")
    assert line(lines, "Staff group") == ("SKIP   Staff group: not checked: the token does"
                                          " not work")
    assert "WRONG" not in "\n".join(lines)


async def test_webhook_trouble_as_telegram_reports_it(setup: Setup) -> None:
    setup.telegram.webhook_error = "Connection timed out"
    status, lines = await setup.doctor()
    assert status == 0, "a failed delivery is a warning: the bot may just have been down"
    assert any(text.startswith("WARN   Telegram webhook: Telegram's last delivery failed 60 s"
                               " ago: Connection timed out") for text in lines)
    setup.telegram.webhook = {"url": "https://old.example.org/telegram/webhook"}
    _status, lines = await setup.doctor()
    assert any("Telegram delivers to https://old.example.org/telegram/webhook, not" in text
               for text in lines)


async def test_viber_problems(setup: Setup) -> None:
    status, lines = await setup.doctor(setup.but(viber_auth_token="not-the-token"))
    assert status == 1
    assert line(lines, "Viber").startswith("BLOCK  Viber: Viber refuses VIBER_AUTH_TOKEN")
    long_name = "Family Support Centre of Kutaisi Region"
    status, lines = await setup.doctor(setup.but(viber_bot_name=long_name))
    assert status == 0
    assert line(lines, "Viber sender") == (
        f"WARN   Viber sender: “{long_name}” has {len(long_name)} characters and Viber shows"
        f" at most 28, so people will see “{long_name[:28]}”: set VIBER_BOT_NAME to a"
        " shorter name")
    setup.viber.webhook_url = ""
    _status, lines = await setup.doctor()
    assert "no webhook is set yet: carebot run registers" in line(lines, "Viber webhook")


async def test_an_unreachable_public_url_blocks(setup: Setup) -> None:
    status, lines = await setup.doctor(setup.but(webhook_base_url="http://127.0.0.1:9"))
    assert status == 1
    assert line(lines, "Public URL").startswith(
        "BLOCK  Public URL: http://127.0.0.1:9/healthz cannot be reached from this server")


async def test_what_is_not_configured_is_skipped_and_said(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=f"sqlite:///{tmp_path / 'new' / 'carebot.db'}")
    out = io.StringIO()
    assert await doctor(settings, out, limit=5) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("BLOCK  Messengers: neither TELEGRAM_BOT_TOKEN nor"
                               " VIBER_AUTH_TOKEN is set")
    assert line(lines, "Telegram").startswith("SKIP   Telegram: TELEGRAM_BOT_TOKEN is not set")
    assert line(lines, "Viber").startswith("SKIP   Viber: VIBER_AUTH_TOKEN is not set")
    assert line(lines, "Public URL").startswith("SKIP ")
    assert line(lines, "Profile").startswith("BLOCK  Profile: AGENCY_PROFILE is not set")
    assert "does not exist yet" in line(lines, "Database")
    assert not (tmp_path / "new").exists(), "the doctor creates nothing"


def _with_a_wrong_time_zone(profile: Path, tmp_path: Path) -> Path:
    broken = tmp_path / "broken.toml"
    text = profile.read_text(encoding="utf-8")
    broken.write_text(text.replace('timezone = "Asia/Tbilisi"', 'timezone = "Tbilisi"', 1),
                      encoding="utf-8")
    return broken


async def test_a_broken_profile_blocks(setup: Setup, tmp_path: Path) -> None:
    assert setup.settings.agency_profile is not None
    broken = _with_a_wrong_time_zone(setup.settings.agency_profile, tmp_path)
    status, lines = await setup.doctor(setup.but(agency_profile=broken))
    assert status == 1
    assert line(lines, "Profile").startswith(
        f"BLOCK  Profile: 1 problem(s), the first: {broken}: centres.0.timezone: unknown time"
        f" zone 'Tbilisi'; run `carebot check-profile {broken}`")
    assert line(lines, "Time zones") == "SKIP   Time zones: not checked: the profile does not load"


@pytest.mark.sqlite_only(reason="PRAGMA user_version")
async def test_an_old_database_is_a_warning_and_a_newer_one_blocks(
    setup: Setup, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    settings = setup.but(database_url=f"sqlite:///{path}")
    db = await Database.open(path, migrate=False)
    try:
        status, lines = await setup.doctor(settings)
        latest = max(number for number, _sql in available_migrations())
        assert status == 0
        assert line(lines, "Database") == (
            f"WARN   Database: {path} has schema version 0 of {latest}: carebot run upgrades"
            " it at start, or run carebot migrate now")
        async with db.transaction() as conn:
            await conn.execute(f"PRAGMA user_version = {latest + 1}")
        status, lines = await setup.doctor(settings)
        assert status == 1
        assert line(lines, "Database").startswith(
            f"BLOCK  Database: {path} has schema version {latest + 1}, newer than this carebot"
            f" knows ({latest})")
    finally:
        await db.close()


async def test_carebot_run_logs_the_blocking_problems_once(
    setup: Setup, caplog: pytest.LogCaptureFixture
) -> None:
    setup.telegram.group(GROUP).is_forum = False
    with caplog.at_level(logging.ERROR, logger="bot.doctor"):
        found = await log_blocking_problems(setup.settings)
    assert [f.topic for f in found] == ["Staff group"]
    messages = [r.getMessage() for r in caplog.records]
    assert messages[0].startswith("Staff group: “A group” is not a forum")
    assert len(messages) == 2 and "`carebot doctor` explains them" in messages[1]
    # At start, the webhooks are carebot run's own business and the URL is not up yet.
    assert not setup.telegram.calls_to("getWebhookInfo")


async def test_carebot_run_starts_and_says_what_blocks_it(
    setup: Setup, caplog: pytest.LogCaptureFixture
) -> None:
    setup.telegram.group(GROUP).rights["can_pin_messages"] = False
    settings = setup.but(webhook_base_url=None, webhook_secret=None, viber_auth_token=None,
                         http_port=0)
    with caplog.at_level(logging.ERROR, logger="bot.doctor"):
        running = asyncio.create_task(run_command(argparse.Namespace(), settings))
        try:
            await setup.telegram.wait_until(
                lambda: any("may not Pin Messages" in r.getMessage() for r in caplog.records),
                what="the start-up check's log line")
            await setup.telegram.wait_until(lambda: bool(setup.telegram.calls_to("getUpdates")),
                                            what="the bot polling while the check ran")
        finally:
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running
    said = [r.getMessage() for r in caplog.records if r.name == "bot.doctor"]
    assert said[0] == ("Staff group: the bot may not Pin Messages in “A group”: group settings"
                       " → Administrators → the bot → turn on Pin Messages")
    assert len(said) == 2, "once"
