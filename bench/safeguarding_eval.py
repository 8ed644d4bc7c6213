"""Evaluate the safeguarding detector on tagged messages.

    python bench/safeguarding_eval.py [--cases PATH]
    python bench/safeguarding_eval.py --cross-validate [--folds 5]

PATH is JSON Lines, one message a line: {"lang": "uk", "text": "...", "category":
"physical|sexual|neglect|self_harm|suicide|threat|none", "voice": "child|adult"}; the default
is the development set in tests/flows/safeguarding/dev_set.jsonl. Prints recall (crisis
messages that alarm) and false alarms (harmless messages that alarm) per language and per
category, the misses and false alarms, and the cost per message (mean and p99).
``--cross-validate``: recall and false alarms per language of the rules alone and of the
rules with the model, on held-out folds only (``bench/safeguarding_cv.py``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.safeguarding import Alert, detect
from flows.safeguarding.detector import forget

DEV_SET = Path(__file__).resolve().parent.parent / "tests/flows/safeguarding/dev_set.jsonl"


@dataclass(frozen=True)
class Case:
    lang: str
    text: str
    category: str
    voice: str


@dataclass(frozen=True)
class Outcome:
    case: Case
    alert: Alert | None

    @property
    def crisis(self) -> bool:
        return self.case.category != "none"


def read_cases(path: Path) -> list[Case]:
    if not path.is_file():
        raise SystemExit(f"{path}: no such file")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{number}: not JSON ({exc.msg})") from None
        try:
            cases.append(Case(raw["lang"], raw["text"], raw["category"], raw.get("voice", "")))
        except KeyError as exc:
            raise SystemExit(f"{path}:{number}: missing {exc}") from None
    return cases


def evaluate(cases: list[Case]) -> list[Outcome]:
    return [Outcome(case, detect(case.text)) for case in cases]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    —"


def table(outcomes: list[Outcome], key: str) -> list[str]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[getattr(outcome.case, key)].append(outcome)
    lines = [f"{key:<10} {'crisis':>6} {'recall':>7} {'same cat.':>9} {'harmless':>8}"
             f" {'false al.':>9}"]
    for name in sorted(groups):
        rows = groups[name]
        crisis = [o for o in rows if o.crisis]
        caught = [o for o in crisis if o.alert is not None]
        same = [o for o in caught if o.alert is not None and o.alert.category == o.case.category]
        harmless = [o for o in rows if not o.crisis]
        alarms = [o for o in harmless if o.alert is not None]
        lines.append(f"{name:<10} {len(crisis):>6} {_pct(len(caught), len(crisis)):>7}"
                     f" {_pct(len(same), len(caught)):>9} {len(harmless):>8}"
                     f" {_pct(len(alarms), len(harmless)):>9}")
    return lines


def cost(cases: list[Case], rounds: int = 15, cold: bool = True) -> tuple[float, float]:
    """Microseconds per message, mean and 99th percentile over the messages.

    Each message's cost is its median over ``rounds`` runs, so that a busy machine (another
    process taking the CPU for a moment) does not count as the detector's cost. ``cold``:
    nothing remembered from earlier messages, every word is looked up afresh.
    """
    detect("warm up")
    runs: list[list[float]] = [[] for _ in cases]
    for _ in range(rounds):
        for i, case in enumerate(cases):
            if cold:
                forget()
            start = time.perf_counter()
            detect(case.text)
            runs[i].append((time.perf_counter() - start) * 1e6)
    samples = sorted(statistics.median(r) for r in runs)
    return statistics.fmean(samples), samples[max(0, int(len(samples) * 0.99) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEV_SET, help="JSON Lines file")
    parser.add_argument("--cross-validate", action="store_true",
                        help="held-out figures of the rules and the model (k folds)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=None,
                        help="model threshold for --cross-validate (default: the shipped one)")
    parser.add_argument("--veto", type=float, default=None,
                        help="model veto for --cross-validate (default: the shipped one)")
    args = parser.parse_args(argv)
    if args.cross_validate:
        from bench.safeguarding_cv import cross_validate
        from flows.safeguarding.detector import default_detector

        threshold = args.threshold
        if threshold is None:
            threshold = default_detector().threshold
        veto = args.veto if args.veto is not None else default_detector().veto
        print("\n".join(cross_validate(args.folds, threshold, veto)))
        return 0
    started = time.perf_counter()
    detect("")
    startup_ms = (time.perf_counter() - started) * 1e3
    cases = read_cases(args.cases)
    outcomes = evaluate(cases)
    print(f"{len(cases)} messages from {args.cases}\n")
    print("\n".join(table(outcomes, "lang")), end="\n\n")
    print("\n".join(table(outcomes, "category")), end="\n\n")
    crisis = [o for o in outcomes if o.crisis]
    voiced = [o for o in crisis if o.alert is not None and o.case.voice]
    right_voice = sum(1 for o in voiced if o.alert is not None and o.alert.voice == o.case.voice)
    print(f"voice (child/adult) right on {_pct(right_voice, len(voiced))} of the alarms\n")
    print("misses:")
    for o in crisis:
        if o.alert is None:
            print(f"  [{o.case.lang}] {o.case.category}: {o.case.text}")
    print("false alarms:")
    for o in outcomes:
        if not o.crisis and o.alert is not None:
            print(f"  [{o.case.lang}] {o.alert.category} ({o.alert.language}): {o.case.text}")
    print(f"\nstart-up (loading the word lists): {startup_ms:.1f} ms")
    for cold in (True, False):
        mean, p99 = cost(cases, cold=cold)
        label = "every word new" if cold else "words remembered from earlier messages"
        print(f"cost per message ({label}; median of 15 runs each):"
              f" mean {mean:.0f} µs, p99 {p99:.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
