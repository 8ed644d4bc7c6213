"""Cutting a text that is too long for one message into several."""

from __future__ import annotations

from collections.abc import Callable

Measure = Callable[[str], int]


def utf16_len(text: str) -> int:
    """Telegram counts UTF-16 code units: an emoji or other astral character takes two."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int, *, measure: Measure = len) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` (as ``measure`` counts), at a paragraph
    or line end where one falls in the second half of a part, else at a word end, else
    anywhere. Linear in the text's length for each part."""
    if measure(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while measure(rest) > limit:
        window = rest[:limit]
        # A character counts one or two: trim by about half the excess until it fits.
        while (over := measure(window) - limit) > 0:
            window = window[: len(window) - (over + 1) // 2]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = len(window)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return [part for part in parts if part]
