"""Shared fixtures: a real SQLite file, the real catalogs, a clock that only moves when told."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel.support import Translations

import bot.runtime
from bot.config import Settings
from bot.i18n import load_catalogs
from bot.runtime import Runtime, build_runtime
from flows.messages import Attachment, ChoiceId, Inbound, Rendered
from flows.profile import Profile, load_profile
from flows.staff.reply import ROW_KIND as STAFF_REPLY
from flows.staff.reply import StaffReply
from storage.outbox_codec import decode
from storage.repositories import OutboxRow, Repos
from tests import postgres
from tests.postgres import per_test_databases  # noqa: F401 (a fixture)

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday morning


def said(row: OutboxRow) -> Rendered:
    """The message an outbox row shows the person (a copy of a staff message has none); a
    staff reply as a channel without copies draws it: the words and the End button."""
    if row.kind == STAFF_REPLY:
        reply = StaffReply.from_json(row.payload)
        ends = (reply.end,) if reply.end is not None else ()
        return Rendered(reply.text, ends, free_text=bool(ends))
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


# -- read-only things, loaded once for the whole run -------------------------------------

_PROFILES: dict[tuple[str, bytes], Profile] = {}
_CATALOGS: dict[tuple[str, ...], dict[str, Translations]] = {}
_TEMPLATE: list[Path] = []


def cached_profile(path: str | Path | None = None) -> Profile:
    """``load_profile``, once per file content (a profile is frozen)."""
    key = (str(path), Path(path).read_bytes() if path is not None else b"")
    if key not in _PROFILES:
        _PROFILES[key] = load_profile(path)
    return _PROFILES[key]


def cached_catalogs(codes: Iterable[str] | None = None) -> dict[str, Translations]:
    """``load_catalogs``, compiled once (nothing adds to a catalog once loaded)."""
    key = tuple(codes) if codes is not None else ()
    if key not in _CATALOGS:
        _CATALOGS[key] = load_catalogs(codes) if codes is not None else load_catalogs()
    return dict(_CATALOGS[key])


def migrated_copy(path: Path) -> Path:
    """Put an empty, fully migrated database at ``path`` (a copy of one migrated once). On
    PostgreSQL (``--db=postgres``) there is no SQLite template: each test's database is
    made from PostgreSQL's own template instead."""
    if _TEMPLATE and _TEMPLATE[0].exists():
        shutil.copyfile(_TEMPLATE[0], path)
    return path


@pytest.fixture(scope="session", autouse=True)
def _loaded_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    import asyncio

    from storage.db import Database

    async def migrate(target: Path) -> None:
        db = await Database.open(target)
        await db.checkpoint()
        await db.close()

    template = tmp_path_factory.mktemp("template") / "migrated.db"
    asyncio.run(migrate(template))
    _TEMPLATE.append(template)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bot.runtime, "load_profile", cached_profile)
        patch.setattr(bot.runtime, "load_catalogs", cached_catalogs)
        yield
    _TEMPLATE.clear()
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--db", choices=("sqlite", "postgres"), default="sqlite",
                     help="the database every test runs on (postgres: see tests/postgres.py)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): a test of SQLite itself")
    config.addinivalue_line("markers", "pg_server(reason): needs the PostgreSQL server")
    config.addinivalue_line("markers", "workers: several carebot processes on PostgreSQL"
                                       " (tests/bot/test_workers.py)")
    if postgres.enabled(config) and not _xdist_controller(config):
        databases = postgres.Databases(postgres.server_url())
        databases.build_template()
        config.stash[postgres.DATABASES] = databases


def _xdist_controller(config: pytest.Config) -> bool:
    """With ``-n``, the process that only hands tests to the workers (each worker makes
    its own databases, named by its process id)."""
    return bool(getattr(config.option, "numprocesses", None)) and not hasattr(
        config, "workerinput")


def pytest_unconfigure(config: pytest.Config) -> None:
    if postgres.DATABASES in config.stash:
        config.stash[postgres.DATABASES].close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not postgres.enabled(config):
        for item in items:
            if item.get_closest_marker("pg_server") is not None:
                item.add_marker(pytest.mark.skip(reason="needs --db=postgres"))
        return
    for item in items:
        if item.get_closest_marker("pg_server") is not None:
            continue  # its SQLite files stay SQLite; it makes its PostgreSQL databases
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
        else:
            item.fixturenames.insert(0, "per_test_databases")  # type: ignore[attr-defined]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    path = migrated_copy(tmp_path / "test.db")
    return Settings(_env_file=None, database_url=f"sqlite:///{path}")  # type: ignore[call-arg]


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
        choice: str | ChoiceId | None = None,
        attachment: Attachment | None = None,
        contact: str | None = None,
    ) -> list[Rendered]:
        """``choice`` is a button pressed: its id, or the text the button carries
        (``"menu:book"``), read as a channel reads it."""
        if isinstance(choice, str):
            pressed = ChoiceId.parse(choice)
            assert pressed is not None, f"{choice!r} is not a button's id"
            choice = pressed
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
        """The ids of the latest buttons, as the buttons carry them (``"menu:book"``)."""
        for message in reversed(self.seen):
            if message.choices:
                return [choice.id.wire for choice in message.choices]
        return []


@pytest.fixture
def person(runtime: Runtime) -> Person:
    return Person(runtime)


def texts(replies: list[Rendered]) -> str:
    return "\n---\n".join(reply.text for reply in replies)
