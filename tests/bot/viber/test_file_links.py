"""On Viber, which takes files by public URL only, «Send me my data» arrives as links that
work once and for a day; opening a link shows a button, and only pressing it hands the file
over (so a link preview does not use it up)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.viber import WEBHOOK_PATH
from tests.bot.viber.conftest import Viber, make_viber
from tests.conftest import FakeClock
from tests.fakes import viber_api as v
from tests.fakes.viber_api import FakeViberApi

PUBLIC = "https://bot.example.org"


@pytest.fixture
async def public_viber(
    tmp_path: Path, clock: FakeClock, fake_viber: FakeViberApi
) -> AsyncIterator[Viber]:
    async for harness in make_viber(tmp_path, clock, fake_viber, webhook_base_url=PUBLIC,
                                    webhook_secret="files-secret-1"):
        yield harness


async def my_data_links(viber: Viber, who: dict[str, str]) -> list[str]:
    for step in (v.conversation_started(who), v.subscribed(who),
                 v.message(who, v.text("menu:about")), v.message(who, v.text("privacy:export"))):
        assert (await viber.post(step)).status == 200
    await viber.deliver()
    sent = " ".join(str(body.get("text", "")) for body in viber.api.sent_to(who["id"]))
    assert "The link works once, for 24 hours." in sent
    return re.findall(re.escape(PUBLIC) + r"/files/[A-Za-z0-9_-]+", sent)


def local(viber: Viber, link: str) -> str:
    return viber.webhook_url.removesuffix(WEBHOOK_PATH) + link.removeprefix(PUBLIC)


async def test_my_data_comes_as_single_use_links(public_viber: Viber) -> None:
    viber = public_viber
    who = v.user("FilesViber0001==", language="en")
    text_link, json_link = await my_data_links(viber, who)
    async with viber.http.get(local(viber, json_link)) as page:
        assert page.status == 200 and "<form method=post>" in await page.text()
    async with viber.http.post(local(viber, json_link)) as taken:
        assert taken.status == 200
        assert "my-data.json" in taken.headers["Content-Disposition"]
        data = json.loads(await taken.read())
    assert data["person"]["external_id"] == who["id"]
    async with viber.http.post(local(viber, json_link)) as again:
        assert again.status == 410, "a link works once"
    async with viber.http.get(local(viber, json_link)) as page:
        assert page.status == 410
    viber.clock.advance(hours=25)
    async with viber.http.post(local(viber, text_link)) as late:
        assert late.status == 410, "and for a day"
    assert await viber.count("file_links") == 0
