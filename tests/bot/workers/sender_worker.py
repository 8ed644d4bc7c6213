"""One sender worker process, for the multi-worker tests (tests/bot/workers/):

    python -m tests.bot.workers.sender_worker DATABASE_URL BOT_API_BASE LEASE_SECONDS

It delivers the outbox of a PostgreSQL database to the fake Bot API with the real Sender,
TelegramTransport and the shared limiter, as ``carebot run`` does, until SIGTERM (or
SIGKILL, which the tests use to kill it in the middle). It prints ``ready`` once started.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import timedelta

from bot.kit.shared_pacer import close_pacers, shared_pacers
from bot.sender import Sender
from bot.telegram.channel import make_bot
from bot.telegram.transport import TelegramTransport
from storage.pg_database import PostgresDatabase

TOKEN = "123:ABC"


async def work(url: str, api: str, lease: float) -> None:
    db = await PostgresDatabase.open_url(url, migrate=False)
    transport = TelegramTransport(make_bot(TOKEN, api), db)
    pacers = await shared_pacers(db, [transport])
    sender = Sender(db, [transport], pacers=pacers, lease=timedelta(seconds=lease))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print("ready", flush=True)
    try:
        await sender.run(stop)
    finally:
        await transport.close()
        await transport.bot.session.close()
        await close_pacers(pacers)
        await db.close()


if __name__ == "__main__":
    asyncio.run(work(sys.argv[1], sys.argv[2], float(sys.argv[3])))
