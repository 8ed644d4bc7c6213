"""From a message to the word forms the lexicons are matched against; pure and linear.

Every step is a single pass over the text or over one (bounded) word: no regular expression
with nested quantifiers, no look-behind, nothing that backtracks.

- case folding and Unicode NFKC; diacritics stripped (``mąż`` -> ``maz``, ``й`` -> ``и``);
  apostrophes dropped (``б'є`` -> ``бє``, ``don't`` -> ``dont``);
- a word mixing Latin and Cyrillic look-alikes is put in the script most of it is in;
- Cyrillic is reduced to a skeleton that Russian, Ukrainian and phone transliteration share
  (``ё/є/э`` -> ``е``, ``й/і/ї`` -> ``и``, ``ь/ъ`` dropped, ``ґ`` -> ``г``; ``ы`` is kept:
  Russian "бил" and "был" are different words);
- Georgian merges the letters that Latin typing cannot tell apart (``ტ/თ``, ``კ/ქ/ყ``,
  ``პ/ფ``, ``ჭ/ჩ``, ``წ/ც``, and ``ღ/გ``: "gamit" is "ღამით");
- a Latin word is also read as transliterated Russian/Ukrainian and as Georgian.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

MAX_CHARS: Final = 4096  # what is scanned of one message (Telegram's limit)
MAX_WORD: Final = 24  # longer words are cut: no stem is that long
MAX_WORDS: Final = 800

LATIN: Final = "latin"
CYRILLIC: Final = "cyrillic"
GEORGIAN: Final = "georgian"

_APOSTROPHES: Final = "'\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032\u02bb\u02c8\uff07"
_PREPARE: Final = str.maketrans({**dict.fromkeys(_APOSTROPHES, ""), "_": " "})
_LETTERS: Final = str.maketrans({"ł": "l", "ß": "ss", "ø": "o", "đ": "d", "æ": "ae"})
# a smiley, a word, or a run of what ends a clause; one character class each, so linear
_SMILEYS: Final = "\U0001F600-\U0001F606\U0001F609\U0001F61C\U0001F923"  # 😀-😆 😉 😜 🤣
_TOKEN: Final = re.compile(rf"[:;=]-?[)dp]|\){{2,}}|[{_SMILEYS}]|[^\W_]+|[.!?;\n]+|,+")
_LAUGH: Final = frozenset({"xd", "xdd", "xddd"})

_CYR_SKELETON: Final = str.maketrans(
    {"ё": "е", "є": "е", "э": "е", "й": "и", "і": "и", "ї": "и", "ь": "", "ъ": "",
     "ґ": "г", "щ": "шч"}
)
_KA_SKELETON: Final = str.maketrans(
    {"ტ": "თ", "კ": "ქ", "ყ": "ქ", "პ": "ფ", "ჭ": "ჩ", "წ": "ც", "ჴ": "ხ", "ჰ": "ხ", "ღ": "გ"}
)
_TO_LATIN: Final = str.maketrans("асеорхуікјѕ", "aceopxyikjs")
_TO_CYRILLIC: Final = str.maketrans("aceopxyikjs", "асеорхуікјѕ")

# Phone transliteration, longest first. Russian reads "h" as х, Ukrainian as г.
_CYR_COMMON: Final = (
    ("shch", "шч"), ("sch", "шч"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"),
    ("ts", "ц"), ("tz", "ц"), ("ya", "я"), ("ja", "я"), ("ia", "я"), ("yu", "ю"), ("ju", "ю"),
    ("iu", "ю"), ("yi", "и"), ("yo", "е"), ("jo", "е"), ("ye", "е"), ("je", "е"), ("a", "а"),
    ("b", "б"),
    ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"),
    ("y", "и"), ("j", "и"), ("k", "к"), ("q", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
    ("x", "х"), ("c", "ц"),
)
_RU_H: Final = (("h", "х"), ("y", "ы"), ("ay", "аи"), ("oy", "ои"), ("ey", "еи"), ("uy", "уи"),
                ("iy", "ии"), ("yy", "ыи"))
_UK_H: Final = (("h", "г"),)
# how phones end a reflexive verb ("-ться", "-тся"): "povesitsa", "boitsya", "ubitsja"
_REFLEXIVE: Final = ("tsya", "tsja", "tsia", "tcya", "tsa", "tca")
_KA: Final = (
    ("tch", "ჩ"), ("sh", "შ"), ("ch", "ჩ"), ("kh", "ხ"), ("gh", "ღ"), ("dz", "ძ"),
    ("ts", "ც"), ("zh", "ჟ"), ("a", "ა"), ("b", "ბ"), ("g", "გ"), ("d", "დ"), ("e", "ე"),
    ("v", "ვ"), ("z", "ზ"), ("t", "თ"), ("i", "ი"), ("k", "ქ"), ("l", "ლ"), ("m", "მ"),
    ("n", "ნ"), ("o", "ო"), ("p", "ფ"), ("r", "რ"), ("s", "ს"), ("u", "უ"), ("f", "ფ"),
    ("q", "ქ"), ("y", "ქ"), ("x", "ხ"), ("j", "ჯ"), ("c", "ც"), ("w", "ც"), ("h", "ხ"),
)


def _table(*pairs: tuple[tuple[str, str], ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Rules by first letter, longest first, so one word is read in one pass."""
    rules: dict[str, str] = {}
    for group in pairs:  # a later group overrides an earlier one
        rules.update(group)
    by_letter: dict[str, list[tuple[str, str]]] = {}
    for latin, target in rules.items():
        by_letter.setdefault(latin[0], []).append((latin, target))
    return {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in by_letter.items()}


_RU_TABLE: Final = _table(_CYR_COMMON, _RU_H)
_UK_TABLE: Final = _table(_CYR_COMMON, _UK_H)
_KA_TABLE: Final = _table(_KA)


def transliterate(word: str, table: dict[str, tuple[tuple[str, str], ...]]) -> str:
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        for latin, target in table.get(word[i], ()):
            if word.startswith(latin, i):
                out.append(target)
                i += len(latin)
                break
        else:
            out.append(word[i] if not word[i].isalpha() else "")
            i += 1
    return "".join(out)


def _script(word: str) -> str:
    latin = cyrillic = georgian = 0
    for char in word:
        if "a" <= char <= "z":
            latin += 1
        elif "\u0400" <= char <= "\u04ff":
            cyrillic += 1
        elif "\u10a0" <= char <= "\u10ff":
            georgian += 1
    best = max(latin, cyrillic, georgian)
    if best == 0:
        return ""
    if best == georgian:
        return GEORGIAN
    return CYRILLIC if cyrillic > latin else LATIN


def _strip_marks(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LETTERS)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a message, in the forms each script's lexicons are matched against."""

    latin: str  # "" when the word is not in Latin letters
    cyrillic: tuple[str, ...]  # the Cyrillic skeleton, or Russian and Ukrainian readings
    georgian: str
    native: str  # which script it was written in
    digits: int | None = None  # a number, for "I am 12"


CLAUSE_END: Final = Word("", (), "", "")
# a comma: a clause goes on, but a negation before it does not reach past it
COMMA: Final = Word("", (), "", "comma")
# ":)", "))", ":D", "xD", "😂": the writer is joking ("ate my cake, I'll kill him :D")
SMILEY: Final = Word("", (), "", "smiley")


@lru_cache(maxsize=50_000)
def _word(raw: str) -> Word:
    """One token's forms; the same words recur in every message, so they are remembered."""
    if raw.isdigit():
        return Word("", (), "", "", int(raw) if len(raw) <= 3 else None)
    word = _strip_marks(raw[:MAX_WORD])
    script = _script(word)
    if script == GEORGIAN:
        return Word("", (), word.translate(_KA_SKELETON), GEORGIAN)
    if script == CYRILLIC:
        return Word("", (word.translate(_TO_CYRILLIC).translate(_CYR_SKELETON),), "", CYRILLIC)
    if script == LATIN:
        word = word.translate(_TO_LATIN)
        ru = transliterate(word, _RU_TABLE).translate(_CYR_SKELETON)
        uk = transliterate(word, _UK_TABLE).translate(_CYR_SKELETON)
        georgian = transliterate(word, _KA_TABLE).translate(_KA_SKELETON)
        readings: tuple[str, ...] = (ru,) if ru == uk else (ru, uk)
        for ending in _REFLEXIVE:  # "povesitsa" is "повеситься"
            if word.endswith(ending) and len(word) > len(ending) + 2:
                stem = transliterate(word[: -len(ending)], _RU_TABLE).translate(_CYR_SKELETON)
                readings += (stem + "тся",)
                break
        return Word(word, readings, georgian, LATIN)
    return CLAUSE_END if not word.isalnum() else Word("", (), "", "")


def words(text: str) -> list[Word]:
    """The message's words in order, ``CLAUSE_END`` where a sentence or clause ends."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS].translate(_PREPARE)).casefold()
    found: list[Word] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0] == ",":
            if found and found[-1] is not CLAUSE_END and found[-1] is not COMMA:
                found.append(COMMA)
            continue
        if token in _LAUGH or not (token[0].isalnum() or token[0] in ".!?;\n"):
            found.append(SMILEY)
            continue
        if not token[0].isalnum():
            if found and found[-1] is not CLAUSE_END:
                found.append(CLAUSE_END)
            continue
        found.append(_word(token[:MAX_WORD]))
        if len(found) >= MAX_WORDS:
            break
    return found


def words_cache_clear() -> None:
    _word.cache_clear()


def fold_latin(pattern: str) -> str:
    return _strip_marks(pattern.casefold())


def fold_cyrillic(pattern: str) -> str:
    """An entry of a Russian or Ukrainian list; one written in Latin letters ("narochno")
    is stored as it reads in Cyrillic."""
    pattern = _strip_marks(pattern.casefold().translate(_PREPARE))
    if _script(pattern) == LATIN:
        pattern = transliterate(pattern, _RU_TABLE)
    return pattern.translate(_CYR_SKELETON)


def fold_georgian(pattern: str) -> str:
    pattern = pattern.casefold()
    if _script(pattern) == LATIN:
        pattern = transliterate(pattern, _KA_TABLE)
    return pattern.translate(_KA_SKELETON)
