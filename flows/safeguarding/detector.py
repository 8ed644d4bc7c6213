"""Notice a message that suggests someone, usually a child, is in danger; pure, no I/O.

Every language's word lists are checked, whatever language the person chose: people mix
languages, and Russian is written in all four countries. The cost is linear in the length
of the message and bounded (``normalise.MAX_CHARS``): cheap enough for the event loop.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Final

from flows.safeguarding import model as statistical
from flows.safeguarding.lexicon import WHO, Hit, Lexicons
from flows.safeguarding.model import Model
from flows.safeguarding.normalise import (
    CLAUSE_END,
    COMMA,
    MAX_CHARS,
    SMILEY,
    Word,
    words,
    words_cache_clear,
)
from flows.safeguarding.rules import Category, Rule, load_rules

NEGATION_REACH: Final = 3  # a negation turns the next words negative, up to a comma
# What a negation word turns around: acts and states ("never hits", "nobody feeds", "does
# not want to live"). Who, where and what about are never negated ("nobody feeds us":
# "us" is still the writer).
_NEGATABLE: Final = frozenset({"harm", "abuse", "sexual", "sexual_abuse", "intrude", "demand",
                               "neglect", "care", "drunk", "self_harm", "suicide", "want",
                               "die", "live", "method", "intent", "jump", "kill", "threaten",
                               "fear", "attack", "danger", "missing", "hopeless",
                               "finish_it"})
_LIKELY: Final = 2  # a language that found a third as much as the best one is not the message's
_RANK: Final = {category: rank for rank, category in enumerate(Category)}
SHARED: Final = frozenset({"media", "game"})
_CHILD_AGE: Final = range(5, 18)
_ADULT_AGE: Final = range(18, 120)
_AMOUNT: Final = range(5, 1000)  # a number of pills that is an amount
# Letters that only some of the languages use, to tell close languages apart.
_HINTS: Final = {"uk": "іїєґ", "ru": "ыэъё", "pl": "łńśźżćó", "lt": "ėįųūč"}


class Voice(StrEnum):
    CHILD = "child"  # a child or young person writing about themselves (or a sibling)
    ADULT = "adult"  # an adult about themselves, or anyone reporting about a child


@dataclass(frozen=True, slots=True)
class Alert:
    """A message suggests that someone may be at risk."""

    category: Category
    language: str  # the language whose words matched
    voice: Voice = Voice.ADULT


@dataclass(frozen=True)
class Detector:
    """Two signals: the rules over the word lists, and the model (``model.py``) when the
    rules find nothing. The rules name the category when they fire; otherwise the model's
    likeliest one, if its probability of a concern reaches ``threshold``. A rule that is
    not ``sure`` is overruled when the model's probability is below ``veto``: one word of
    the lists in a message that reads as harmless ("this form is killing me", "he killed
    me in Fortnite", "a training on abuse for foster carers")."""

    lexicons: Lexicons
    rules: tuple[Rule, ...]
    model: Model | None = None
    threshold: float = 1.0
    veto: float = 0.0

    def detect(self, text: str, locale: str | None = None) -> Alert | None:
        message = words(text)
        if not message:
            return None
        hits = self.lexicons.hits(message)
        found = self._by_rules(text, message, hits, locale) if hits else None
        if found is not None:
            alert, sure = found
            return alert if sure or not self.vetoed(message, hits) else None
        if self.model is None:
            return None
        if not model_may_alarm(message, hits) or self.read_as_harmless(text, message, hits):
            return None
        judged = self.model.judge(message, negated_by(message, hits))
        if judged is None or judged.crisis < self.threshold:
            return None
        return self._by_model(text, message, hits, locale, Category(judged.category))

    def vetoed(self, message: list[Word], hits: list[Hit]) -> bool:
        """Whether the model overrules the rules (never when it cannot read the message:
        fewer than three distinct words)."""
        if self.model is None or self.veto <= 0.0:
            return False
        judged = self.model.judge(message, negated_by(message, hits))
        return judged is not None and judged.crisis < self.veto

    def rules_say(self, text: str) -> tuple[Alert, bool] | None:
        """The rules' verdict alone, and whether a ``sure`` rule holds (for evaluation)."""
        message = words(text)
        hits = self.lexicons.hits(message) if message else []
        return self._by_rules(text, message, hits, None) if hits else None

    def read_as_harmless(self, text: str, message: list[Word], hits: list[Hit]) -> bool:
        """The rules would alarm but for a negation ("my dad never hits me") or what makes
        a message harmless ("killed me in Minecraft", "a training on abuse"): they have read
        the message, and the model is not asked."""
        if self.negated_concern(text, message, hits):
            return True
        excuses = _excuses(self.rules)
        kept = [hit for hit in hits if hit.concept not in excuses]
        return len(kept) < len(hits) and self._by_rules(text, message, kept, None) is not None

    def negated_concern(self, text: str, message: list[Word], hits: list[Hit]) -> bool:
        """The rules would alarm but for a negation ("my dad never hits me"): they have read
        the message, and the model is not asked."""
        kept = [hit for hit in hits if hit.concept != "negation"]
        return len(kept) < len(hits) and self._by_rules(text, message, kept, None) is not None

    def _by_model(self, text: str, message: list[Word], hits: list[Hit],
                  locale: str | None, category: Category) -> Alert:
        """The model's concern, with who is writing read from the words the lists found,
        in the language the message reads as most."""
        by_lang: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            by_lang[hit.lang].append(hit)
        if not by_lang:
            return Alert(category, locale or "", _voice(message, [], _clauses(message), category))
        lang = max(by_lang, key=lambda lang: (
            _resemblance(text, lang, by_lang[lang]) + (2.5 if lang == locale else 0.0), lang))
        voice = _voice(message, by_lang[lang], _clauses(message), category)
        return Alert(category, lang, voice)

    def _by_rules(self, text: str, message: list[Word], hits: list[Hit],
                  locale: str | None) -> tuple[Alert, bool] | None:
        """The most urgent concern the rules find, and whether a ``sure`` rule holds."""
        clause_of = _clauses(message)
        part_of = _clauses(message, COMMA)
        by_lang: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            by_lang[hit.lang].append(hit)
        for lang, lang_hits in by_lang.items():
            # a doubtful transliterated word counts when two more words of the message read
            # as that language (for a word of a Latin list: two that are not just people)
            sure = [h for h in lang_hits if not h.native and not h.weak and not h.shadowed]
            if len(sure) < 2:
                lang_hits = [h for h in lang_hits if not h.weak]
            if sum(1 for h in sure if h.concept not in WHO) < 2:
                lang_hits = [h for h in lang_hits if not h.shadowed]
            by_lang[lang] = lang_hits
        # "a documentary on suicide": what makes a sentence harmless counts in another
        # language too, when the message looks at least as much like that language
        size = {lang: len(lang_hits) for lang, lang_hits in by_lang.items()}
        shared_by: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for hit in hits:
            if hit.concept in SHARED:
                shared_by[hit.lang][clause_of[hit.position]].add(hit.concept)
        found: list[tuple[int, float, Alert]] = []
        sure_somewhere = False
        amounts = {clause_of[i] for i, word in enumerate(message)
                   if isinstance(digits := getattr(word, "digits", None), int)
                   and digits in _AMOUNT}
        for lang, lang_hits in by_lang.items():
            if all(hit.concept in WHO for hit in lang_hits):
                continue  # only people and places: no rule can hold
            shared: dict[int, set[str]] = defaultdict(set)
            for other, clauses in shared_by.items():
                if size[other] >= size[lang]:
                    for clause, concepts in clauses.items():
                        shared[clause] |= concepts
            # "my 9 year old", "(11 lat)": a child's age names a child
            for clause in _young_clauses(message, lang_hits, clause_of):
                shared[clause] = shared[clause] | {"child"}
            # "took like 12 of mum's pills": a number is an amount
            for clause in amounts:
                shared[clause] = shared[clause] | {"amount"}
            category, certain = self._category(lang_hits, clause_of, part_of, shared)
            if category is None:
                continue
            sure_somewhere = sure_somewhere or certain
            voice = _voice(message, lang_hits, clause_of, category)
            score = _resemblance(text, lang, lang_hits) + (2.5 if lang == locale else 0.0)
            found.append((_RANK[category], -score, Alert(category, lang, voice)))
        if not found:
            return None
        # the most urgent concern, in a language the message reads as: English "since" is
        # Polish "sińce" (bruises), but a message mostly in English is not read as Polish
        best = -min(score for _rank, score, _alert in found)
        found = [item for item in found if -item[1] * _LIKELY >= best]
        return min(found, key=lambda item: (item[0], item[1]))[2], sure_somewhere

    def _category(
        self, hits: list[Hit], clause_of: list[int], part_of: list[int],
        shared: dict[int, set[str]],
    ) -> tuple[Category | None, bool]:
        negations = sorted({hit.position for hit in hits if hit.concept == "negation"})
        clauses: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
        for hit in hits:
            clause = clause_of[hit.position]
            plain, negated = clauses[clause]
            before = bisect_left(negations, hit.position) - 1
            if (
                hit.concept in _NEGATABLE and before >= 0
                and hit.position - negations[before] <= NEGATION_REACH
                and part_of[negations[before]] == part_of[hit.position]
            ):
                negated.add(hit.concept)
            else:
                plain.add(hit.concept)
        best: Category | None = None
        sure = False
        for clause, (plain, negated) in clauses.items():
            plain |= shared.get(clause, set())
            present = plain | negated
            for rule in self.rules:
                if (
                    (best is None or _RANK[rule.category] < _RANK[best]
                     or (rule.sure and not sure))
                    and not rule.needs.isdisjoint(present)
                    and rule.holds(plain, negated)
                ):
                    if best is None or _RANK[rule.category] < _RANK[best]:
                        best = rule.category
                    sure = sure or rule.sure
        return best, sure


@cache
def _excuses(rules: tuple[Rule, ...]) -> frozenset[str]:
    """What only ever makes a message harmless: the concepts of ``unless`` that no rule
    needs (media, idiom, cooking, a dose...), and games ("killed me in Minecraft"; a
    stranger in a game still alarms by the rules that name games)."""
    needed = {concept for rule in rules for term in rule.when for concept in term.concepts}
    return frozenset(c for rule in rules for c in rule.unless) - needed - WHO | {"game"}


def model_may_alarm(message: Sequence[Word], hits: Sequence[Hit]) -> bool:
    """The model is asked about a message with at least one word of the lists that is not
    only a person, a place or an age ("just me, 52", "me and my wife, two kids" are no
    concern), and not about a joke (a smiley: "he'll kill me if I eat his cake xD"), as the
    rules do not alarm on one."""
    if any(word is SMILEY for word in message):
        return False
    return any(hit.concept not in WHO for hit in hits)


def negated_by(message: Sequence[Word], hits: Sequence[Hit]) -> frozenset[int]:
    """Where the message's negation words reach, for the model."""
    return statistical.negated(message, (h.position for h in hits if h.concept == "negation"))


def _clauses(message: Sequence[object], comma: object = CLAUSE_END) -> list[int]:
    """Which clause each word is in; with ``comma=COMMA``, which part of a clause (what a
    negation reaches)."""
    clause, out = 0, []
    for word in message:
        if word is CLAUSE_END or word is comma:
            clause += 1
        out.append(clause)
    return out


def _voice(message: Sequence[object], hits: list[Hit], clause_of: list[int],
           category: Category) -> Voice:
    """Who is writing: a child or young person about themselves (or a brother or sister), or
    an adult, about themselves or about someone else's child.

    In this order: an own child, a partner of one's own, a pupil, the neighbours' kids or a
    birth parent make it an adult; a child's own age ("I'm 12"), "my dad" or "mum's boyfriend"
    a child; a child who is not the writer's brother or sister ("the kid in my class") an
    adult; then the writer ("me", "my") a child; someone else ("she") an adult; a parent,
    a brother or sister or school a child. With nobody named, suicidal thoughts and self-harm
    are the writer's own, and the writer is taken for a young person.
    """
    at: dict[str, set[int]] = defaultdict(set)
    for hit in hits:
        at[hit.concept].add(hit.position)
    own_age, adult_age = _ages(message, at, clause_of)
    if at["offspring"] or at["reporter"] or adult_age or (at["partner"] and not at["parent"]):
        return Voice.ADULT
    my_parent = any(p in at["parent"] or p + 1 in at["parent"] for p in at["my"])
    # "mum's boyfriend", "chłopak mamy", "dedis kaci": a man next to a parent's name
    partners = at["partner"] | at["stranger"] | (at["child"] - at["sibling"])
    parents_partner = any(p in partners or p + 1 in partners or p - 1 in partners
                          for p in at["parent"])
    if own_age or at["child_self"] or my_parent or parents_partner:
        return Voice.CHILD
    # "a boy on insta" is no child of anyone's; "და" is "and" as well as "sister"
    others = at["child"] - at["sibling"] - at["online"] - at["stranger"] - at["partner"]
    if others - at["common"] and not (at["me"] and at["school"]):
        return Voice.ADULT  # but "an older boy at school forced me" is a child's own
    if at["me"] or at["my"]:
        return Voice.CHILD
    if at["them"]:
        return Voice.ADULT
    if at["parent"] or at["sibling"] or at["school"]:
        return Voice.CHILD
    if category in (Category.SUICIDE, Category.SELF_HARM):
        return Voice.CHILD
    return Voice.ADULT


def _young_clauses(message: Sequence[object], hits: list[Hit],
                   clause_of: list[int]) -> set[int]:
    ages = {clause_of[hit.position] for hit in hits if hit.concept == "age"}
    if not ages:
        return set()
    return {clause_of[i] for i, word in enumerate(message)
            if getattr(word, "digits", None) in _CHILD_AGE and clause_of[i] in ages}


def _ages(message: Sequence[object], at: dict[str, set[int]],
          clause_of: list[int]) -> tuple[bool, bool]:
    """An age in a sentence that gives one: a child's own ("I'm 12", "mne 13 let", with a
    first person in it), or one that makes the writer an adult: their child's ("my 9 year
    old") or their own ("turiu 40 metų")."""
    ages = {clause_of[p] for p in at["age"]}
    mine = {clause_of[p] for p in at["me"] | at["my"]}
    own = their = False
    for i, word in enumerate(message):
        years = getattr(word, "digits", None)
        if years is None or clause_of[i] not in ages:
            continue
        if years in _CHILD_AGE and i - 1 in at["my"]:
            their = True
        elif clause_of[i] in mine:
            if years in _CHILD_AGE:
                own = True
            elif years in _ADULT_AGE:
                their = True  # "I'm 40": an adult about themselves
    return own, their


def _resemblance(text: str, lang: str, hits: list[Hit]) -> float:
    native = sum(1 for hit in hits if hit.native)
    common = sum(1 for hit in hits if hit.concept == "common")
    letters = _HINTS.get(lang, "")
    hinted = any(char in letters for char in text[:MAX_CHARS].casefold()) if letters else False
    return native + common + (3.0 if hinted else 0.0)


@cache
def default_detector() -> Detector:
    model = statistical.default_model()
    threshold = model.threshold if model is not None else 1.0
    veto = model.veto if model is not None else 0.0
    return Detector(Lexicons.load(), load_rules(), model, threshold, veto)


def forget() -> None:
    """Drop what is remembered across messages (for a fair benchmark)."""
    words_cache_clear()
    statistical.forget()
    default_detector().lexicons.forget()


def detect(text: str, locale: str | None = None) -> Alert | None:
    """The most urgent concern a message suggests, or None.

    ``locale`` is the person's language: it only breaks ties between languages that both
    found the concern.
    """
    return default_detector().detect(text, locale)
