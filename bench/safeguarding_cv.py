"""Held-out figures for the two signals: k-fold cross-validation of the model, per language.

    python bench/safeguarding_eval.py --cross-validate [--folds 5]

The development set and the extra training messages are split into ``folds`` parts,
stratified by file, language and category (a fixed shuffle: the same split every run).
For each part, a model is trained on the other parts only and the part is read by the
rules alone and by the rules with that model: every figure below is for messages the
model never saw. The rules' word lists were written from the development set, so their
figures on it are training figures; on the extra messages (written afterwards, never used
to write a rule) they are held out as well. Needs scikit-learn (``pip install -e
".[train]"``).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from flows.safeguarding import train
from flows.safeguarding.detector import (
    Detector,
    default_detector,
    model_may_alarm,
    negated_by,
)
from flows.safeguarding.model import Model
from flows.safeguarding.normalise import words

SWEEP = (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9)
VETOES = (0.0, 0.05, 0.1, 0.2, 0.3, 0.35, 0.4, 0.5)


@dataclass(frozen=True)
class Held:
    example: train.Example
    by_rules: bool
    asked: bool  # the model is asked (a word of the lists, no smiley, no
    # concern the rules saw negated)
    crisis: float  # the held-out model's probability of a concern
    category: str  # the model's likeliest concern
    read: bool = False  # the model read the message (enough words)
    sure: bool = False  # a rule that the model does not overrule holds

    def fires(self, threshold: float) -> bool:
        """The model alarms (whatever the rules say)."""
        return self.asked and self.crisis >= threshold

    def alarms(self, threshold: float, veto: float) -> bool:
        """What ``Detector.detect`` does: the rules unless the model overrules them
        (probability below ``veto``), else the model."""
        if self.by_rules:
            return self.sure or not self.read or self.crisis >= veto
        return self.fires(threshold)


def folds_of(examples: Sequence[train.Example], k: int, seed: int = 12) -> list[int]:
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        groups[(e.source, e.lang, e.category)].append(i)
    rng = random.Random(seed)
    fold = [0] * len(examples)
    offset = 0
    for key in sorted(groups):
        members = groups[key]
        rng.shuffle(members)
        for j, i in enumerate(members):
            fold[i] = (offset + j) % k
        offset += len(members)
    return fold


def held_out(examples: Sequence[train.Example], k: int) -> list[Held]:
    rules = default_detector()
    plain = Detector(rules.lexicons, rules.rules)  # the rules alone
    bags = [train.counted(e.text) for e in examples]
    fold = folds_of(examples, k)
    out: list[Held | None] = [None] * len(examples)
    for f in range(k):
        inside = [i for i in range(len(examples)) if fold[i] != f]
        model = Model.from_json(train.fit([examples[i] for i in inside],
                                          bags=[bags[i] for i in inside]))
        for i in range(len(examples)):
            if fold[i] == f:
                e = examples[i]
                # the same reading as Detector.detect: the model when the rules are quiet
                message = words(e.text)
                hits = rules.lexicons.hits(message)
                judged = model.judge(message, negated_by(message, hits))
                said = plain.rules_say(e.text)
                out[i] = Held(e, said is not None,
                              model_may_alarm(message, hits)
                              and not plain.read_as_harmless(e.text, message, hits),
                              judged.crisis if judged else 0.0,
                              judged.category if judged else "",
                              judged is not None, said is not None and said[1])
        print(f"  fold {f + 1}/{k} done", flush=True)
    return [h for h in out if h is not None]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    —"


def _split(rows: Sequence[Held]) -> tuple[list[Held], list[Held]]:
    """The crisis messages and the harmless ones."""
    return ([h for h in rows if h.example.category != "none"],
            [h for h in rows if h.example.category == "none"])


def report(held: Sequence[Held], threshold: float, veto: float) -> list[str]:
    lines = []
    for source in [*sorted({h.example.source for h in held}), "all"]:
        rows = [h for h in held if source in ("all", h.example.source)]
        lines.append(f"\n{source} (held out), threshold {threshold}, veto {veto}:")
        lines.append(f"{'lang':<5} {'crisis':>6} {'rules':>7} {'+model':>7} {'same cat.':>9}"
                     f" {'harmless':>8} {'rules FA':>8} {'+model FA':>9}"
                     f" {'+veto rec.':>10} {'+veto FA':>8}")
        for lang in [*sorted({h.example.lang for h in rows}), "all"]:
            mine = [h for h in rows if lang in ("all", h.example.lang)]
            crisis, harmless = _split(mine)
            by_model = [h for h in crisis if not h.by_rules and h.fires(threshold)]
            both = sum(1 for h in crisis if h.by_rules) + len(by_model)
            same = sum(1 for h in by_model if h.category == h.example.category)
            fa_rules = sum(1 for h in harmless if h.by_rules)
            fa_both = sum(1 for h in harmless if h.by_rules or h.fires(threshold))
            by_rules = sum(h.by_rules for h in crisis)
            rec_v = sum(h.alarms(threshold, veto) for h in crisis)
            fa_v = sum(h.alarms(threshold, veto) for h in harmless)
            lines.append(
                f"{lang:<5} {len(crisis):>6} {_pct(by_rules, len(crisis)):>7}"
                f" {_pct(both, len(crisis)):>7} {_pct(same, len(by_model)):>9}"
                f" {len(harmless):>8} {_pct(fa_rules, len(harmless)):>8}"
                f" {_pct(fa_both, len(harmless)):>9}"
                f" {_pct(rec_v, len(crisis)):>10} {_pct(fa_v, len(harmless)):>8}")
    return lines


def sweep(held: Sequence[Held], source: str) -> list[str]:
    """Recall and false alarms of the model alone and of both, by threshold."""
    crisis, harmless = _split([h for h in held if source in ("all", h.example.source)])
    lines = [f"\nthreshold sweep ({source}, held out): model alone / rules + model",
             f"{'thr':>5} {'recall':>15} {'false alarms':>15}"]
    for t in SWEEP:
        rec_m = sum(h.fires(t) for h in crisis)
        rec_b = sum(h.by_rules or h.fires(t) for h in crisis)
        fa_m = sum(h.fires(t) for h in harmless)
        fa_b = sum(h.by_rules or h.fires(t) for h in harmless)
        lines.append(f"{t:>5} {_pct(rec_m, len(crisis))} / {_pct(rec_b, len(crisis))}"
                     f" {_pct(fa_m, len(harmless))} / {_pct(fa_b, len(harmless))}")
    return lines


def veto_sweep(held: Sequence[Held], threshold: float, source: str) -> list[str]:
    """Recall and false alarms of the detector, by the probability below which the model
    overrules a rule that is not sure."""
    crisis, harmless = _split([h for h in held if source in ("all", h.example.source)])
    lines = [f"\nveto sweep ({source}, held out, threshold {threshold})",
             f"{'veto':>5} {'recall':>7} {'false alarms':>13}"]
    for v in VETOES:
        rec = sum(h.alarms(threshold, v) for h in crisis)
        fa = sum(h.alarms(threshold, v) for h in harmless)
        lines.append(f"{v:>5} {_pct(rec, len(crisis))} {_pct(fa, len(harmless)):>13}")
    return lines


def grid(held: Sequence[Held]) -> list[str]:
    """Recall / false alarms on the messages written after the development set (held out),
    by threshold (rows) and veto (columns)."""
    crisis, harmless = _split([h for h in held if h.example.source != "dev_set"])
    lines = ["\nthreshold x veto (all but dev_set, held out): recall / false alarms",
             "  thr " + "".join(f"{v:>15}" for v in VETOES)]
    for t in SWEEP:
        cells = []
        for v in VETOES:
            rec = sum(h.alarms(t, v) for h in crisis)
            fa = sum(h.alarms(t, v) for h in harmless)
            cells.append(f"{_pct(rec, len(crisis))}/{_pct(fa, len(harmless))}")
        lines.append(f"{t:>5} " + "".join(f"{c:>15}" for c in cells))
    return lines


def misses(held: Sequence[Held], threshold: float, veto: float, source: str) -> list[str]:
    lines = [f"\n{source}: missed, held out:"]
    for h in held:
        if h.example.source == source and h.example.category != "none" and not (
                h.alarms(threshold, veto)):
            vetoed = " (overruled)" if h.by_rules else ""
            lines.append(f"  [{h.example.lang}] {h.example.category} {h.crisis:.2f}{vetoed}:"
                         f" {h.example.text}")
    lines.append(f"{source}: false alarms, held out:")
    for h in held:
        if h.example.source == source and h.example.category == "none" and (
                h.alarms(threshold, veto)):
            by = "rules" if h.by_rules else h.category
            lines.append(f"  [{h.example.lang}] {by} {h.crisis:.2f}: {h.example.text}")
    return lines


def cross_validate(k: int, threshold: float, veto: float = 0.0) -> list[str]:
    examples = train.read_examples(train.DEFAULT_CASES)
    held = held_out(examples, k)
    lines = report(held, threshold, veto)
    sources = sorted({h.example.source for h in held})
    for source in [*sources, "all"]:
        lines += sweep(held, source)
        lines += veto_sweep(held, threshold, source)
    lines += grid(held)
    for source in sources:
        if source != "dev_set":
            lines += misses(held, threshold, veto, source)
    return lines
