"""Where the product's time went, from py-spy's collapsed stacks (``webhook.py --py-spy``).

    python bench/profile_summary.py product.txt [--top 10] [--updates N]

Samples of a thread that was only waiting are left out. Prints the functions that were
on CPU most (self time) and the share of samples spent
under each phase of handling an update (a sample counts once, in the first phase whose
frame it contains, in the order listed). With ``--updates`` (how many updates the product
handled while sampled) it also prints milliseconds per update; samples are 1/``--rate``.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

# Phases, by a frame that marks them; the first that matches a sample's stack wins, so
# the most specific (inside others) come first.
PHASES: list[tuple[str, str]] = [
    # Native frames (py-spy --native) show the commit inside SQLite's own code.
    ("SQLite commit (WAL append, sync)", r"sqlite3WalFrames|sqlite3PagerCommitPhase"
                                          r"|sqlite3BtreeCommitPhase|fdatasync|fsync"),
    ("SQLite statements (aiosqlite thread)", r"aiosqlite/core\.py|sqlite3"),
    ("JSON encode/decode", r"^(dumps|loads|encode|decode|iterencode|raw_decode) \(json/"),
    ("render (Babel catalogs, Rendered)", r"bot/i18n\.py|flows/text\.py"),
    ("aiogram Update validation (pydantic)", r"model_validate|pydantic"),
    ("convert (aiogram Update -> Inbound)", r"bot/telegram/convert\.py"),
    ("sender + Telegram transport (outbound)", r"bot/sender\.py|bot/telegram/transport\.py"
                                                r"|bot/telegram/store\.py"),
    ("flows (steps, router)", r"flows/"),
    ("engine (lock, transaction, queueing)", r"bot/engine\.py"),
    ("webhook handler (channel)", r"bot/telegram/channel\.py"),
    ("aiohttp server (HTTP parsing, response)", r"aiohttp/web_|aiohttp/http_|_http_parser"),
    ("aiohttp client (calls to the Bot API)", r"aiohttp/client|aiohttp/connector"),
    ("asyncio event loop", r"asyncio/"),
]

# A sample whose innermost frame is one of these was waiting, not working (py-spy cannot
# always tell a thread blocked in C from one running): the event loop's select, and
# aiosqlite's worker thread waiting for the next statement.
IDLE = re.compile(r"^(EpollSelector\.select|select) \(selectors\.py|^_connection_worker_thread "
                  r"|epoll_wait|futex|pthread_cond_(timed)?wait|sem_(timed)?wait")

FRAME = re.compile(r"^(?P<name>.*) \((?P<where>[^()]*)\)$")


def frames(stack: str) -> list[str]:
    return [f for f in stack.split(";") if f]


def short(frame: str) -> str:
    match = FRAME.match(frame)
    if not match:
        return frame
    where = re.sub(r"^.*/(site-packages|lib/python3\.\d+)/", "", match["where"])
    where = re.sub(r"^.*/(bot|flows|storage)/", r"\1/", where)
    return f"{match['name']} ({where})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--updates", type=int, default=0)
    parser.add_argument("--rate", type=int, default=200, help="py-spy's samples a second")
    args = parser.parse_args()
    own: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    total = idle = 0
    with open(args.file, encoding="utf-8") as lines:
        for line in lines:
            stack, _space, count_text = line.rstrip("\n").rpartition(" ")
            if not count_text.isdigit():
                continue
            count = int(count_text)
            stack_frames = frames(stack)[1:]  # the first is the thread
            if not stack_frames:
                continue
            if IDLE.search(stack_frames[-1]):
                idle += count
                continue
            total += count
            own[short(stack_frames[-1])] += count
            for name, pattern in PHASES:
                if any(re.search(pattern, f) for f in stack_frames):
                    phases[name] += count
                    break
            else:
                phases["other"] += count

    def per_update(samples: int) -> str:
        if not args.updates:
            return ""
        return f"  {samples / args.rate * 1000 / args.updates:6.3f} ms/update"

    print(f"{total} samples ({total / args.rate:.1f} s on CPU; {idle} more were waiting)")
    print(f"top {args.top} functions by own time:")
    for name, count in own.most_common(args.top):
        print(f"  {count / total * 100:5.1f} %{per_update(count)}  {name}")
    print("by phase:")
    for name, count in phases.most_common():
        print(f"  {count / total * 100:5.1f} %{per_update(count)}  {name}")


if __name__ == "__main__":
    main()
