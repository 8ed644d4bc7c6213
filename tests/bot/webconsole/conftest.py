"""The console as a coordinator meets it: the bot's real web app with the console on, a
seeded database, staff who sign in by sending /console to the bot."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from bot.sender import Sender
from bot.service import build_app
from flows.messages import Inbound, Rendered
from storage import funnel
from storage.bookings import NewBooking
from storage.repositories import Repos
from tests.conftest import FakeClock, said

SUPERVISOR, RECRUITER, RECEPTION, DESK_AGENT = 1001, 1002, 1003, 1004
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
TOKEN = re.compile(r"/console/signin/([A-Za-z0-9_-]+)")


@dataclass
class Console:
    runtime: Runtime
    client: TestClient[Any, Any]
    clock: FakeClock

    async def bot_says(self, staff_id: int, text: str = "/console") -> list[Rendered]:
        """A private-chat message to the bot; what the bot answers."""
        event = Inbound("telegram", str(staff_id), uuid.uuid4().hex, text=text,
                        language_hint="en")
        await self.runtime.engine.handle(event)
        async with self.runtime.db.transaction() as conn:
            repos = Repos(conn)
            rows = await repos.outbox.pending_for("telegram", str(staff_id))
            for row in rows:
                await repos.outbox.mark_sent(row.id, self.clock(), None)
        return [said(row) for row in rows]

    async def link_for(self, staff_id: int) -> str:
        said = " ".join(reply.text for reply in await self.bot_says(staff_id))
        found = TOKEN.search(said)
        assert found, said
        return found.group(1)

    async def sign_in(self, staff_id: int) -> str:
        """Open the link, press «Sign in»; the overview's HTML."""
        token = await self.link_for(staff_id)
        page = await self.client.get(f"/console/signin/{token}")
        assert page.status == 200
        response = await self.client.post("/console/signin", data={"token": token})
        assert response.status == 200, await response.text()
        return await response.text()

    async def csrf(self, path: str = "/console/overview") -> str:
        html = await (await self.client.get(path)).text()
        found = CSRF.search(html)
        assert found, html
        return found.group(1)

    async def post(self, path: str, **fields: str) -> Any:
        data = {"csrf": await self.csrf(), **fields}
        return await self.client.post(path, data=data, allow_redirects=True)

    async def page(self, path: str) -> tuple[int, str]:
        response = await self.client.get(path)
        return response.status, await response.text()


async def seed_staff(runtime: Runtime, now: datetime) -> None:
    async with runtime.db.transaction() as conn:
        staff = Repos(conn).staff
        await staff.add(SUPERVISOR, "Mariam (supervisor)", "supervisor", [], now)
        await staff.add(RECRUITER, "Levan (recruitment)", "agent", ["enquiries"], now)
        await staff.add(RECEPTION, "Eka (reception)", "agent", ["bookings"], now)
        await staff.add(DESK_AGENT, "Dato (desk)", "agent", ["general"], now)


def english_staff(runtime: Runtime) -> None:
    """The console's tests read the pages in English (the demo agency's staff write
    Georgian; one test reads those)."""
    agency = runtime.profile.agency.model_copy(update={"staff_locale": "en"})
    runtime.profile = runtime.profile.model_copy(update={"agency": agency})


@pytest.fixture
async def console(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Console]:
    async with open_console(tmp_path, clock) as opened:
        yield opened


from contextlib import asynccontextmanager  # noqa: E402


@asynccontextmanager
async def open_console(tmp_path: Path, clock: FakeClock, *, english: bool = True,
                       **overrides: Any) -> AsyncIterator[Console]:
    options: dict[str, Any] = {"console_enabled": True, **overrides}
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'c.db'}",  # type: ignore[call-arg]
                        **options)
    runtime = await build_runtime(settings, clock=clock)
    if english:
        english_staff(runtime)
    await seed_staff(runtime, clock())
    sender = Sender(runtime.db, [], wake=runtime.engine.committed, clock=clock)
    client: TestClient[Any, Any] = TestClient(
        TestServer(build_app(runtime, [], sender), host="127.0.0.1"))
    await client.start_server()
    try:
        yield Console(runtime, client, clock)
    finally:
        await client.close()
        await runtime.close()


async def add_person(runtime: Runtime, key: str, now: datetime, source: str | None,
                     locale: str = "ka") -> int:
    async with runtime.db.transaction() as conn:
        person = await Repos(conn).people.create("telegram", key, locale, now, source)
    return person.id


async def add_enquiry(runtime: Runtime, person_id: int, now: datetime, *, name: str,
                      source: str | None = None, town: str = "tbilisi",
                      discuss: list[str] | None = None, locale: str = "ka") -> int:
    async with runtime.db.transaction() as conn:
        enquiry_id, _ref = await Repos(conn).enquiries.create(
            person_id=person_id, agency_id="demo", channel="telegram", locale=locale,
            source=source, consent_id=None, name=name, phone="+995599123456",
            answers={"town": town}, to_discuss=discuss or [], now=now)
        await funnel.mark(conn, person_id, "sent", now, source)
    return enquiry_id


async def add_booking(runtime: Runtime, person_id: int, starts_at: datetime, *,
                      consultant: str = "nino-beridze", centre: str = "tbilisi") -> int:
    async with runtime.db.transaction() as conn:
        return await Repos(conn).bookings.create(NewBooking(
            person_id=person_id, channel="telegram", service="parenting", centre=centre,
            mode="in_person", consultant=consultant, starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=50), timezone="Asia/Tbilisi",
            for_whom="self", child_consent=False, phone="+995599000111", locale="uk"),
            starts_at - timedelta(days=2))
