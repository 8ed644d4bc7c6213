"""Fixtures for the Telegram channel: the fake Bot API and texts from the real catalogs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any, cast

import pytest

from bot.i18n import Renderer, load_catalogs
from flows import menu
from flows.framework import Context
from flows.languages import LANGUAGES
from flows.profile import Profile, load_profile
from flows.text import Text, _
from tests.fakes.telegram_api import FakeTelegram, Seen

TOKEN = "123:ABC"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        yield server


class Texts:
    """What the bot says, looked up in the catalogs the way the bot renders it."""

    def __init__(self) -> None:
        self.profile: Profile = load_profile(None)
        self.renderer = Renderer(load_catalogs(), fallback=self.profile.agency.default_locale)

    def __call__(self, lang: str, msgid: str, **params: Any) -> str:
        return self.renderer.text(_(msgid, **params), lang)

    def text(self, lang: str, text: Text) -> str:
        return self.renderer.text(text, lang)

    def welcome(self, lang: str) -> Seen:
        """What /start shows: the agency's greeting and the menu, in one message."""
        ctx = cast(Context, SimpleNamespace(profile=self.profile))
        greeting = self.text(lang, menu.greeting(ctx))
        return Seen(f"{greeting}\n\n{self(lang, 'How can we help you?')}",
                    self.menu_labels(lang))

    def menu_labels(self, lang: str) -> tuple[str, ...]:
        return tuple(self.text(lang, choice.label) for choice in menu.menu_choices())

    def menu(self, lang: str) -> Seen:
        return Seen(self(lang, "How can we help you?"), self.menu_labels(lang))

    def back(self, lang: str) -> str:
        return self.text(lang, menu.back_to_menu().label)

    def picker(self, lang: str) -> Seen:
        return Seen(self(lang, "Please choose your language."),
                    (*LANGUAGES.values(), self.back(lang)))

    def label(self, lang: str, choice_id: str) -> str:
        for choice in menu.menu_choices():
            if choice.id.wire == choice_id:
                return self.text(lang, choice.label)
        raise KeyError(choice_id)


@pytest.fixture(scope="session")
def texts() -> Texts:
    return Texts()
