"""Babel catalogs and rendering of flow texts in a person's language.

The ``.po`` files are compiled in memory at start, so an installed package (where
site-packages may be read-only) and a fresh clone behave the same, with no build step.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Mapping
from datetime import UTC
from importlib import resources
from typing import assert_never
from zoneinfo import ZoneInfo

from babel import Locale, dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from flows.effects import SHARE_PHONE, Choice, Copy, PersonEffect, Relay, Say
from flows.languages import LANGUAGE_CODES
from flows.text import Joined, Localized, Msg, Param, Text, Verbatim, When
from storage.outbox_codec import PersonPayload, Rendered, RenderedChoice

# Weekday, day and month, as people write them in each language; the year is left out
# because everything the bot offers is within the next weeks. Times are 24-hour everywhere.
DAY_PATTERNS = {
    "ka": "EEEE, d MMMM",
    "uk": "EEEE, d MMMM",
    "lt": "EEEE, MMMM d 'd'.",
    "pl": "EEEE, d MMMM",
    "en": "EEEE d MMMM",
    "ru": "EEEE, d MMMM",
}
# The same on a button, where a full weekday would not fit: "Пн, 30 листопада".
SHORT_DAY_PATTERNS = {
    "ka": "EEE, d MMMM",
    "uk": "EEE, d MMMM",
    "lt": "EEE, MMMM d 'd'.",
    "pl": "EEE, d MMMM",
    "en": "EEE d MMMM",
    "ru": "EEE, d MMMM",
}
# Languages whose date labels start with a capital; Georgian has no capital letters in
# running text (Mtavruli is for headings), so its labels stay as they are.
CAPITAL_LABELS = frozenset({"uk", "lt", "pl", "en", "ru"})


def load_catalogs(codes: Iterable[str] = LANGUAGE_CODES) -> dict[str, Translations]:
    folder = resources.files("locales")
    catalogs = {}
    for code in codes:
        po_file = folder / code / "LC_MESSAGES" / "messages.po"
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        catalogs[code] = Translations(fp=buffer)
    return catalogs


@functools.cache
def translated_msgids(codes: tuple[str, ...] = LANGUAGE_CODES) -> Mapping[str, frozenset[str]]:
    """Per language, the msgids with a translation (every plural form, not fuzzy): what
    the start-up check of the flow catalog (``Catalog.validate``) asks for."""
    folder = resources.files("locales")
    found = {}
    for code in codes:
        with (folder / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=code)
        found[code] = frozenset(
            str(m.id[0] if isinstance(m.id, tuple | list) else m.id) for m in catalog
            if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple)
                                         else m.string))
    return found


class Renderer:
    def __init__(self, catalogs: dict[str, Translations], fallback: str) -> None:
        self._catalogs = catalogs
        self._fallback = fallback

    def text(self, text: Text, locale: str) -> str:
        if isinstance(text, Msg):
            translations = self._catalogs.get(locale) or self._catalogs[self._fallback]
            if text.plural is not None and text.n is not None:
                template = translations.ngettext(text.msgid, text.plural, text.n)
            else:
                template = translations.gettext(text.msgid)
            if not text.params:
                return template
            params = {key: self._param(value, locale) for key, value in text.params.items()}
            return template.format(**params)
        if isinstance(text, Localized):
            values = text.values
            for code in (locale, self._fallback, "en"):
                if code in values:
                    return values[code]
            return next(iter(values.values()), "")
        if isinstance(text, Verbatim):
            return text.value
        if isinstance(text, When):
            return self._when(text, locale)
        if isinstance(text, Joined):
            rendered = (self.text(part, locale) for part in text.parts)
            return text.separator.join(part for part in rendered if part)
        raise TypeError(f"not a text: {text!r}")

    def _param(self, value: Param, locale: str) -> str | int:
        if isinstance(value, str | int):
            return value
        return self.text(value, locale)

    def _when(self, when: When, locale: str) -> str:
        moment = when.moment if when.moment.tzinfo else when.moment.replace(tzinfo=UTC)
        local = moment.astimezone(ZoneInfo(when.timezone))
        babel_locale = Locale.parse(locale)
        patterns = SHORT_DAY_PATTERNS if when.style == "short" else DAY_PATTERNS
        day = dates.format_date(local, patterns.get(locale, "EEEE, d MMMM"), babel_locale)
        clock = dates.format_time(local, "HH:mm", locale=babel_locale)
        if when.style == "time":
            return clock
        shown = day if when.style in ("date", "weekday_date") else f"{day}, {clock}"
        if when.label and locale in CAPITAL_LABELS:
            return shown[:1].upper() + shown[1:]
        return shown

    def render(self, effect: PersonEffect, locale: str) -> PersonPayload:
        """An effect as the outbox keeps it: every text and label in the person's language
        (the share-phone button's too), so that channels only draw."""
        match effect:
            case Say():
                return Rendered(
                    text=self.text(effect.text, locale),
                    choices=self._choices(effect.choices, locale),
                    free_text=effect.free_text,
                    share_phone=self.text(SHARE_PHONE, locale) if effect.ask_phone else None,
                    file=effect.attachment,
                )
            case Relay():
                choices = self._choices(effect.choices, locale)
                return Rendered(self.text(effect.text, locale), choices,
                                free_text=bool(choices), media=effect.media)
            case Copy():
                return effect
            case _:
                assert_never(effect)

    def _choices(self, choices: tuple[Choice, ...], locale: str) -> tuple[RenderedChoice, ...]:
        return tuple(RenderedChoice(choice.id, self.text(choice.label, locale))
                     for choice in choices)
