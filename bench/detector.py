"""Worst-case cost of the safeguarding detector on 4,096-character adversarial texts.

    python bench/detector.py

Prints, for each script, the slowest of a few runs in milliseconds (the old detector took
about 108 s on "a" * 4096).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.safeguarding import detect

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
}


def main() -> int:
    detect("warm up")
    print(f"{'text (4,096 characters)':<36} {'worst of 5':>10}")
    worst_all = 0.0
    for name, text in TEXTS.items():
        worst = 0.0
        for _ in range(5):
            start = time.perf_counter()
            detect(text)
            worst = max(worst, (time.perf_counter() - start) * 1e3)
        worst_all = max(worst_all, worst)
        print(f"{name:<36} {worst:>8.1f} ms")
    print(f"{'worst case':<36} {worst_all:>8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
