"""The tests' Bot API fake as a process of its own, for benchmarks that need one.

    python bench/fake_bot_api.py --port 8081 --token 123:ABC [--token 456:DEF] [--rate 30]
                                 [--limits 456:DEF]

Each ``--token`` gets its own fake bot (tests/fakes/telegram_api.py, the real wire format)
behind one server, so that two bots measured side by side talk to the same fake. Lookups
that are linear in the fake (fine for a test's few messages) are indexed here. Besides
the Bot API, for the benchmark driver:

- ``GET /bench/keyboards?token=T&first=C&count=N``: for chats C … C+N-1, the latest
  message with live buttons, as Telegram would put it in a ``callback_query``;
- ``GET /bench/stats?token=T``: calls, successful sends and 429 answers so far, and the
  most sends that arrived in any one second (``busiest``).

``--limits T``: token T's bot keeps all of Telegram's limits (``enforce_limits``: 30 a
second, a private chat's burst of 3 then one a second, a group's 20 a minute), not only
``--rate``'s.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import gc
import logging
import sys
from pathlib import Path
from typing import Any

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fakes.telegram_api import SEND_METHODS, BotMessage, FakeTelegram  # noqa: E402


class IndexedFake(FakeTelegram):
    """The fake with its message lookups by id instead of by scanning every message."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.by_id: dict[tuple[int, int], BotMessage] = {}
        self.by_chat: dict[int, list[BotMessage]] = {}
        self.sent = 0
        self.throttled = 0
        self.send_times: list[float] = []  # when each successful send arrived

    def _find(self, chat_id: Any, message_id: Any) -> BotMessage | None:
        if not isinstance(chat_id, int) or not isinstance(message_id, int):
            return None
        return self.by_id.get((chat_id, message_id))

    def _deliver(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        result = super()._deliver(params, **content)
        message = self.messages[-1]
        self.by_id[(message.chat_id, message.message_id)] = message
        self.by_chat.setdefault(message.chat_id, []).append(message)
        return result

    def chat(self, chat_id: int) -> list[BotMessage]:
        return list(self.by_chat.get(chat_id, []))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        response = await self._handle(request)
        name = request.match_info["method"].lower()
        if response.status == 429:
            self.throttled += 1
        elif response.status == 200 and name in SEND_METHODS:
            self.sent += 1
            self.send_times.append(self.clock())
        return response

    def busiest(self) -> int:
        """The most successful sends that arrived within one second."""
        times = sorted(self.send_times)
        return max((bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times)),
                   default=0)

    def keyboard_in(self, chat_id: int) -> dict[str, Any] | None:
        for message in reversed(self.by_chat.get(chat_id, [])):
            if message.inline:
                return message.to_api(self.bot_user, self._chat(chat_id))
        return None


def build_app(fakes: dict[str, IndexedFake]) -> web.Application:
    async def api(request: web.Request) -> web.StreamResponse:
        fake = fakes.get(request.match_info["token"])
        if fake is None:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        return await fake.handle(request)

    async def keyboards(request: web.Request) -> web.Response:
        fake = fakes[request.query["token"]]
        first, count = int(request.query["first"]), int(request.query["count"])
        found = {str(chat): fake.keyboard_in(chat) for chat in range(first, first + count)}
        return web.json_response({k: v for k, v in found.items() if v is not None})

    async def stats(request: web.Request) -> web.Response:
        fake = fakes[request.query["token"]]
        return web.json_response({"calls": len(fake.calls), "sends": fake.sent,
                                  "throttled": fake.throttled, "busiest": fake.busiest()})

    app = web.Application(client_max_size=60 * 1024 * 1024)
    app.router.add_route("*", "/bot{token}/{method}", api)
    app.router.add_get("/bench/keyboards", keyboards)
    app.router.add_get("/bench/stats", stats)
    return app


async def serve(port: int, tokens: list[str], rate: int | None, limits: list[str]) -> None:
    fakes = {token: IndexedFake(token) for token in tokens}
    for token, fake in fakes.items():
        if token in limits:
            fake.enforce_limits(**({"per_second": rate} if rate else {}))
        else:
            fake.max_sends_per_second = rate
    gc.collect()
    gc.freeze()  # arrival times stay true: no long collection over the imports
    runner = web.AppRunner(build_app(fakes), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", action="append", required=True)
    parser.add_argument("--rate", type=int, default=None,
                        help="answer 429 beyond this many sends a second (per token)")
    parser.add_argument("--limits", action="append", default=[], metavar="TOKEN",
                        help="this token's bot answers 429 beyond any of Telegram's limits")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.port, args.token, args.rate, args.limits))


if __name__ == "__main__":
    main()
