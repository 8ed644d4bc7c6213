"""What matching typed text against the FAQ costs, per message, by length.

    python bench/faq_match.py [--repeat 2000]

Uses the demo profile's questions in each language; the lengths go up to 4,096
characters (Telegram's longest message). Only the first ``MAX_QUERY`` characters are
read, so the cost levels off: it is linear in the FAQ's size and bounded in the text's.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.faq_match import MAX_QUERY, rank
from flows.profile import load_profile

SAMPLES = {
    "en": "Can I foster if I rent a flat? ",
    "uk": "Чи можна стати прийомним батьком, якщо я винаймаю квартиру? ",
    "ka": "შემიძლია თუ ქირით ვცხოვრობ? ",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    profile = load_profile()
    print(f"{len(profile.faq)} FAQ entries; only the first {MAX_QUERY} characters are read")
    for lang, sample in SAMPLES.items():
        questions = [(entry.id, entry.question.root[lang]) for entry in profile.faq]
        for length in (len(sample), 300, 1000, 4096):
            text = (sample * (length // len(sample) + 1))[:length]
            started = time.perf_counter()
            for _ in range(args.repeat):
                rank(text, questions)
            per_call = (time.perf_counter() - started) / args.repeat * 1e6
            print(f"{lang} {length:>5} characters: {per_call:8.1f} µs per message")


if __name__ == "__main__":
    main()
