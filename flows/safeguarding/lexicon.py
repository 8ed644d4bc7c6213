"""The per-language word lists (``data/<lang>.toml``) and finding their words in a message.

An entry is written the way a social worker would: ``"son"`` is that word only, ``"beat*"``
any word starting with ``beat`` (beat, beats, beaten, beating), ``"no food"`` those words in
a row (each may end with ``*``). Entries are folded like messages are (see ``normalise``),
so ``mąż``/``maz``, ``б'є``/``бє`` and ``ё``/``е`` are the same entry.

Words of six letters or more also match a stem or word of six letters or more one typing
slip away (a letter missing, added, changed or two swapped: "scraed" -> "scared"); the first
letter must be right ("холодно" is not a slip for "голодно").
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Final

from flows.safeguarding.normalise import (
    CLAUSE_END,
    COMMA,
    CYRILLIC,
    GEORGIAN,
    LATIN,
    SMILEY,
    Word,
    fold_cyrillic,
    fold_georgian,
    fold_latin,
)

SCRIPTS: Final = {"en": LATIN, "pl": LATIN, "lt": LATIN, "ru": CYRILLIC, "uk": CYRILLIC,
                  "ka": GEORGIAN}
_FOLD: Final = {LATIN: fold_latin, CYRILLIC: fold_cyrillic, GEORGIAN: fold_georgian}
TYPO_MIN_WORD: Final = 6  # words at least this long may carry one slip
_TYPO_MIN_ENTRY: Final = 6  # "голод*" must not take "холодно" for a slip
SLIP_BUDGET: Final = 40  # unknown long words searched for a slip, per message
PHRASE_BUDGET: Final = 1000  # phrases checked per message (a long chat message uses ~300)
HIT_BUDGET: Final = 1500  # concept words kept per message
_REMEMBER: Final = 50_000  # words whose matches are remembered across messages
# What makes a message harmless must be written exactly: "powiedziała" is no "powieść".
# Nor are people's names for each other: "rodziną" (a family) is no slip for "rodzic".
_NO_SLIPS: Final = frozenset({"media", "idiom", "trivial", "object", "advice", "accident",
                              "place", "common", "couple", "milestone", "mutual", "game",
                              "me", "my", "child", "offspring", "parent", "partner", "them",
                              "school", "age", "sibling", "home", "go_home", "negation",
                              "reporter"})
_WEAK_MAX: Final = 3
JOKE: Final = "trivial"  # what a smiley counts as
_G_DROPPED: Final = 5  # "takin" for "taking"
_KNOWN_MIN: Final = 4  # shorter Latin words ("ne", "na") are read in every script
# Words for people and places: a Latin word that is one of these ("mama", "doma") is still
# read as transliterated Russian, Ukrainian or Georgian too.
WHO: Final = frozenset({"negation", "me", "my", "child", "offspring", "parent", "partner",
                        "them", "school", "age", "child_self", "common", "place", "home",
                        "sibling", "reporter"})


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    stem: bool  # True: any word starting with ``text``

    def matches(self, form: str) -> bool:
        return form.startswith(self.text) if self.stem else form == self.text


@dataclass(frozen=True, slots=True)
class Entry:
    lang: str
    concept: str
    rest: tuple[Piece, ...]  # the words after the first, for a phrase


@dataclass(frozen=True, slots=True)
class Hit:
    lang: str
    concept: str
    position: int  # index of the first word in the message
    native: bool  # written in the language's own script (not transliterated)
    # a transliterated word of one or two letters ("be" read as Ukrainian "б'є"), or one that
    # is also a word of a Latin-script list ("tabletki", ``shadowed``): it only counts when
    # more of the message reads as that language
    weak: bool = False
    shadowed: bool = False  # the second kind: counts only with two more words that are not
    # people or little words


def _one_slip(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one edit (or one swap of neighbours)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    return a[i + 1:] == b[i + 1:] or (
        i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    )


def _deletes(text: str) -> Iterator[str]:
    for i in range(len(text)):
        yield text[:i] + text[i + 1:]


class _Index:
    """The entries of every language written in one script."""

    def __init__(self) -> None:
        self.exact: dict[str, list[Entry]] = {}
        self.stems: dict[str, list[Entry]] = {}
        self.stem_lengths: list[int] = []
        self.slips: dict[str, list[tuple[Piece, Entry]]] = {}

    def add(self, first: Piece, entry: Entry) -> None:
        table = self.stems if first.stem else self.exact
        table.setdefault(first.text, []).append(entry)
        if entry.concept not in _NO_SLIPS and len(first.text) >= (
            _TYPO_MIN_ENTRY if first.stem else TYPO_MIN_WORD
        ):
            for variant in (first.text, *_deletes(first.text)):
                self.slips.setdefault(variant, []).append((first, entry))

    def finish(self) -> None:
        self.stem_lengths = sorted({len(text) for text in self.stems})

    def lookup(self, form: str) -> list[Entry]:
        found = list(self.exact.get(form, ()))
        for length in self.stem_lengths:
            if length > len(form):
                break
            found.extend(self.stems.get(form[:length], ()))
        return found

    def lookup_slip(self, form: str) -> list[Entry]:
        """Entries one slip away: the whole word for a word, a beginning for a stem."""
        found: list[Entry] = []
        seen: set[tuple[Piece, Entry]] = set()
        longest = self.stem_lengths[-1] + 1 if self.stem_lengths else 0
        for length in range(_TYPO_MIN_ENTRY - 1, min(len(form), longest) + 1):
            self._slips(form[:length], length == len(form), found, seen)
        if len(form) > longest:
            self._slips(form, True, found, seen)
        return found

    def _slips(self, part: str, whole: bool, found: list[Entry],
               seen: set[tuple[Piece, Entry]]) -> None:
        for variant in (part, *_deletes(part)):
            for piece, entry in self.slips.get(variant, ()):
                if ((piece.stem or whole) and (piece, entry) not in seen
                        and piece.text[0] == part[0] and _one_slip(part, piece.text)):
                    seen.add((piece, entry))
                    found.append(entry)


def _pieces(entry: str, fold: Callable[[str], str]) -> tuple[Piece, ...]:
    return tuple(
        Piece(fold(part.removesuffix("*")), part.endswith("*"))
        for part in entry.split()
    )


@dataclass(frozen=True)
class Lexicons:
    indexes: dict[str, _Index]
    languages: tuple[str, ...]
    concepts: dict[str, frozenset[str]]  # language -> the concepts its list has
    # what words matched, across messages: bounded, cleared when full
    _remembered: dict[Word, list[tuple[str, Entry, bool, bool]]] = field(default_factory=dict)

    @classmethod
    def load(cls, data: dict[str, dict[str, list[str]]] | None = None) -> Lexicons:
        data = data if data is not None else _read_files()
        indexes = {script: _Index() for script in (LATIN, CYRILLIC, GEORGIAN)}
        concepts: dict[str, frozenset[str]] = {}
        for lang, table in data.items():
            script = SCRIPTS[lang]
            for concept, entries in table.items():
                for text in entries:
                    pieces = _pieces(text, _FOLD[script])
                    if pieces and all(p.text for p in pieces):
                        indexes[script].add(pieces[0], Entry(lang, concept, pieces[1:]))
            concepts[lang] = frozenset(table)
        for index in indexes.values():
            index.finish()
        return cls(indexes, tuple(data), concepts)

    def forget(self) -> None:
        self._remembered.clear()

    def hits(self, message: list[Word]) -> list[Hit]:
        """Every concept found in the message, in every language."""
        found: list[Hit] = []
        seen: dict[Word, list[tuple[str, Entry, bool, bool]]] = {}  # a repeated word costs once
        slips_left, phrases_left = SLIP_BUDGET, PHRASE_BUDGET
        joked = False
        for position, word in enumerate(message):
            if word is CLAUSE_END or word is COMMA:
                joked = joked and word is COMMA
                continue
            if word is SMILEY:  # a joke, in whatever language the words are; once a clause
                if not joked:
                    found += [Hit(lang, JOKE, position, True) for lang in self.languages]
                joked = True
                continue
            matched = seen.get(word) or self._remembered.get(word)
            if matched is None:
                matched = []
                slipped = False
                # a word of a Latin-script list ("tabletki") is read as transliteration too,
                # but what it finds there counts only with more of the message in that language
                known = shadowed = False
                for script, forms, native in _forms(word):
                    shadowed = shadowed or (known and len(word.latin) >= _KNOWN_MIN)
                    index = self.indexes[script]
                    entries: list[Entry] = []
                    for form in forms:
                        entries += index.lookup(form)
                    if not entries and native and len(forms[0]) >= TYPO_MIN_WORD:
                        if slips_left <= 0:
                            continue
                        slips_left -= 1
                        slipped = True
                        entries = index.lookup_slip(forms[0])
                    known = any(not e.rest and e.concept not in WHO for e in entries)
                    matched += [(script, entry, native, shadowed) for entry in entries]
                seen[word] = matched
                if slipped or len(self._remembered) < _REMEMBER:
                    if len(self._remembered) >= _REMEMBER:
                        self._remembered.clear()
                    self._remembered[word] = matched
            for script, entry, native, shadowed in matched:
                if entry.rest:
                    if phrases_left <= 0:
                        continue
                    phrases_left -= 1
                    if not _rest_matches(message, position + 1, script, entry.rest):
                        continue
                doubtful = not native and not entry.rest and entry.concept not in WHO
                weak = doubtful and len(word.latin) <= _WEAK_MAX
                found.append(Hit(entry.lang, entry.concept, position, native, weak,
                                 doubtful and shadowed and not weak))
            if len(found) >= HIT_BUDGET:
                break
        return found


def _latin(word: Word) -> tuple[str, ...]:
    """The Latin forms of a word: "takin", "thinkin" are also "taking", "thinking"."""
    if len(word.latin) >= _G_DROPPED and word.latin.endswith("in"):
        return word.latin, word.latin + "g"
    return (word.latin,)


def _forms(word: Word) -> Iterable[tuple[str, tuple[str, ...], bool]]:
    if word.latin:
        yield LATIN, _latin(word), True
        yield CYRILLIC, word.cyrillic, False
        yield GEORGIAN, (word.georgian,), False
    elif word.cyrillic:
        yield CYRILLIC, word.cyrillic, True
    elif word.georgian:
        yield GEORGIAN, (word.georgian,), True


def _form_in(word: Word, script: str) -> tuple[str, ...]:
    if script == LATIN:
        return _latin(word) if word.latin else ()
    if script == CYRILLIC:
        return word.cyrillic
    return (word.georgian,) if word.georgian else ()


def _rest_matches(message: list[Word], start: int, script: str,
                  rest: tuple[Piece, ...]) -> bool:
    if start + len(rest) > len(message):
        return False
    for offset, piece in enumerate(rest):
        forms = _form_in(message[start + offset], script)
        if not any(piece.matches(form) for form in forms if form):
            return False
    return True


def _read_files() -> dict[str, dict[str, list[str]]]:
    folder = resources.files("flows.safeguarding") / "data"
    data: dict[str, dict[str, list[str]]] = {}
    for lang in SCRIPTS:
        table = tomllib.loads((folder / f"{lang}.toml").read_text(encoding="utf-8"))
        data[lang] = {str(k): [str(v) for v in values] for k, values in table.items()}
    return data
