"""Babel catalogs and rendering of flow texts in a person's language.

The ``.po`` files are compiled in memory at start, so an installed package (where
site-packages may be read-only) and a fresh clone behave the same, with no build step.
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Iterable, Mapping
from datetime import UTC
from importlib import resources
from zoneinfo import ZoneInfo

from babel import Locale, dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from flows.languages import LANGUAGE_CODES
from flows.messages import Outbound, Rendered, RenderedChoice
from flows.text import Joined, Localized, Msg, Param, Text, Verbatim, When

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

    def render(self, message: Outbound, locale: str) -> Rendered:
        attachment_b64 = None
        if message.attachment_body is not None:
            attachment_b64 = base64.b64encode(message.attachment_body).decode("ascii")
        return Rendered(
            text=self.text(message.text, locale),
            choices=tuple(
                RenderedChoice(choice.id, self.text(choice.label, locale))
                for choice in message.choices
            ),
            ask_phone=message.ask_phone,
            free_text=message.free_text,
            attachment_name=message.attachment_name,
            attachment_mime=message.attachment_mime,
            attachment_b64=attachment_b64,
        )
