"""How fast the outbox sender delivers to Telegram, against a fake that enforces the limit.

    python bench/telegram_sender.py [--messages 1500] [--chats 100] [--rate 30]
                                    [--latency 0.05] [--steady-rate 20] [--steady-seconds 10]
                                    [--answer 2]
    python bench/telegram_sender.py --messages 1000 --chats 1000 --steady-seconds 0

Two phases, both through the real Sender, TelegramTransport and aiogram client, to the
fake Bot API server from the tests (127.0.0.1, answering 429 beyond ``--rate`` sends a
second overall, beyond a burst of 3 and then 1/s in a private chat, beyond 20 a minute
in a group, and after ``--latency`` seconds per call):

1. backlog: N messages for M chats are already in the outbox; measures the delivery rate
   (and what share of the fake's limit it uses: the target is >= 95 % of 30/s with no
   429) and how long messages waited (enqueue → arrival at the server);
2. steady: answers of ``--answer`` messages each are committed together, at
   ``--steady-rate`` messages a second, as the engine would, spread over the chats;
   measures the latency a person feels and the time between an answer's first and last
   message (the pause a person sees inside one answer).

It also checks that every message arrived exactly once and in order per chat, and prints
the process's peak RSS (the fake runs in the same process, so this is an upper bound).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.sender import Sender  # noqa: E402
from bot.telegram.channel import make_bot  # noqa: E402
from bot.telegram.transport import TelegramTransport  # noqa: E402
from flows.menu import TO_MENU  # noqa: E402
from flows.messages import Rendered, RenderedChoice  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.outbox_codec import encode  # noqa: E402
from storage.repositories import Repos  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402

TOKEN = "123:ABC"
FIRST_CHAT = 10_000_000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def payload(number: int) -> dict[str, object]:
    # Every third message carries a keyboard, as prompts do (and retires the last one).
    choices = (RenderedChoice(TO_MENU, "Back to the main menu"),) if number % 3 == 0 else ()
    return dict(encode(Rendered(f"bench {number}", choices)))


async def add_people(db: Database, chats: int) -> dict[int, int]:
    now = datetime.now(UTC)
    ids = {}
    async with db.transaction() as conn:
        for index in range(chats):
            chat = FIRST_CHAT + index
            person = await Repos(conn).people.create("telegram", str(chat), "en", now, None)
            ids[chat] = person.id
    return ids


async def enqueue(
    db: Database, people: dict[int, int], numbers: range, enqueued: dict[str, float],
    chat_of: int | None = None,
) -> None:
    chats = list(people)
    now = datetime.now(UTC)
    async with db.transaction() as conn:
        outbox = Repos(conn).outbox
        for number in numbers:
            chat = chats[(number if chat_of is None else chat_of) % len(chats)]
            await outbox.add(person_id=people[chat], channel="telegram", recipient=str(chat),
                             payload=payload(number), now=now)
            enqueued[f"bench {number}"] = time.monotonic()


def verify(fake: FakeTelegram, total: int) -> str:
    texts = [c.params["text"] for c in fake.sends()]
    once = len(texts) == total == len(set(texts))
    by_chat: dict[int, list[int]] = {}
    for call in fake.sends():
        by_chat.setdefault(call.params["chat_id"], []).append(int(call.params["text"].split()[1]))
    ordered = all(numbers == sorted(numbers) for numbers in by_chat.values())
    return f"exactly once: {'yes' if once else 'NO'}; in order per chat: " + (
        "yes" if ordered else "NO")


def report(
    name: str, fake: FakeTelegram, enqueued: dict[str, float], start: float, rate: int
) -> None:
    sends = [c for c in fake.sends() if c.params["text"] in enqueued]
    arrivals = [c.at for c in sends]
    latencies = [c.at - enqueued[c.params["text"]] for c in sends]
    elapsed = max(arrivals) - start
    throttled = sum(1 for c in fake.throttled() if c.at >= start)
    print(f"{name}:")
    print(f"  delivered            {len(sends)} messages in {elapsed:.2f} s")
    print(f"  delivery rate        {len(sends) / elapsed:.1f} msgs/s"
          f" ({len(sends) / elapsed / rate * 100:.0f} % of the fake's {rate}/s)")
    print(f"  429 answers          {throttled}")
    print(f"  latency p50 / p95    {percentile(latencies, 0.5) * 1000:.0f} ms /"
          f" {percentile(latencies, 0.95) * 1000:.0f} ms"
          f" (mean {statistics.fmean(latencies) * 1000:.0f} ms)")


async def run(args: argparse.Namespace) -> None:
    fake = await FakeTelegram(TOKEN).start()
    fake.enforce_limits(per_second=args.rate)
    fake.latency = args.latency
    folder = tempfile.TemporaryDirectory(prefix="carebot-bench-")
    db = await Database.open(Path(folder.name) / "bench.db")
    transport = TelegramTransport(make_bot(TOKEN, fake.base_url), db)
    sender = Sender(db, [transport])
    stop = asyncio.Event()
    try:
        people = await add_people(db, args.chats)
        enqueued: dict[str, float] = {}

        await enqueue(db, people, range(args.messages), enqueued)
        backlog = dict(enqueued)
        start = time.monotonic()
        sending = asyncio.create_task(sender.run(stop))
        await fake.wait_until(lambda: len(fake.sends()) >= args.messages, 3600, "backlog")
        report(f"backlog: {args.messages} messages already queued for {args.chats} chats",
               fake, backlog, start, args.rate)

        steady_total = int(args.steady_rate * args.steady_seconds)
        steady: dict[str, float] = {}
        if steady_total == 0:  # --steady-seconds 0: the backlog only
            print(f"checks: {verify(fake, args.messages)}")
            stop.set()
            await sending
            return
        start = time.monotonic()
        answers: list[list[str]] = []
        for tick in range(0, steady_total, args.answer):
            number = args.messages + tick
            numbers = range(number, min(number + args.answer, args.messages + steady_total))
            await enqueue(db, people, numbers, steady, chat_of=tick // args.answer)
            answers.append([f"bench {n}" for n in numbers])
            sender.wake.set()  # as the engine's commit does
            await asyncio.sleep(max(0.0, start + (tick + len(numbers)) / args.steady_rate
                                    - time.monotonic()))
        await fake.wait_until(lambda: len(fake.sends()) >= args.messages + steady_total, 600,
                              "steady load")
        report(f"steady: {args.steady_rate:g} msgs/s committed for {args.steady_seconds:g} s"
               f" in answers of {args.answer}", fake, steady, start, args.rate)
        arrived = {c.params["text"]: c.at for c in fake.sends()}
        inside = [arrived[texts[-1]] - arrived[texts[0]] for texts in answers if len(texts) > 1]
        if inside:
            print(f"  first to last message of an answer p50 / max"
                  f"  {percentile(inside, 0.5) * 1000:.0f} ms / {max(inside) * 1000:.0f} ms")

        throttled = len(fake.throttled())
        print(f"checks: {verify(fake, args.messages + steady_total)}; 429 answers from the"
              f" fake: {throttled}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS: {peak:.0f} MiB (bot side and fake server in one process)")
        stop.set()
        await sending
    finally:
        await transport.close()
        await transport.bot.session.close()
        await db.close()
        await fake.close()
        folder.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1500)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--rate", type=int, default=30, help="the fake's limit, sends/s")
    parser.add_argument("--latency", type=float, default=0.05,
                        help="seconds the fake takes to answer each call")
    parser.add_argument("--steady-rate", type=float, default=20.0)
    parser.add_argument("--steady-seconds", type=float, default=10.0)
    parser.add_argument("--answer", type=int, default=2,
                        help="messages per answer in the steady phase (committed together)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="  (log) %(name)s: %(message)s")
    print(f"$ python bench/telegram_sender.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"fake Bot API: {args.rate} sends/s, a burst of 3 then 1/s per chat, 20/min per"
          f" group enforced, {args.latency * 1000:.0f} ms per call; sender limits the same")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
