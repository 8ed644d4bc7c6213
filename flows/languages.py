"""The six languages carebot speaks, and how a client's hint maps onto them."""

from __future__ import annotations

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


def negotiate(hint: str | None, default: str) -> str:
    """Map a client hint such as ``uk-UA`` or ``pt_BR`` onto a supported language."""
    if hint:
        primary = hint.strip().replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return default
