"""Shared fixtures: a real SQLite file, the real catalogs, a clock that only moves when told."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from flows.messages import Attachment, Inbound, Rendered
from storage.outbox_codec import decode
from storage.repositories import OutboxRow, Repos

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday morning


def said(row: OutboxRow) -> Rendered:
    """The message an outbox row shows the person (a copy of a staff message has none)."""
    message = decode(row.kind, row.payload)
    assert isinstance(message, Rendered), f"outbox row {row.id} is a {type(message).__name__}"
    return message


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'test.db'}")  # type: ignore[call-arg]


@pytest.fixture
async def runtime(settings: Settings, clock: FakeClock) -> AsyncIterator[Runtime]:
    built = await build_runtime(settings, clock=clock)
    yield built
    await built.close()


@dataclass
class Person:
    """Somebody chatting with the bot; ``send`` returns what they see in reply."""

    runtime: Runtime
    external_id: str = "person-1"
    language_hint: str | None = "en"
    channel: str = "console"
    seen: list[Rendered] = field(default_factory=list)

    async def send(
        self,
        text: str | None = None,
        *,
        choice: str | None = None,
        attachment: Attachment | None = None,
        contact: str | None = None,
    ) -> list[Rendered]:
        event = Inbound(
            self.channel,
            self.external_id,
            uuid.uuid4().hex,
            text=text,
            choice=choice,
            attachment=attachment,
            contact_phone=contact,
            language_hint=self.language_hint,
        )
        await self.runtime.engine.handle(event)
        return await self.read()

    async def read(self) -> list[Rendered]:
        async with self.runtime.db.transaction() as conn:
            repos = Repos(conn)
            rows = await repos.outbox.pending_for(self.channel, self.external_id)
            for row in rows:
                await repos.outbox.mark_sent(row.id, self.runtime.engine.clock(), None)
        replies = [said(row) for row in rows]
        self.seen.extend(replies)
        return replies

    async def press(self, label: str) -> list[Rendered]:
        """Press the button with this label on the latest message that has buttons."""
        for message in reversed(self.seen):
            for choice in message.choices:
                if choice.label == label:
                    return await self.send(choice=choice.id)
            if message.choices:
                break
        raise AssertionError(f"no button {label!r} on the latest keyboard: {self.buttons}")

    @property
    def buttons(self) -> list[str]:
        for message in reversed(self.seen):
            if message.choices:
                return [choice.label for choice in message.choices]
        return []

    @property
    def button_ids(self) -> list[str]:
        for message in reversed(self.seen):
            if message.choices:
                return [choice.id for choice in message.choices]
        return []


@pytest.fixture
def person(runtime: Runtime) -> Person:
    return Person(runtime)


def texts(replies: list[Rendered]) -> str:
    return "\n---\n".join(reply.text for reply in replies)
