"""Worst-case cost of the safeguarding detector on 4,096-character adversarial texts.

    python bench/detector.py [--rules-only]

Prints, for each text, the detector's CPU time (median of 7 runs) and the slowest wall-clock
run, in milliseconds (the old detector took about 108 s on "a" * 4096), and the mean and
p99 over the development set. ``--rules-only``: without the model (the cost before it).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.safeguarding.detector import Detector, default_detector, forget

LIMIT = 4096


def _random_words(alphabet: str, seed: int) -> str:
    rng = random.Random(seed)
    out = ""
    while len(out) < LIMIT:
        out += "".join(rng.choice(alphabet) for _ in range(rng.randint(6, 12))) + " "
    return out[:LIMIT]


TEXTS = {
    "latin, one word": "a" * LIMIT,
    "cyrillic, one word": "б" * LIMIT,
    "georgian, one word": "მ" * LIMIT,
    "mixed latin/cyrillic": "aб" * (LIMIT // 2),
    "digits": "1" * LIMIT,
    "latin, random words (typo search)": _random_words("abcdefghijklmnopqrstuvwxyz", 1),
    "cyrillic, random words": _random_words("абвгдежзиклмнопрстуфхцчшыэюяіїє", 2),
    "georgian, random words": _random_words("აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ", 3),
    "stems repeated": ("beat hit kill " * 400)[:LIMIT],
    "negations": ("не " * 1400)[:LIMIT],
    "latin typed russian": ("menya b'et otchim " * 250)[:LIMIT],
    "smileys": (":) " * 1400)[:LIMIT],
    "commas": (", мама " * 600)[:LIMIT],
}


DEV_SET = Path(__file__).resolve().parent.parent / "tests/flows/safeguarding/dev_set.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules-only", action="store_true", help="without the model")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    shipped = default_detector()
    startup = (time.perf_counter() - started) * 1e3
    detector = Detector(shipped.lexicons, shipped.rules) if args.rules_only else shipped
    detect = detector.detect
    detect("warm up")
    print(f"start-up (word lists{'' if args.rules_only else ' and model'}): {startup:.0f} ms")
    typical = [json.loads(line)["text"] for line in DEV_SET.read_text("utf-8").splitlines()]
    samples = []
    for text in typical:
        runs = []
        for _ in range(5):
            forget()
            start = time.perf_counter()
            detect(text)
            runs.append((time.perf_counter() - start) * 1e6)
        samples.append(statistics.median(runs))
    samples.sort()
    print(f"typical message ({len(samples)} of the development set, every word new):"
          f" mean {statistics.fmean(samples):.0f} µs,"
          f" p99 {samples[int(len(samples) * 0.99) - 1]:.0f} µs\n")
    print(f"{'text (4,096 characters)':<36} {'cpu, median':>11} {'wall, worst':>11}")
    worst_cpu = worst_wall = 0.0
    for name, text in TEXTS.items():
        cpu, wall = [], []
        for _ in range(7):
            forget()  # nothing remembered from an earlier run: every word is new
            cpu_start, start = time.thread_time(), time.perf_counter()
            detect(text)
            wall.append((time.perf_counter() - start) * 1e3)
            cpu.append((time.thread_time() - cpu_start) * 1e3)
        worst_cpu, worst_wall = max(worst_cpu, statistics.median(cpu)), max(worst_wall, max(wall))
        print(f"{name:<36} {statistics.median(cpu):>8.1f} ms {max(wall):>8.1f} ms")
    print(f"{'worst text':<36} {worst_cpu:>8.1f} ms {worst_wall:>8.1f} ms")
    print("(cpu: the detector's own work; wall: includes waiting for a busy machine's CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
