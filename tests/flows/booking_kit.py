"""Helpers for the booking tests: a runtime per language's natural profile, walking a
person through the booking flow, and reading what was stored."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.engine import Engine
from bot.i18n import Renderer, load_catalogs
from bot.runtime import Runtime, build_runtime
from flows.messages import Rendered
from flows.profile import Profile, builtin_profile_path
from flows.text import Param, Text, _, date_label
from storage.db import Database
from tests.conftest import FakeClock, Person

# Each language with a shipped profile whose consultants speak it.
LANG_PROFILES = {"ka": "demo", "uk": "ua", "lt": "lt", "pl": "pl", "en": "demo", "ru": "demo"}
LOCAL_PHONES = {"GE": "555 12 34 56", "UA": "067 123 4567", "LT": "8 612 34567",
                "PL": "512 345 678"}
E164_PREFIX = {"GE": "+995", "UA": "+380", "LT": "+370", "PL": "+48"}


async def runtime_for(
    settings: Settings, clock: FakeClock, name: str = "demo", path: Path | None = None
) -> Runtime:
    return await build_runtime(settings, profile_path=path or builtin_profile_path(name),
                               clock=clock)


async def runtime_with(settings: Settings, clock: FakeClock, profile: Profile) -> Runtime:
    """A runtime like ``build_runtime`` makes, with a profile edited in the test."""
    db = await Database.open(settings.database_path)
    renderer = Renderer(load_catalogs(), fallback=profile.agency.default_locale)
    engine = Engine(db, profile, renderer, default_locale=settings.default_locale,
                    idle=timedelta(hours=settings.session_idle_hours), clock=clock)
    return Runtime(settings, db, profile, renderer, engine)


def edited(profile: Profile, **changes: Any) -> Profile:
    """The profile with some top-level sections replaced, validated again."""
    data = profile.model_dump(mode="python")
    data.update(changes)
    return Profile.model_validate(data)


def with_booking_rules(profile: Profile, **rules: Any) -> Profile:
    return edited(profile, booking={**profile.booking.model_dump(), **rules})


def say(runtime: Runtime, lang: str, text: Text) -> str:
    return runtime.renderer.text(text, lang)


def msg(runtime: Runtime, lang: str, msgid: str, **params: Param) -> str:
    """A flow message as the person sees it in ``lang``."""
    return runtime.renderer.text(_(msgid, **params), lang)


def ids(message: Rendered) -> list[str]:
    return [choice.id.wire for choice in message.choices]


def ids_with(message: Rendered, prefix: str) -> list[str]:
    return [choice.id.wire for choice in message.choices if choice.id.wire.startswith(prefix)]


def label(message: Rendered, choice_id: str) -> str:
    return next(c.label for c in message.choices if c.id.wire == choice_id)


def day_label(runtime: Runtime, lang: str, moment: datetime, timezone: str) -> str:
    return runtime.renderer.text(date_label(moment, timezone, style="date"), lang)


async def to_service(person: Person) -> Rendered:
    await person.send("/start")
    (services,) = await person.send(choice="menu:book")
    return services


async def to_days(
    person: Person, *, service: str | None = None, mode: str = "in_person",
    centre: str | None = None, whom: str = "whom:self",
) -> Rendered:
    """From the start to the list of days."""
    services = await to_service(person)
    await person.send(choice=service or ids_with(services, "svc:")[0])
    (modes,) = await person.send(choice=whom)
    if f"mode:{mode}" not in ids(modes):
        raise AssertionError(f"mode {mode} not offered: {ids(modes)}")
    if mode == "in_person":
        (centres,) = await person.send(choice="mode:in_person")
        (days,) = await person.send(choice=centre or ids_with(centres, "centre:")[0])
    else:
        (days,) = await person.send(choice=f"mode:{mode}")
    return days


async def to_confirm(
    person: Person, *, day: int = 0, time: int = 0, mode: str = "in_person",
    phone: str | None = None, **options: str,
) -> Rendered:
    days = await to_days(person, mode=mode, **options)
    (times,) = await person.send(choice=ids_with(days, "day:")[day])
    replies = await person.send(choice=ids_with(times, "time:")[time])
    if replies[-1].ask_phone:
        assert phone is not None, "this mode asks for a phone number"
        replies = await person.send(phone)
    (confirm,) = replies
    return confirm


async def book(person: Person, **options: str | int) -> list[Rendered]:
    await to_confirm(person, **options)  # type: ignore[arg-type]
    return await person.send(choice="book:yes")


async def rows(runtime: Runtime, table: str, where: str = "") -> list[dict[str, object]]:
    sql = f"SELECT * FROM {table} {where} ORDER BY id"
    async with runtime.db.reading() as conn, conn.execute(sql) as cursor:
        return [dict(row) for row in await cursor.fetchall()]


def local_phone(profile: Profile) -> str:
    return LOCAL_PHONES[profile.agency.country]
