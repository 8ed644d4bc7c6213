"""Match a message against every language's safeguarding phrases; pure, no I/O.

Every message is checked against all six lists, whatever language it is written in:
people mix languages, and Russian is common in all four countries.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Final

from flows.safeguarding.phrases import PHRASES, Category

# Apostrophes and look-alikes, removed so that б'є, бʼє, б’є, б`є and бє are one word.
_APOSTROPHES: Final = "'\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032\u02bb\u02c8\uff07"
_DROP_APOSTROPHES: Final = str.maketrans("", "", _APOSTROPHES)
# Letters that do not decompose into a base letter and a mark.
_LETTERS: Final = str.maketrans({"ł": "l", "ß": "ss", "ø": "o", "đ": "d"})
_NOT_WORD: Final = re.compile(r"[\W_]+")

# A word mixing Latin and Cyrillic letters, e.g. "mušа" typed with a Cyrillic "а".
_MIXED: Final = re.compile(r"\w*(?:[a-z]\w*[\u0400-\u04ff]|[\u0400-\u04ff]\w*[a-z])\w*")
_LATIN: Final = re.compile(r"[a-z]")
_CYRILLIC: Final = re.compile(r"[\u0400-\u04ff]")
_TO_LATIN: Final = str.maketrans("асеорхуікјѕ", "aceopxyikjs")
_TO_CYRILLIC: Final = str.maketrans("aceopxyikjs", "асеорхуікјѕ")

# To break ties between lists that share a word ("molest", "self harm", "мама"): letters
# that only one of the languages uses, and its most frequent short words (folded).
_HINTS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("ka", re.compile(r"[\u10a0-\u10ff\u1c90-\u1cbf]")),
    ("uk", re.compile(r"[іїєґ]")),
    ("ru", re.compile(r"^[^іїєґ]*[\u0400-\u04ff][^іїєґ]*$")),  # Cyrillic, no Ukrainian letter
    ("pl", re.compile(r"[ćłńóśźż]")),
    ("lt", re.compile(r"[ėįųūčšž]")),
    ("en", re.compile(r"^[\x00-\x7f]*[a-z][\x00-\x7f]*$")),  # plain ASCII letters
)
_SHORT_WORDS: Final = {
    "en": "i i'm me my he she his her the is are and to of was with we our it has been have "
    "they will want please help don't when",
    "pl": "mnie mi się nie jest są mój moja moje że do ja już czy ale jak co ten ta mam ma "
    "bardzo kiedy",
    "lt": "mane man mano yra ir nėra jis mus mes labai jau kad bet kaip kai tai nes čia",
    "ru": "меня мне что это как уже очень он мой моя его её когда сейчас только или если всё",
    "uk": "мене мені що це як вже дуже він мій його її коли зараз тільки або якщо і",
    "ka": "და მე ჩემი არ რომ ის",
}

_RANK: Final = {category: rank for rank, category in enumerate(Category)}
_ORDER: Final = {language: order for order, language in enumerate(PHRASES)}


@dataclass(frozen=True, slots=True)
class Alert:
    """A message suggests that someone, usually a child, may be at risk."""

    category: Category
    language: str  # the language of the phrase list that matched


def _fold(text: str) -> str:
    """Strip accents and apostrophes; shared by messages and patterns."""
    text = unicodedata.normalize("NFKD", text.translate(_DROP_APOSTROPHES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.translate(_LETTERS)


def _unmix(match: re.Match[str]) -> str:
    word = match.group()
    latin = len(_LATIN.findall(word))
    cyrillic = len(_CYRILLIC.findall(word))
    return word.translate(_TO_LATIN if latin >= cyrillic else _TO_CYRILLIC)


def normalize(text: str) -> str:
    """The form the phrases are matched against: see the conventions in ``phrases``."""
    text = _fold(text.casefold())
    text = _NOT_WORD.sub(" ", text).strip()
    return _MIXED.sub(_unmix, text)


_FUNCTION_WORDS: Final = {
    language: frozenset(normalize(words).split()) for language, words in _SHORT_WORDS.items()
}


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_fold(pattern)})")


_PATTERNS: Final[tuple[tuple[str, Category, re.Pattern[str]], ...]] = tuple(
    (language, category, _compile(pattern))
    for language, table in PHRASES.items()
    for category, patterns in table.items()
    for pattern in patterns
)


def matches(text: str) -> list[tuple[str, Category]]:
    """Every (language, category) whose pattern matches, one entry per pattern."""
    normalized = normalize(text)
    if not normalized:
        return []
    return [
        (language, category)
        for language, category, pattern in _PATTERNS
        if pattern.search(normalized)
    ]


def _resemblance(text: str, normalized: str, language: str) -> int:
    """How much a text looks like a language: its own letters, then its short words."""
    lowered = text.casefold()
    letters = any(lang == language and hint.search(lowered) for lang, hint in _HINTS)
    words = _FUNCTION_WORDS[language]
    return int(letters) + sum(word in words for word in normalized.split())


def detect(text: str) -> Alert | None:
    """The most severe concern a message suggests, or None.

    Among the languages whose lists found that concern, the one that matched the most
    patterns wins; then the one the text resembles most; then the order of the lists.
    """
    found = matches(text)
    if not found:
        return None
    category = min((category for _, category in found), key=_RANK.__getitem__)
    candidates = {language for language, found_category in found if found_category == category}
    if len(candidates) == 1:
        return Alert(category, candidates.pop())
    hits = Counter(language for language, _ in found)
    normalized = normalize(text)
    language = max(
        candidates,
        key=lambda lang: (hits[lang], _resemblance(text, normalized, lang), -_ORDER[lang]),
    )
    return Alert(category, language)
