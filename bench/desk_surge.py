"""How long staff wait to see people's first words when many ask for a person at once.

    python bench/desk_surge.py [--tickets 200] [--urgent 10] [--scale 10]

``--tickets`` Telegram people send /human and then one message, all at the same moment;
``--urgent`` of them instead write words the safeguarding detector flags (an urgent
ticket). Everything goes through the real engine, outbox, Sender and desk transport to
the fake Bot API from the tests, which here enforces Telegram's limit for one group: 20
posts a minute across all topics, counting every call that posts into the group (topics,
messages, pins, renames, closing), answering 429 beyond it.

Time is accelerated by ``--scale`` (10: a minute of Telegram's limit passes in six real
seconds, and the desk's own pacing is scaled the same way); every figure printed is in
virtual time, that is real time multiplied by the scale. It prints, for normal and urgent
tickets, the median and worst time from a person's message being committed to the
moment it (or the card carrying it) reached the staff group, and how many group posts
the surge took.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter, deque
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bot.kit.pacing as pacing  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.desk.transport import DESK_LIMITS, DeskTransport  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.sender import Sender  # noqa: E402
from bot.telegram.channel import make_bot  # noqa: E402
from flows.messages import Inbound  # noqa: E402
from tests.fakes.telegram_api import ApiError, Call, FakeTelegram  # noqa: E402

TOKEN = "123:ABC"
STAFF_CHAT = -1001234567890
FIRST_CHAT = 20_000_000
GROUP_PER_MINUTE = 20
POSTING = {"sendmessage", "copymessage", "sendphoto", "senddocument", "sendvideo",
           "sendvoice", "sendaudio", "sendsticker", "createforumtopic", "pinchatmessage",
           "editforumtopic", "closeforumtopic", "reopenforumtopic"}
WORRY = "Вітчим б'є мене кожен день"


class LimitedGroup(FakeTelegram):
    """The fake Bot API, refusing more than 20 posts into a group in a (scaled) minute."""

    def __init__(self, minute: float) -> None:
        super().__init__(TOKEN)
        self.minute = minute
        self._posts: dict[int, deque[float]] = {}

    def _check_injected(self, call: Call, request: Any) -> None:
        super()._check_injected(call, request)
        chat_id = call.params.get("chat_id")
        if call.name not in POSTING or not isinstance(chat_id, int) or chat_id >= 0:
            return
        posts = self._posts.setdefault(chat_id, deque())
        while posts and call.at - posts[0] >= self.minute:
            posts.popleft()
        if len(posts) >= GROUP_PER_MINUTE:
            raise ApiError(429, "Too Many Requests: retry after 1", 1)
        posts.append(call.at)


def scaled_windows(scale: float) -> None:
    """The pacer's group minute is a minute; make it a scaled minute."""
    pacing.MINUTE = 60.0 / scale


async def person(runtime: Any, number: int, urgent: bool,
                 committed: dict[int, float]) -> None:
    chat = str(FIRST_CHAT + number)
    if not urgent:
        await runtime.engine.handle(Inbound("telegram", chat, f"h{number}", text="/human",
                                            language_hint="uk"))
    words = WORRY if urgent else f"Добрий день, я людина номер {number}"
    await runtime.engine.handle(Inbound("telegram", chat, f"m{number}",
                                        text=f"{words} [p{number}]", language_hint="uk"))
    committed[number] = time.monotonic()


def seen_at(fake: FakeTelegram, marker: str) -> float | None:
    for call in fake.calls:
        if call.ok and call.params.get("chat_id") == STAFF_CHAT \
                and marker in str(call.params.get("text") or ""):
            return call.at
    return None


async def run(tickets: int, urgent: int, scale: float) -> None:
    scaled_windows(scale)
    async with LimitedGroup(60.0 / scale) as fake:
        folder = Path(tempfile.mkdtemp(prefix="desk-surge-"))
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, database_url=f"sqlite:///{folder / 'surge.db'}",
            telegram_bot_token=TOKEN, telegram_api_base=fake.base_url,
            staff_chat_id=STAFF_CHAT)
        runtime = await build_runtime(settings)
        bot = make_bot(TOKEN, fake.base_url)
        desk = DeskTransport(bot, runtime.db, runtime.profile, runtime.renderer, STAFF_CHAT,
                             limits=replace(DESK_LIMITS, per_chat_interval=3.0 / scale))
        sender = Sender(runtime.db, [desk], wake=runtime.engine.committed)
        stop = asyncio.Event()
        sending = asyncio.create_task(sender.run(stop))
        committed: dict[int, float] = {}
        # Spread over the surge, the last person among them: they arrive behind most others.
        flagged = set(range(tickets - 1, -1, -max(1, tickets // urgent))[:urgent])
        started = time.monotonic()
        await asyncio.gather(*(person(runtime, n, n in flagged, committed)
                               for n in range(tickets)))
        arrivals = time.monotonic() - started
        deadline = time.monotonic() + 3600 / scale * 2
        seen: dict[int, float] = {}
        while len(seen) < tickets and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            for number in range(tickets):
                if number not in seen and (at := seen_at(fake, f"[p{number}]")) is not None:
                    seen[number] = at
        stop.set()
        await sending
        await desk.close()
        await bot.session.close()
        await runtime.close()

    def waits(numbers: set[int]) -> list[float]:
        return [(seen[n] - committed[n]) * scale for n in numbers if n in seen]

    posts = [c for c in fake.calls if c.name in POSTING and c.ok]
    print(f"{tickets} new tickets ({len(flagged)} urgent) arrived in {arrivals:.1f} s real;"
          f" scale {scale:g}x; limit {GROUP_PER_MINUTE} posts a minute in the group")
    kinds = Counter(c.name for c in posts)
    print(f"staff saw {len(seen)}/{tickets} first messages; group posts made:"
          f" {len(posts)} ({', '.join(f'{n} {k}' for k, n in kinds.most_common())});"
          f" 429s: {sum(1 for c in fake.calls if c.status == 429)}")
    for label, group in (("normal", set(range(tickets)) - flagged), ("urgent", flagged)):
        found = waits(group)
        if found:
            print(f"{label:>7}: median {statistics.median(found) / 60:6.1f} min,"
                  f" worst {max(found) / 60:6.1f} min ({len(found)} tickets)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--urgent", type=int, default=10)
    parser.add_argument("--scale", type=float, default=10.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    asyncio.run(run(args.tickets, args.urgent, args.scale))


if __name__ == "__main__":
    main()
