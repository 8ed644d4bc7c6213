"""How fast the engine handles conversations on a real SQLite file, and with what memory.

    python bench/engine.py [--people 200] [--concurrency 50]

Each simulated person opens the menu, agrees to the pre-screening, answers every
question, gives a name and phone and sends the enquiry: the path the transcript tests
walk, through the real engine, catalogs and SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from flows.messages import Inbound, Rendered
from storage.repositories import Repos


async def last_prompt(runtime: Runtime, external_id: str) -> Rendered:
    async with runtime.db.transaction() as conn:
        repos = Repos(conn)
        rows = await repos.outbox.pending_for("bench", external_id)
        for row in rows:
            await repos.outbox.mark_sent(row.id, runtime.engine.clock(), None)
    return Rendered.from_json(rows[-1].payload)


async def one_person(runtime: Runtime, number: int, latencies: list[float]) -> int:
    external_id = f"bench-{number}"

    async def send(*, text: str | None = None, choice: str | None = None) -> Rendered:
        event = Inbound("bench", external_id, uuid.uuid4().hex, language_hint="uk",
                        text=text, choice=choice)
        started = time.perf_counter()
        await runtime.engine.handle(event)
        latencies.append(time.perf_counter() - started)
        return await last_prompt(runtime, external_id)

    await send(text="/start")
    await send(choice="menu:foster")
    await send(choice="learn:start")
    prompt = await send(choice="consent:yes")
    for _question in runtime.profile.screening.questions:
        ids = [c.id for c in prompt.choices]
        options = [i for i in ids if i.startswith("a:")]
        toggles = [i for i in ids if i.startswith("t:")]
        if "a:yes" in ids:
            prompt = await send(choice="a:yes")
        elif options:
            prompt = await send(choice=options[0])
        elif toggles:
            await send(choice=toggles[0])
            prompt = await send(choice="q:done")
        else:
            prompt = await send(text="Я, 41; чоловік, 43; син, 12")
    await send(text="Олена")
    await send(text="+995 555 12 34 56")
    await send(choice="s:send")
    return len(latencies)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(_env_file=None,  # type: ignore[call-arg]
                            database_url=f"sqlite:///{folder}/bench.db")
        runtime = await build_runtime(settings)
        latencies: list[float] = []
        gate = asyncio.Semaphore(args.concurrency)

        async def run(number: int) -> int:
            async with gate:
                return await one_person(runtime, number, latencies)

        started = time.perf_counter()
        await asyncio.gather(*(run(n) for n in range(args.people)))
        elapsed = time.perf_counter() - started
        size = await asyncio.to_thread(os.path.getsize, os.path.join(folder, "bench.db"))
        await runtime.close()
    events = len(latencies)
    ordered = sorted(latencies)
    print(f"{args.people} people each sending a whole foster-carer enquiry,"
          f" {args.concurrency} at a time: {events} events in {elapsed:.2f} s")
    print(f"  throughput          {events / elapsed:.0f} events/s")
    print(f"  latency p50 / p95   {statistics.median(ordered) * 1000:.1f} ms /"
          f" {ordered[int(len(ordered) * 0.95)] * 1000:.1f} ms (commit included)")
    print(f"  database file       {size / 1024:.0f} KiB")
    print(f"  peak RSS            {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
          " MiB")


if __name__ == "__main__":
    asyncio.run(main())
