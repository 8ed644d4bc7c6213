"""``bench/webhook.py --workers N --db postgres``: the product as N ``carebot run`` webhook
processes on one PostgreSQL database, as a national service runs it.

    python bench/webhook.py --db postgres --workers 4 [--database-url postgresql://...]

The database: a fresh one (``carebot_bench_<pid>``, migrated once with ``carebot
migrate``, dropped at the end) on the server of ``--database-url``, else of
``CAREBOT_TEST_DATABASE_URL`` (what ``.ci/postgres start`` prints), else on a throw-away
cluster that ``.ci/postgres`` starts and stops. Each worker listens on a port of its own;
the load generator spreads the updates over them round-robin (what one https endpoint
with a load balancer in front of them does). The bare aiogram echo stays one process: the
reference.

With ``--db postgres`` the Bot API fake enforces all of Telegram's limits (30 sends a
second overall, a private chat's burst of 3 then one a second, a group's 20 a minute)
and the report says what the workers' shared limiter let through: sends a second
while the outbox drained, the busiest second, and how many answers were 429.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent

Spawn = Callable[..., Coroutine[Any, Any, asyncio.subprocess.Process]]


@dataclass(frozen=True)
class Worker:
    url: str  # its webhook
    health: str
    process: asyncio.subprocess.Process


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _admin(server: str, statement: str) -> None:
    import psycopg  # the "postgres" extra; only this mode needs it

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(statement)


def _cluster(command: str, *args: str) -> str:
    done = subprocess.run([str(ROOT / ".ci" / "postgres"), command, *args], check=True,
                          capture_output=True, text=True)
    return done.stdout


@asynccontextmanager
async def bench_database(server: str | None) -> AsyncIterator[str]:
    """The URL of a fresh, migrated PostgreSQL database; dropped (with its throw-away
    cluster, if one was started) afterwards."""
    cluster = None
    if server is None:
        server = os.environ.get("CAREBOT_TEST_DATABASE_URL")
    if server is None:
        started = dict(line.split("=", 1) for line in _cluster("start").splitlines()
                       if "=" in line)
        server, cluster = started["CAREBOT_TEST_DATABASE_URL"], started["CAREBOT_PG_DIR"]
    name = f"carebot_bench_{os.getpid()}"
    try:
        _admin(server, f"DROP DATABASE IF EXISTS {name}")
        _admin(server, f"CREATE DATABASE {name}")
        url = with_database(server, name)
        migrate = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "migrate", cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)},
            stdout=asyncio.subprocess.DEVNULL)
        if await migrate.wait() != 0:
            raise SystemExit("carebot migrate failed on the bench database")
        yield url
    finally:
        with contextlib.suppress(Exception):
            _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if cluster is not None:
            _cluster("stop", cluster)


async def start_workers(spawn: Spawn, count: int, env: dict[str, str], folder: str,
                        free_port: Callable[[], int], path: str) -> list[Worker]:
    """``count`` webhook workers with ``env`` (the product's, DATABASE_URL on PostgreSQL),
    each on a port of its own."""
    workers = []
    for number in range(count):
        port = free_port()
        own = Path(folder) / f"worker-{number}"
        own.mkdir(exist_ok=True)  # no .env from the source tree
        process = await spawn(sys.executable, "-m", "bot", "run",
                              env={**env, "HTTP_PORT": str(port)}, cwd=str(own))
        workers.append(Worker(f"http://127.0.0.1:{port}{path}",
                              f"http://127.0.0.1:{port}/healthz", process))
    return workers


def limiter_line(sends: int, seconds: float, stats: dict[str, Any]) -> str:
    """What the shared limiter let through: ``sends`` in the product's rounds, which
    took ``seconds`` from the first update to the empty outbox; the fake's busiest second
    and its 429s over the whole run."""
    rate = sends / seconds if seconds > 0 else 0.0
    return (f"  shared limiter: {sends} messages in {seconds:.1f} s of the product's rounds"
            f" ({rate:.1f}/s), busiest second at the fake {stats.get('busiest', 0)},"
            f" {stats['throttled']} answers 429")
