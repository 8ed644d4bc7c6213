"""Webhook throughput: the whole product against a bare aiogram bot, side by side.

    python bench/webhook.py [--updates 600] [--rounds 3] [--concurrency 32]
    python bench/webhook.py --rate 200 --seconds 60      # sustained: p99 at a fixed rate
    python bench/webhook.py --profile product.prof       # the product under cProfile
    python bench/webhook.py --py-spy product.txt         # sampled by py-spy (.svg, .txt)
    python bench/webhook.py --db postgres --workers 4    # 4 workers, one PostgreSQL database

Starts three processes: the Bot API fake (bench/fake_bot_api.py), a bare aiogram echo
bot (bench/echo_bot.py: SimpleRequestHandler, handle_in_background=False, one awaited
sendMessage per update before the 200) and the product (``python -m bot run`` in webhook
mode: SQLite file in a temporary folder, LOG_LEVEL=WARNING, WEBHOOK_BASE_URL and
WEBHOOK_SECRET set, Telegram's setWebhook going to the fake). Both bots use the same
fake, each with its own token.

Throughput mode: in each round, first the echo, then the product get ``--updates``
updates from ``--updates / 3`` new people, ``--concurrency`` in flight: /start from
each; then a press of a button of the menu the product sent to that person (the real
message and choice id, read back from the fake once the product's sender delivered it);
then a text from each. Waiting for the menus, and for the product's outbox to empty
before the next echo round, is not counted. Prints updates/s, p50 and p99 of the
acknowledgement latency (request sent → answer read) for both, their ratios, and how
many answers were not 200.

Several workers (``--db postgres --workers N``, bench/workers.py): the product runs as N
``carebot run`` processes on one fresh PostgreSQL database, the updates spread over them
round-robin, the fake enforcing all of Telegram's limits on them (not on the echo);
the report adds what the workers' shared limiter let through (messages a second, the
busiest second, 429s).

Sustained mode (``--rate R --seconds S``): updates are posted open-loop at R a second
for S seconds to each bot in turn (the same mix: /start, a press of the menu's first
choice, a text; each person's three about a second apart); latency counts from the
moment an update was due, so a slow bot cannot hide its queue.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

if __package__ in (None, ""):  # run as a script: bench/ is on the path, not the root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import workers as several

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
SECRET = "bench-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ECHO_TOKEN = "111:ECHO"
PRODUCT_TOKEN = "222:PRODUCT"
PATH = "/telegram/webhook"
LANGUAGES = ("uk", "ka", "pl", "lt", "en", "ru")
TEXT = "What does it take to become a foster carer?"
FAKE_USER = {"id": 0, "is_bot": True, "first_name": "Carebot", "username": "bench_bot"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Target:
    """A bot under test: where its webhook listens. Several URLs when it runs as several
    worker processes (a later ``--workers N`` on PostgreSQL): updates go round-robin."""

    name: str
    token: str
    urls: list[str]
    health: str | None = None
    healths: list[str] = field(default_factory=list)  # each worker's, when several
    processes: list[asyncio.subprocess.Process] = field(default_factory=list)
    # chat -> the message with the live menu, as a callback_query carries it
    menus: dict[int, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    elapsed: float = 0.0

    def add(self, other: Phase) -> None:
        self.latencies += other.latencies
        self.statuses += other.statuses
        self.elapsed += other.elapsed

    @property
    def failures(self) -> int:
        return sum(1 for status in self.statuses if status != 200)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


class Updates:
    """Builds updates as Telegram sends them to a webhook."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    @staticmethod
    def user(chat: int) -> dict[str, Any]:
        return {"id": chat, "is_bot": False, "first_name": "Nino",
                "language_code": LANGUAGES[chat % len(LANGUAGES)]}

    def message(self, chat: int, text: str) -> bytes:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "from": self.user(chat),
            "chat": {"id": chat, "type": "private", "first_name": "Nino"},
            "date": int(time.time()), "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
        return json.dumps({"update_id": next(self._ids), "message": message}).encode()

    def press(self, chat: int, on: dict[str, Any], data: str) -> bytes:
        update_id = next(self._ids)
        query = {"id": f"q{update_id}", "from": self.user(chat), "message": on,
                 "chat_instance": f"ci{chat}", "data": data}
        return json.dumps({"update_id": update_id, "callback_query": query}).encode()


def choice_of(menu: dict[str, Any]) -> str:
    buttons = [b["callback_data"] for row in menu["reply_markup"]["inline_keyboard"]
               for b in row]
    return "menu:foster" if "menu:foster" in buttons else buttons[0]


def stand_in_menu(chat: int) -> dict[str, Any]:
    """For the echo, which sends no buttons: a pressed message of the same shape."""
    return {"message_id": 1, "from": FAKE_USER, "date": int(time.time()),
            "chat": {"id": chat, "type": "private", "first_name": "Nino"},
            "text": "Main menu", "reply_markup": {"inline_keyboard": [[
                {"text": "Become a foster carer", "callback_data": "menu:foster"}]]}}


class Bench:
    def __init__(self, args: argparse.Namespace, folder: str) -> None:
        self.args = args
        self.folder = folder
        self.fake_url = f"http://127.0.0.1:{free_port()}"
        self.updates = Updates()
        self.session: aiohttp.ClientSession
        self.fake: asyncio.subprocess.Process | None = None
        self.targets: list[Target] = []
        self.spy: asyncio.subprocess.Process | None = None
        self.database_url = ""  # --db postgres: the bench's own database (bench/workers.py)

    # -- processes ------------------------------------------------------------------------

    async def spawn(self, *command: str, env: dict[str, str] | None = None,
                    cwd: str | None = None) -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            *command, env={**os.environ, **(env or {})}, cwd=cwd,
            stdout=asyncio.subprocess.DEVNULL, stderr=None)

    async def start(self) -> tuple[Target, Target]:
        port = self.fake_url.rsplit(":", 1)[1]
        self.fake = await self.spawn(sys.executable, str(BENCH / "fake_bot_api.py"),
                                     "--port", port, "--token", ECHO_TOKEN,
                                     "--token", PRODUCT_TOKEN,
                                     *(["--limits", PRODUCT_TOKEN]
                                       if self.args.db == "postgres" else []))
        await self.wait_up(f"{self.fake_url}/bench/stats?token={ECHO_TOKEN}", "the fake")
        echo_port = free_port()
        echo = Target("echo", ECHO_TOKEN, [f"http://127.0.0.1:{echo_port}{PATH}"])
        self.targets.append(echo)  # from now on stop() ends it, whatever happens
        echo.processes.append(await self.spawn(
            sys.executable, str(BENCH / "echo_bot.py"), "--port", str(echo_port),
            "--api", self.fake_url, "--token", ECHO_TOKEN, "--secret", SECRET))
        product = await self.start_product()
        self.targets.append(product)
        await self.wait_up(f"http://127.0.0.1:{echo_port}/", "the echo bot", any_status=True)
        assert product.health is not None
        for health in product.healths or [product.health]:
            await self.wait_up(health, "the product (healthz 200)")
        if self.args.py_spy:
            # Sampling from outside: the product runs as it always does.
            kind = "flamegraph" if self.args.py_spy.endswith(".svg") else "raw"
            native = ["--native"] if self.args.native else []
            self.spy = await self.spawn("py-spy", "record", "--pid",
                                        str(product.processes[0].pid), "--rate", "200",
                                        *native, "--format", kind, "-o", self.args.py_spy)
        return echo, product

    async def start_product(self) -> Target:
        port = free_port()
        env = {
            "TELEGRAM_BOT_TOKEN": PRODUCT_TOKEN, "TELEGRAM_API_BASE": self.fake_url,
            "WEBHOOK_BASE_URL": "https://bench.invalid", "WEBHOOK_SECRET": SECRET,
            "HTTP_HOST": "127.0.0.1", "HTTP_PORT": str(port), "LOG_LEVEL": "WARNING",
            "DATABASE_URL": f"sqlite:///{self.folder}/product.db",
            "PYTHONPATH": str(ROOT),
        }
        if self.args.db == "postgres":
            return await self.start_workers(env)
        profiler = ["-m", "cProfile", "-o", self.args.profile] if self.args.profile else []
        process = await self.spawn(sys.executable, *profiler, "-m", "bot", "run", env=env,
                                   cwd=self.folder)  # no .env from the source tree
        return Target("product", PRODUCT_TOKEN, [f"http://127.0.0.1:{port}{PATH}"],
                      health=f"http://127.0.0.1:{port}/healthz", processes=[process])

    async def start_workers(self, env: dict[str, str]) -> Target:
        """``--workers`` processes on the bench's PostgreSQL database (bench/workers.py)."""
        env = {**env, "DATABASE_URL": self.database_url}
        started = await several.start_workers(self.spawn, self.args.workers, env,
                                              self.folder, free_port, PATH)
        return Target("product", PRODUCT_TOKEN, [w.url for w in started],
                      health=started[0].health, healths=[w.health for w in started],
                      processes=[w.process for w in started])

    async def wait_up(self, url: str, what: str, *, any_status: bool = False) -> None:
        deadline = time.monotonic() + 300  # importing aiogram is slow on a busy machine
        while time.monotonic() < deadline:
            with contextlib.suppress(aiohttp.ClientError):
                async with self.session.get(url) as response:
                    if any_status or response.status == 200:
                        return
            await asyncio.sleep(0.2)
        raise SystemExit(f"{what} did not come up at {url}")

    async def stop(self) -> None:
        if self.spy is not None:  # first, so that it writes its file
            self.spy.send_signal(signal.SIGINT)
            await self.spy.wait()
        processes = [p for t in self.targets for p in t.processes]
        if self.fake:
            processes.append(self.fake)
        for process in processes:  # SIGINT: the product shuts down cleanly (and cProfile
            with contextlib.suppress(ProcessLookupError):  # writes its file)
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()

    # -- load -----------------------------------------------------------------------------

    async def post(self, url: str, body: bytes) -> int:
        headers = {"Content-Type": "application/json", SECRET_HEADER: SECRET}
        try:
            async with self.session.post(url, data=body, headers=headers) as response:
                await response.read()
                return response.status
        except aiohttp.ClientError:
            return 0

    async def phase(self, target: Target, bodies: list[bytes]) -> Phase:
        """Post every update with ``--concurrency`` in flight."""
        result = Phase()
        pending = iter(enumerate(bodies))
        urls = target.urls

        async def worker() -> None:
            for number, body in pending:
                started = time.perf_counter()
                status = await self.post(urls[number % len(urls)], body)
                result.latencies.append(time.perf_counter() - started)
                result.statuses.append(status)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _n in range(self.args.concurrency)))
        result.elapsed = time.perf_counter() - started
        return result

    async def menus(self, target: Target, first: int, count: int) -> dict[int, dict[str, Any]]:
        """Wait until the product's sender delivered a menu to each of these chats."""
        deadline = time.monotonic() + 900
        url = f"{self.fake_url}/bench/keyboards?token={target.token}&first={first}" \
              f"&count={count}"
        while True:
            async with self.session.get(url) as response:
                found = await response.json()
            if len(found) >= count or time.monotonic() > deadline:
                return {int(chat): message for chat, message in found.items()}
            await asyncio.sleep(0.5)

    async def drained(self, target: Target) -> None:
        """Wait until the product's outbox is empty (its sender idle again)."""
        if target.health is None:
            return
        url = target.health.replace("/healthz", "/metrics")
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            async with self.session.get(url) as response:
                text = await response.text()
            pending = next((line.split()[1] for line in text.splitlines()
                            if line.startswith("carebot_outbox_pending ")), "0")
            if pending == "0":
                return
            await asyncio.sleep(0.5)

    async def round(self, target: Target, first: int, people: int) -> Phase:
        chats = range(first, first + people)
        total = await self.phase(target, [self.updates.message(c, "/start") for c in chats])
        if target.health is not None:
            menus = await self.menus(target, first, people)
        else:
            menus = {c: stand_in_menu(c) for c in chats}
        presses = [self.updates.press(c, menus[c], choice_of(menus[c]))
                   for c in chats if c in menus]
        total.add(await self.phase(target, presses))
        total.add(await self.phase(target, [self.updates.message(c, TEXT) for c in chats]))
        await self.drained(target)
        return total

    async def sustained(self, target: Target, first: int, menu: dict[str, Any]) -> Phase:
        rate, seconds = self.args.rate, self.args.seconds
        count = int(rate * seconds)
        window = max(1, int(rate))  # one second's worth of people side by side
        data = choice_of(menu)
        result = Phase()
        tasks: list[asyncio.Task[None]] = []

        def body(k: int) -> bytes:
            block, offset = divmod(k, 3 * window)
            kind, person = divmod(offset, window)
            chat = first + block * window + person
            if kind == 0:
                return self.updates.message(chat, "/start")
            if kind == 1:
                return self.updates.press(chat, {**menu, "chat": {
                    "id": chat, "type": "private", "first_name": "Nino"}}, data)
            return self.updates.message(chat, TEXT)

        async def one(k: int, due: float) -> None:
            status = await self.post(target.urls[k % len(target.urls)], body(k))
            result.latencies.append(time.perf_counter() - due)
            result.statuses.append(status)

        started = time.perf_counter()
        for k in range(count):
            due = started + k / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(k, due)))
        await asyncio.gather(*tasks)
        result.elapsed = time.perf_counter() - started
        return result

    async def stats(self, token: str) -> dict[str, int]:
        async with self.session.get(f"{self.fake_url}/bench/stats?token={token}") as response:
            found: dict[str, int] = await response.json()
            return found


def line(name: str, phase: Phase) -> str:
    count = len(phase.latencies)
    return (f"  {name:8} {count:6} updates  {count / phase.elapsed:7.0f} updates/s"
            f"  p50 {phase.percentile(0.5):6.1f} ms  p99 {phase.percentile(0.99):6.1f} ms"
            f"  non-200: {phase.failures}")


async def run(args: argparse.Namespace) -> None:
    task = asyncio.current_task()
    assert task is not None
    # Killed (a timeout, a CI limit): still stop the three processes on the way out.
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    with tempfile.TemporaryDirectory(prefix="carebot-webhook-") as folder:
        connector = aiohttp.TCPConnector(limit=max(256, args.concurrency * 2))
        async with aiohttp.ClientSession(connector=connector) as session:
            bench = Bench(args, folder)
            bench.session = session
            async with contextlib.AsyncExitStack() as stack:
                if args.db == "postgres":
                    bench.database_url = await stack.enter_async_context(
                        several.bench_database(args.database_url))
                try:
                    echo, product = await bench.start()
                    if args.rate:
                        await sustained(bench, echo, product)
                    else:
                        await throughput(bench, echo, product)
                finally:
                    await bench.stop()


async def throughput(bench: Bench, echo: Target, product: Target) -> None:
    args = bench.args
    people = max(1, args.updates // 3)
    totals = {echo.name: Phase(), product.name: Phase()}
    sending = [0, 0.0]  # the product's rounds: messages delivered, seconds
    for number in range(args.rounds):
        for index, target in enumerate((echo, product)):
            first = 10_000_000 + number * 1_000_000 + index * 500_000
            before, started = await bench.stats(product.token), time.perf_counter()
            phase = await bench.round(target, first, people)
            if target is product:
                sending[0] += (await bench.stats(product.token))["sends"] - before["sends"]
                sending[1] += time.perf_counter() - started
            totals[target.name].add(phase)
            print(f"round {number + 1}:" + line(target.name, phase)[1:], flush=True)
    workers = f", {args.workers} worker(s) on PostgreSQL" if args.db == "postgres" else ""
    print(f"all rounds ({args.rounds} x {people} people x 3 updates, {args.concurrency}"
          f" in flight{workers}):")
    for target in (echo, product):
        print(line(target.name, totals[target.name]))
    mine, base = totals[product.name], totals[echo.name]
    ratio = (len(mine.latencies) / mine.elapsed) / (len(base.latencies) / base.elapsed)
    print(f"  ratio product / echo: {ratio:.2f}x updates/s;"
          f" p50 {mine.percentile(0.5) / base.percentile(0.5):.2f}x,"
          f" p99 {mine.percentile(0.99) / base.percentile(0.99):.2f}x latency")
    sent = await bench.stats(product.token)
    print(f"  product's sender: {sent['sends']} messages delivered to the fake,"
          f" {sent['throttled']} answers 429")
    if args.db == "postgres":
        print(several.limiter_line(int(sending[0]), float(sending[1]), sent))


async def sustained(bench: Bench, echo: Target, product: Target) -> None:
    args = bench.args
    # One person first, to learn the real menu (its message and choice ids).
    warm = 9_000_000
    await bench.phase(product, [bench.updates.message(warm, "/start")])
    menu = (await bench.menus(product, warm, 1))[warm]
    await bench.drained(product)
    print(f"sustained: {args.rate:g} updates/s for {args.seconds:g} s, open-loop;"
          " latency from when each update was due")
    for index, target in enumerate((echo, product)):
        phase = await bench.sustained(target, 20_000_000 + index * 5_000_000, menu)
        achieved = len(phase.latencies) / phase.elapsed
        print(line(target.name, phase) + f"  (achieved {achieved:.0f}/s)", flush=True)
        if index == 0:
            await bench.drained(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=600,
                        help="updates per round and bot (a third as many people)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rate", type=float, default=0.0,
                        help="sustained mode: updates a second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--profile", metavar="FILE",
                        help="run the product under cProfile, written to FILE at the end")
    parser.add_argument("--py-spy", metavar="FILE",
                        help="sample the product with py-spy (pip install py-spy) into FILE:"
                             " .svg a flame graph, otherwise collapsed stacks")
    parser.add_argument("--native", action="store_true",
                        help="with --py-spy: C frames too (SQLite's commit, JSON's C code)")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite",
                        help="the product's database; postgres: see bench/workers.py")
    parser.add_argument("--workers", type=int, default=1,
                        help="with --db postgres: this many carebot run processes")
    parser.add_argument("--database-url", metavar="URL",
                        help="with --db postgres: the server to make the bench's database on")
    args = parser.parse_args()
    if args.workers != 1 and args.db != "postgres":
        parser.error("--workers needs --db postgres (SQLite serves one process)")
    for name in ("profile", "py_spy"):
        if getattr(args, name):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    print(f"$ python bench/webhook.py {' '.join(sys.argv[1:])}".rstrip(), flush=True)
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
