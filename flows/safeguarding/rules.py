"""When a message alarms: the rules in ``data/rules.toml``, read as data.

A rule names concepts (the headings of the word lists in ``data/<lang>.toml``). It holds
when all the concepts in ``when`` are found in one clause (a sentence: up to ``.``, ``!``,
``?``, ``;`` or a new line) and none of those in ``unless`` is. ``"a or b"`` accepts either;
``"care (negated)"`` means a word of ``care`` after a negation word ("nobody feeds us"),
``"live (any)"`` either way, and a plain concept counts only when it is not negated ("he
never hits me" is no alarm). ``sure = true``: words that only mean a concern ("suicide",
"raped"); the model (``model.py``) may overrule any other rule, when it reads the message
as a whole as most likely harmless ("this paperwork is killing me").
"""

from __future__ import annotations

import tomllib
from collections.abc import Set
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from typing import Any, Final

NEGATED: Final = " (negated)"
ANY: Final = " (any)"


class Category(StrEnum):
    """What a message suggests, from the most to the least urgent."""

    SUICIDE = "suicide"
    THREAT = "threat"
    SEXUAL = "sexual"
    PHYSICAL = "physical"
    SELF_HARM = "self_harm"
    NEGLECT = "neglect"


@dataclass(frozen=True, slots=True)
class Term:
    alternatives: tuple[tuple[str, str], ...]  # (concept, "plain" | "negated" | "any")

    @classmethod
    def parse(cls, text: str) -> Term:
        alternatives = []
        for part in text.split(" or "):
            part = part.strip()
            mode = "plain"
            for suffix, name in ((NEGATED, "negated"), (ANY, "any")):
                if part.endswith(suffix):
                    part, mode = part.removesuffix(suffix), name
            alternatives.append((part, mode))
        return cls(tuple(alternatives))

    def holds(self, plain: Set[str], negated: Set[str]) -> bool:
        return any(
            (mode != "negated" and concept in plain) or (mode != "plain" and concept in negated)
            for concept, mode in self.alternatives
        )

    @property
    def concepts(self) -> tuple[str, ...]:
        return tuple(concept for concept, _mode in self.alternatives)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    category: Category
    when: tuple[Term, ...]
    unless: frozenset[str]
    sure: bool = False  # the model does not overrule it
    # concepts of which at least one must be present for the rule to hold
    needs: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs", frozenset(self.when[0].concepts))

    def holds(self, plain: Set[str], negated: Set[str]) -> bool:
        if self.unless and (self.unless & plain or self.unless & negated):
            return False
        return all(term.holds(plain, negated) for term in self.when)

    @property
    def concepts(self) -> set[str]:
        return {c for term in self.when for c in term.concepts} | set(self.unless)


def _rule(raw: dict[str, Any]) -> Rule:
    return Rule(
        name=str(raw["name"]),
        category=Category(raw["category"]),
        when=tuple(Term.parse(str(t)) for t in raw["when"]),
        unless=frozenset(str(u) for u in raw.get("unless", [])),
        sure=bool(raw.get("sure", False)),
    )


def load_rules(text: str | None = None) -> tuple[Rule, ...]:
    if text is None:
        folder = resources.files("flows.safeguarding") / "data"
        text = (folder / "rules.toml").read_text(encoding="utf-8")
    return tuple(_rule(raw) for raw in tomllib.loads(text)["rule"])
