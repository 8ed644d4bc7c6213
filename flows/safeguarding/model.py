"""The second signal: a small statistical model that reads a message as a whole; pure, no I/O
after loading.

The rules (``rules.py``) catch what their word lists name; people also write crisis in
ordinary words ("took like 10 of mums sleeping tablets just to feel nothing"). This model
has learnt from tagged messages (``tests/flows/safeguarding/*.jsonl``) which pieces of
words go with which concern, in all six languages at once.

Features, from the words ``normalise.words`` already made (case folded, diacritics
stripped, Latin-script Georgian, Russian and Ukrainian also read in their own scripts):

- each form of a word between boundary marks, ``<tablet>``, cut into its character
  n-grams of 3 to 5 letters (``<ta``, ``tab``, ``blet>``…): endings and typos still share
  most of them;
- the word itself (``=tablet``) and two neighbouring words in one clause
  (``sleeping tablet``); a number (``#12``) and a smiley (``:)``);
- a word that a negation reaches (the word lists' ``negation``, as the rules read it) has
  all its features marked ``!`` (``!=hits``): "he never hits me" is not evidence of
  hitting, unless tagged messages taught that its negated form is ("не хочу жить").

A message's feature counts are divided by the square root of how many there are. Two
logistic regressions read them (``data/model.json``: a bias and, for each feature kept,
one weight per column): ``alarm``, the probability of any concern at all, and one column
per category, trained on concerns only, for which one it likeliest is. A message of
fewer than ``MIN_WORDS`` distinct words is not read ("hello again", "не не не").
Each distinct word and pair counts once (``мама, мама, мама`` is no more evidence than
one), and the first ``MAX_WORDS`` distinct words are read. The cost is linear in the
message and bounded: a word's n-grams and their alarm weight are remembered, so a word
costs its n-grams once; the categories are worked out only for a message that alarms.

Retrain with ``python -m flows.safeguarding.train`` (see there).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import repeat
from typing import Final

from flows.safeguarding.normalise import CLAUSE_END, COMMA, SMILEY, Word

NGRAMS: Final = range(3, 6)  # 2 letters told less than they cost (cross-validated)
NEGATION_REACH: Final = 3  # as the rules: a negation reaches 3 words, up to a comma
MIN_WORDS: Final = 3  # distinct words a message needs for the model to read it
# the distinct words it reads at most: a worrying sentence in a longer story is diluted
# anyway (the rules read every sentence), and the cost of the longest message is bounded
MAX_WORDS: Final = 64  # (the longest training message has 23)
NONE: Final = "none"  # the category of a harmless message in the tagged files


def forms(word: Word) -> tuple[str, ...]:
    """The readings of one word: a Latin word also as Russian/Ukrainian and Georgian."""
    if word.digits is not None:
        return ()
    out: list[str] = []
    if word.latin:
        out.append(word.latin)
    out.extend(word.cyrillic[:2])
    if word.georgian:
        out.append(word.georgian)
    return tuple(dict.fromkeys(f for f in out if f))


def word_features(word: Word, negated: bool = False) -> list[str]:
    """What one word contributes, on its own: its n-grams and itself, once each."""
    if word is SMILEY:
        return [":)"]
    if word.digits is not None:
        return [f"#{word.digits}"] if word.digits < 100 else ["#"]
    found: dict[str, None] = {}
    for form in forms(word):
        found[f"={form}"] = None
        marked = f"<{form}>"
        for n in NGRAMS:
            for i in range(len(marked) - n + 1):
                found[marked[i:i + n]] = None
    if negated:
        return [f"!{name}" for name in found]
    return list(found)


def negated(message: Sequence[Word], negations: Iterable[int]) -> frozenset[int]:
    """The positions a negation word reaches: the next ``NEGATION_REACH`` words, not past
    a comma or the end of a clause."""
    out: set[int] = set()
    for start in negations:
        for i in range(start + 1, min(len(message), start + 1 + NEGATION_REACH)):
            if _is_break(message[i]):
                break
            out.add(i)
    return frozenset(out)


def pair_features(before: Word, word: Word) -> list[str]:
    """Two neighbouring words, read in the same script."""
    if before.latin and word.latin:
        pairs = [f"{before.latin} {word.latin}"]
        if before.cyrillic and word.cyrillic:
            pairs.append(f"{before.cyrillic[0]} {word.cyrillic[0]}")
        if before.georgian and word.georgian:
            pairs.append(f"{before.georgian} {word.georgian}")
        return pairs
    a, b = forms(before), forms(word)
    return [f"{a[0]} {b[0]}"] if a and b and not before.latin and not word.latin else []


def _is_break(word: Word) -> bool:
    return word is CLAUSE_END or word is COMMA


def features(message: Sequence[Word], negated: frozenset[int] = frozenset(),
             ) -> Iterator[list[str]]:
    """Per word of the message, its features and those of the pair it ends, each distinct
    word and pair once (a repeated word is no more evidence); what training and scoring
    share."""
    seen: set[object] = set()
    distinct: set[Word] = set()
    before: Word | None = None
    for position, word in enumerate(message):
        if _is_break(word):
            before = None
            yield []
            continue
        distinct.add(word)
        if len(distinct) > MAX_WORDS:
            return
        found: list[str] = []
        key = (word, position in negated)
        if key not in seen:
            seen.add(key)
            found = word_features(word, position in negated)
        if before is not None and word is not SMILEY and before is not SMILEY:
            for pair in _pairs(before, word, position in negated):
                if pair not in seen:
                    seen.add(pair)
                    found.append(pair)
        before = word
        yield found


def _pairs(before: Word, word: Word, negated: bool) -> list[str]:
    pairs = pair_features(before, word)
    return [f"!{pair}" for pair in pairs] if negated else pairs


@dataclass(frozen=True)
class Judgement:
    """How likely the message is a concern, and which one is likeliest."""

    crisis: float  # the probability that it is any concern at all
    category: str  # the likeliest concern, when ``crisis`` reaches the threshold; else ""


class Model:
    """Weights read once; ``judge`` adds up the weights of a message's features."""

    def __init__(self, columns: Sequence[str], bias: Sequence[float],
                 weights: dict[str, tuple[float, ...]], threshold: float = 0.5,
                 veto: float = 0.0) -> None:
        self.columns = tuple(columns)  # "alarm", then the categories
        self.threshold = threshold  # the probability of a concern that alarms
        self.veto = veto  # below it, a rule that is not sure is overruled
        self.bias = tuple(bias)
        self.weights = weights
        self.alarm = {name: ws[0] for name, ws in weights.items()}  # the first column
        self._zero = (0.0,) * len(self.columns)

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Model:
        columns = [str(c) for c in data["columns"]]  # type: ignore[attr-defined]
        scale = float(data["scale"])  # type: ignore[arg-type]
        bias = [float(b) / scale for b in data["bias"]]  # type: ignore[attr-defined]
        table: dict[str, list[int]] = data["weights"]  # type: ignore[assignment]
        weights = {f: tuple(w / scale for w in ws) for f, ws in table.items()}
        veto = float(data.get("veto", 0.0))  # type: ignore[arg-type]
        return cls(columns, bias, weights, float(data["threshold"]),  # type: ignore[arg-type]
                   veto)

    def vector(self, names: Iterable[str]) -> tuple[float, ...]:
        total = list(self._zero)
        for name in names:
            ws = self.weights.get(name)
            if ws is not None:
                for k, w in enumerate(ws):
                    total[k] += w
        return tuple(total)

    def alarm_weight(self, names: list[str]) -> float:
        return sum(map(self.alarm.get, names, repeat(0.0, len(names))))

    def judge(self, message: Sequence[Word], negated: frozenset[int] = frozenset(),
              ) -> Judgement | None:
        """The message as a whole (in a long one a worrying sentence is diluted: the rules
        read each sentence). ``negated``: the positions a negation reaches. The alarm
        column first; the categories only for a message that alarms."""
        total, n = 0.0, 0
        seen: set[object] = set()
        distinct: set[Word] = set()
        before: Word | None = None
        for position, word in enumerate(message):
            if _is_break(word):
                before = None
                continue
            distinct.add(word)
            if len(distinct) > MAX_WORDS:
                break
            key = (word, position in negated)
            if key not in seen:
                seen.add(key)
                weight, count = _cached_word(self, word, position in negated)
                total += weight
                n += count
            if before is not None and word is not SMILEY and before is not SMILEY:
                pairs = [pair for pair in _pairs(before, word, position in negated)
                         if pair not in seen]
                seen.update(pairs)
                total += self.alarm_weight(pairs)
                n += len(pairs)
            before = word
        if n == 0 or len(distinct) < MIN_WORDS:
            return None  # "не не не", "hello again": too little to read
        norm = 1.0 / math.sqrt(n)
        alarm = min(max(self.bias[0] + total * norm, -50.0), 50.0)
        crisis = 1.0 / (1.0 + math.exp(-alarm))
        if crisis < self.threshold:
            return Judgement(crisis, "")
        sums = self.vector(name for names in features(message, negated) for name in names)
        scores = [b + t * norm for b, t in zip(self.bias, sums, strict=True)]
        category = max(range(1, len(scores)), key=lambda k: scores[k])
        return Judgement(crisis, self.columns[category])


@lru_cache(maxsize=50_000)
def _cached_word(model: Model, word: Word, negated: bool) -> tuple[float, int]:
    names = word_features(word, negated)
    return model.alarm_weight(names), len(names)


def forget() -> None:
    """Drop what is remembered across messages (for a fair benchmark)."""
    _cached_word.cache_clear()


@cache
def default_model() -> Model | None:
    """The shipped weights, or None when there are none (before the first training)."""
    source = resources.files("flows.safeguarding") / "data" / "model.json"
    if not source.is_file():
        return None
    return Model.from_json(json.loads(source.read_text(encoding="utf-8")))
