"""The six languages carebot speaks, and how a client's hint maps onto them."""

from __future__ import annotations

from collections.abc import Iterable

from babel import Locale

from flows.text import Localized

# Order is the order of the language picker.
LANGUAGES: dict[str, str] = {
    "ka": "ქართული",
    "uk": "Українська",
    "lt": "Lietuvių",
    "pl": "Polski",
    "en": "English",
    "ru": "Русский",
}
LANGUAGE_CODES: tuple[str, ...] = tuple(LANGUAGES)


def language_names(codes: Iterable[str]) -> Localized:
    """Languages named as a reader of each language names them inside a sentence
    ("грузинська, англійська" for a Ukrainian reader), from Babel's CLDR data; the picker
    keeps each language's own name (``LANGUAGES``)."""
    wanted = list(codes)
    values = {}
    for reader in LANGUAGE_CODES:
        names = Locale.parse(reader).languages
        values[reader] = ", ".join(names.get(code, LANGUAGES.get(code, code)) for code in wanted)
    return Localized(values)


def negotiate(hint: str | None, default: str) -> str:
    """Map a client hint such as ``uk-UA`` or ``pt_BR`` onto a supported language."""
    if hint:
        primary = hint.strip().replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return default
