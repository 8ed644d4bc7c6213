"""Several ``carebot run`` processes on one PostgreSQL database, and Telegram in front of
them: the fake Bot API (tests/fakes/telegram_api.py) for what they send, and
:class:`WebhookSender`, which posts each update to one of the workers as Telegram's
webhook delivery does (behind one https endpoint), and posts it again - to another
worker - until one answers 200."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import signal
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from bot.telegram.channel import SECRET_HEADER, WEBHOOK_PATH
from tests.bot.telegram.conftest import TOKEN
from tests.bot.telegram.test_polling_e2e import carebot_command, free_port
from tests.fakes.telegram_api import FakeTelegram

SECRET = "workers-test-secret"


# Workers run this much "nicer" than the test, whose process holds the fake Bot API.
WORKER_NICENESS = 5


def behind_the_fake() -> None:
    """In a worker's process, before it starts: a lower CPU priority than the test's. On
    a busy machine the fake Bot API is then not the one kept waiting (calls that reach it
    meanwhile would all count as arriving when it gets the CPU back), and a worker kept
    waiting is what the shared limiter is made for: a call woken late takes a new slot."""
    os.nice(WORKER_NICENESS)


@contextmanager
def no_long_pauses() -> Iterator[None]:
    """The fake Bot API counts Telegram's limits by when calls reach it, in the test's
    own process: one full garbage collection over everything pytest has loaded pauses it
    for half a second, and the calls that came meanwhile would all count as arriving at
    once (17 in 20 ms, "over the limit"). What is alive now is left out of collections
    (``gc.freeze``), so they only go over what the test makes and stay short."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass
class Worker:
    name: str
    process: asyncio.subprocess.Process
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when a machine dies."""
        if self.alive:
            self.process.send_signal(signal.SIGKILL)

    async def health(self, session: aiohttp.ClientSession) -> dict[str, Any] | None:
        try:
            async with session.get(self.url + "/healthz",
                                   timeout=aiohttp.ClientTimeout(total=5)) as response:
                return dict(await response.json()) | {"http": response.status}
        except (aiohttp.ClientError, TimeoutError, json.JSONDecodeError):
            return None


def worker_env(fake: FakeTelegram, database_url: str, port: int, *, webhook: bool
               ) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith(("TELEGRAM_", "VIBER_", "WEBHOOK_", "HTTP_", "STAFF_",
                                    "DATABASE_", "CAREBOT_"))}
    env = {**clean, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": fake.base_url,
           "DATABASE_URL": database_url, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": str(port),
           "LOG_LEVEL": "INFO"}
    if webhook:
        env |= {"WEBHOOK_BASE_URL": "https://carebot.example.org", "WEBHOOK_SECRET": SECRET}
    return env


@asynccontextmanager
async def workers(count: int, fake: FakeTelegram, database_url: str, folder: Path, *,
                  webhook: bool = True) -> AsyncIterator[list[Worker]]:
    """``count`` workers, each with its own port, started and serving; stopped (or
    killed) afterwards."""
    started: list[Worker] = []
    try:
        for n in range(count):
            port = free_port()
            log_path = folder / f"worker-{n}.log"
            with log_path.open("wb") as log:
                process = await asyncio.create_subprocess_exec(
                    *carebot_command(), "run", cwd=folder,
                    env=worker_env(fake, database_url, port, webhook=webhook),
                    stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
                    preexec_fn=behind_the_fake)
            started.append(Worker(f"worker-{n}", process, port, log_path))
        async with aiohttp.ClientSession() as session:
            for worker in started:
                await until_serving(worker, session)
        yield started
    finally:
        for worker in started:
            if worker.alive:
                worker.process.send_signal(signal.SIGTERM)
        for worker in started:
            try:
                await asyncio.wait_for(worker.process.wait(), 30)
            except TimeoutError:
                worker.kill()
                await worker.process.wait()


async def until_serving(worker: Worker, session: aiohttp.ClientSession,
                        within: float = 180) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while asyncio.get_running_loop().time() < deadline:
        assert worker.alive, worker.log()
        report = await worker.health(session)
        if report is not None and report["http"] == 200:
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"{worker.name} did not start serving:\n{worker.log()}")


@dataclass
class Posted:
    update_id: int
    attempts: int
    worker: str  # the one that answered 200


class WebhookSender:
    """Telegram's side of the webhook: each update to a worker picked at random (as a
    load balancer would), again to another one after a failure or a 5xx."""

    def __init__(self, workers: Iterable[Worker], session: aiohttp.ClientSession,
                 seed: int = 16) -> None:
        self.workers = list(workers)
        self.session = session
        self.random = random.Random(seed)
        self.answers: dict[int, int] = {}  # HTTP status -> how many

    async def post(self, update: dict[str, Any], deadline: float = 120) -> Posted:
        loop = asyncio.get_running_loop()
        give_up = loop.time() + deadline
        attempts = 0
        while True:
            alive = [w for w in self.workers if w.alive]
            assert alive, "no worker left"
            worker = self.random.choice(alive)
            attempts += 1
            try:
                async with self.session.post(
                    worker.url + WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET},
                    timeout=aiohttp.ClientTimeout(total=30),
                ) as response:
                    await response.read()
                    self.answers[response.status] = self.answers.get(response.status, 0) + 1
                    if response.status == 200:
                        return Posted(int(update["update_id"]), attempts, worker.name)
            except (aiohttp.ClientError, TimeoutError):
                pass  # the worker died under it, or was not there: Telegram tries again
            assert loop.time() < give_up, f"update {update['update_id']} never taken"
            await asyncio.sleep(0.2)
