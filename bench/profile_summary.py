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
import inspect
import re
from collections import Counter

# Phases: a sample counts in the first whose patterns each match one of its frames, so
# the most specific (inside others) come first.
PHASES: list[tuple[str, tuple[str, ...]]] = [
    # Native frames (py-spy --native) show the commit inside SQLite's own code.
    ("SQLite commit (WAL append, sync)", (r"sqlite3WalFrames|sqlite3PagerCommitPhase"
                                          r"|sqlite3BtreeCommitPhase|fdatasync|fsync",)),
    ("SQLite statements (aiosqlite's thread)", (r"^Thread\._bootstrap", r"aiosqlite/")),
    ("aiosqlite hand-off (event loop side)", (r"aiosqlite/",)),
    ("pydantic model classes built at run time (aiogram Response[T], GC'd)",
     (r"pydantic/_internal/(_generics|_schema_gather|_generate_schema|_model_construction)",)),
    ("JSON encode/decode", (r"^(dumps|loads|encode|decode|iterencode|raw_decode) \(json/",)),
    ("render (Babel catalogs, Rendered)", (r"bot/i18n\.py|flows/text\.py",)),
    ("aiogram Update validation (webhook)", (r"webhook \(bot/telegram/channel\.py",
                                             r"model_validate|pydantic")),
    ("sender + Telegram transport (outbound, aiogram client)",
     (r"bot/sender\.py|bot/telegram/transport\.py|bot/telegram/store\.py",)),
    ("convert (aiogram Update -> Inbound)", (r"bot/telegram/convert\.py",)),
    ("flows (steps, router)", (r"flows/",)),
    ("engine (lock, transaction, queueing)", (r"bot/engine\.py",)),
    ("webhook handler (channel)", (r"bot/telegram/channel\.py",)),
    ("aiohttp server (HTTP parsing, response)", (r"aiohttp/web_|aiohttp/http_|_http_parser",)),
    ("aiohttp client (calls to the Bot API)", (r"aiohttp/client|aiohttp/connector",)),
    ("asyncio event loop", (r"asyncio/",)),
]



def _worker_waits_at() -> str:
    """The line where aiosqlite's thread waits for the next statement (``tx.get()``):
    without native frames, a sample there and one running SQLite differ only by line."""
    import aiosqlite.core

    lines, first = inspect.getsourcelines(aiosqlite.core._connection_worker_thread)
    line = next((first + n for n, text in enumerate(lines) if "tx.get()" in text), 0)
    return rf"^_connection_worker_thread \(aiosqlite/core\.py:{line}\)"


# A sample whose innermost frames are one of these was waiting, not working (py-spy cannot
# always tell a thread blocked in C from one running): the event loop's select, and
# aiosqlite's worker thread waiting for the next statement.
IDLE = re.compile(r"^(EpollSelector\.select|select) \(selectors\.py|^_queue_SimpleQueue_get"
                  r"|^select_epoll_poll|" + _worker_waits_at())

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
            stack_frames = frames(stack)
            if not stack_frames:
                continue
            if any(IDLE.search(f) for f in stack_frames[-5:]):  # C frames under it too
                idle += count
                continue
            total += count
            own[short(stack_frames[-1])] += count
            for name, patterns in PHASES:
                if all(any(re.search(p, f) for f in stack_frames) for p in patterns):
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
