"""How long the webhooks' JSON guard (``bot.edge.load_json``) takes on hostile bodies.

    python bench/webhook_json.py

Each body is as large as the webhook lets in (1 MiB for Telegram, Viber's cap for
Viber); the guard runs after the secret or the signature was checked, on the event loop,
so its worst case bounds what one authenticated call can cost everybody else.
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.edge import MAX_JSON_CONTAINERS, MAX_JSON_DEPTH, BadJson, load_json
from bot.telegram.channel import MAX_UPDATE_BYTES
from bot.viber.webhook import MAX_BODY as VIBER_MAX_BODY


def bodies(size: int) -> dict[str, bytes]:
    deep = MAX_JSON_DEPTH - 1  # inside the outer list: exactly the limit
    block = b'[{"a":' * (deep // 2) + b"1" + b"}]" * (deep // 2)
    return {
        "openers only": b"[" * size,
        "one deep nest": b"[" * (size // 2) + b"]" * (size // 2),
        "[[] climbing": b"[[]" * (size // 4) + b"]" * (size // 4),
        "empty pairs": b"[" + b"[]," * (size // 3 - 1) + b"[]]",
        f"{deep + 1}-deep blocks": b"[" + b",".join([block] * (size // (len(block) + 1))) + b"]",
        "at both limits": b'{"pad": "' + b"x" * (size // 2) + b'", "blocks": ['
        + b",".join([block] * ((MAX_JSON_CONTAINERS - 2) // (deep - 1))) + b"]}",
        "escaped text": b'{"t": "' + b"\\ud83d\\ude00" * (size // 12 - 1) + b'"}',
        "escaped quotes": b'{"t": "' + b'\\"' * (size // 2 - 8) + b'"}',
    }


def verdict(body: bytes) -> str:
    try:
        load_json(body)
    except BadJson as exc:
        return f"refused: {exc}"
    return "parsed"


def fastest(body: bytes, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        with contextlib.suppress(BadJson):
            load_json(body)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    for channel, size in (("telegram", MAX_UPDATE_BYTES), ("viber", VIBER_MAX_BODY)):
        worst = 0.0
        for name, body in bodies(size).items():
            if len(body) > size:  # the webhook answers 413 before reading it
                continue
            took = fastest(body)
            worst = max(worst, took)
            print(f"{channel:8} {name:18} {len(body):>9,} B  {took:7.1f} ms  {verdict(body)}")
        print(f"{channel:8} worst case: {worst:.1f} ms\n")


if __name__ == "__main__":
    main()
