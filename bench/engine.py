"""What one update costs in the engine on a real SQLite file, with small and large tables.

    python bench/engine.py [--people 0 1000 100000] [--walkers 200] [--concurrency 50]
                           [--repeat 1] [--plans]

For each ``--people`` value a fresh database is seeded (storage/seed.py) with that many
people (each with a session, two delivered messages and two handled deliveries), a
tenth as many open tickets and half as many bookings (past ones, one in seven
cancelled). Then ``--walkers`` new people each walk, through the real engine, catalogs
and file:

- a whole foster-carer enquiry (menu, consent, every question, name, phone, send);
- a consultation booking up to the confirmation screen (topic, who, in person, centre,
  day, time), and "Cancel" there;
- "Talk to a person" (a handoff ticket, its place in the queue).

With ``--repeat R`` each size is walked R times, sizes taking turns, and the fastest walk
counts (on a shared machine the others' load only ever adds time). It prints the
per-update cost (wall time / updates at ``--concurrency``, and p50/p95
of one ``Engine.handle``, commit included) for each size and its ratio to the first size,
and SQL statements per update. ``--plans`` prints SQLite's query plan of every distinct
statement the walk ran on the largest database (a SCAN of a big table is the thing to
look for).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.runtime import Runtime, build_runtime  # noqa: E402
from flows.messages import ChoiceId, Inbound, Rendered  # noqa: E402
from storage.outbox_codec import decode  # noqa: E402
from storage.repositories import Repos  # noqa: E402
from storage.seed import History, query_plan, seed_history  # noqa: E402

Send = Callable[..., Awaitable[Rendered]]


@dataclass
class Figures:
    people: int
    events: int
    elapsed: float
    latencies: list[float]
    statements: int
    seeded_in: float
    size: int

    @property
    def per_update_ms(self) -> float:
        return self.elapsed / self.events * 1000

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


async def last_prompt(runtime: Runtime, external_id: str) -> Rendered:
    async with runtime.db.transaction() as conn:
        repos = Repos(conn)
        rows = await repos.outbox.pending_for("bench", external_id)
        for row in rows:
            await repos.outbox.mark_sent(row.id, runtime.engine.clock(), None)
    prompt = decode(rows[-1].kind, rows[-1].payload)
    assert isinstance(prompt, Rendered)
    return prompt


def first(prompt: Rendered, prefix: str) -> str:
    return next(c.id.wire for c in prompt.choices if c.id.wire.startswith(prefix))


async def enquiry(runtime: Runtime, send: Send) -> None:
    await send(choice="menu:foster")
    await send(choice="learn:start")
    prompt = await send(choice="consent:yes")
    for _question in runtime.profile.screening.questions:
        ids = [c.id.wire for c in prompt.choices]
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


async def booking(send: Send, number: int) -> None:
    prompt = await send(choice="menu:book")
    prompt = await send(choice=first(prompt, "svc:"))
    prompt = await send(choice="whom:self")
    if any(c.id.wire == "mode:in_person" for c in prompt.choices):
        prompt = await send(choice="mode:in_person")
        prompt = await send(choice=first(prompt, "centre:"))
    else:
        prompt = await send(choice=first(prompt, "mode:"))
    days = [c.id.wire for c in prompt.choices if c.id.wire.startswith("day:")]
    if not days:
        return  # nothing free (a waiting list offer): the listing was the cost
    prompt = await send(choice=days[number % len(days)])
    times = [c.id.wire for c in prompt.choices if c.id.wire.startswith("time:")]
    prompt = await send(choice=times[number % len(times)])
    if prompt.ask_phone:
        prompt = await send(text="+995 555 12 34 56")
    await send(choice="book:stop")


async def one_person(runtime: Runtime, number: int, latencies: list[float]) -> None:
    external_id = f"bench-{number}"

    async def send(*, text: str | None = None, choice: str | None = None) -> Rendered:
        pressed = ChoiceId.parse(choice) if choice is not None else None
        event = Inbound("bench", external_id, uuid.uuid4().hex, language_hint="uk",
                        text=text, choice=pressed)
        started = time.perf_counter()
        await runtime.engine.handle(event)
        latencies.append(time.perf_counter() - started)
        return await last_prompt(runtime, external_id)

    await send(text="/start")
    await enquiry(runtime, send)
    await booking(send, number)
    await send(choice="nav:menu")
    await send(choice="menu:human")


def history_for(runtime: Runtime, people: int) -> History:
    profile = runtime.profile
    centre = profile.centres[0]
    return History(people=people, open_tickets=people // 10, bookings=people // 2,
                   consultants=[c.id for c in profile.consultants],
                   services=[s.id for s in profile.services], centre=centre.id,
                   timezone=centre.timezone, queues=[q.id for q in profile.queues])


async def seed(people: int, folder: str) -> float:
    """A fresh database of this size; returns the seconds seeding took."""
    runtime = await open_runtime(people, folder)
    try:
        started = time.perf_counter()
        async with runtime.db.transaction() as conn:
            await seed_history(conn, history_for(runtime, people), runtime.engine.clock())
        return time.perf_counter() - started
    finally:
        await runtime.close()


async def open_runtime(people: int, folder: str) -> Runtime:
    path = os.path.join(folder, f"bench-{people}.db")
    settings = Settings(_env_file=None,  # type: ignore[call-arg]
                        database_url=f"sqlite:///{path}")
    return await build_runtime(settings)


async def measure(people: int, args: argparse.Namespace, folder: str, first: int,
                  statements: list[str], seeded_in: float) -> Figures:
    """One walk of ``--walkers`` new people (numbered from ``first``) on this database."""
    runtime = await open_runtime(people, folder)
    try:
        latencies: list[float] = []
        gate = asyncio.Semaphore(args.concurrency)

        async def run(number: int) -> None:
            async with gate:
                await one_person(runtime, number, latencies)

        async with runtime.db.reading() as conn:
            await conn.set_trace_callback(statements.append)
        statements.clear()
        started = time.perf_counter()
        await asyncio.gather(*(run(first + n) for n in range(args.walkers)))
        elapsed = time.perf_counter() - started
        executed = len(statements)
        async with runtime.db.reading() as conn:
            # The background loops' queries too, for --plans: the sender's, the scheduler's.
            repos, now = Repos(conn), runtime.engine.clock()
            await repos.outbox.due("bench", now)
            await repos.jobs.due(now)
            await repos.tickets.breaching_sla(runtime.profile.queues[0].id, now)
            await repos.tickets.open_in_queue()
            await conn.set_trace_callback(None)
    finally:
        await runtime.close()
    size = await asyncio.to_thread(os.path.getsize, os.path.join(folder, f"bench-{people}.db"))
    return Figures(people, len(latencies), elapsed, latencies, executed, seeded_in, size)


def shape(statement: str) -> str:
    """The statement with its values taken out, to group the executed ones."""
    text = re.sub(r"'(?:[^']|'')*'", "?", statement)
    text = re.sub(r"\b\d+(\.\d+)?\b", "?", text)
    return re.sub(r"\s+", " ", text).strip()


async def print_plans(statements: list[str], path: str) -> None:
    from storage.db import Database

    db = await Database.open(path, migrate=False)
    seen: dict[str, str] = {}
    for statement in statements:
        head = statement.lstrip().split(None, 1)[0].upper()
        if head in ("SELECT", "INSERT", "UPDATE", "DELETE") and shape(statement) not in seen:
            seen[shape(statement)] = statement
    try:
        print(f"query plans on the largest database ({len(seen)} distinct statements):")
        async with db.reading() as conn:
            for text, statement in sorted(seen.items()):
                plan = await query_plan(conn, statement, ())
                temporary = {p.split()[1] for p in plan if p.startswith("MATERIALIZE")}
                scans = [p for p in plan if p.startswith("SCAN")
                         and p.split()[1] not in temporary and "CONSTANT" not in p]
                mark = "!!" if scans else "  "
                print(f"{mark} {text[:150]}")
                for line in plan:
                    print(f"       {line}")
    finally:
        await db.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[0],
                        help="seeded people (several sizes: compared with the first)")
    parser.add_argument("--walkers", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=1,
                        help="walks per size, sizes taking turns; the best one counts")
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args()
    print(f"$ python bench/engine.py {' '.join(sys.argv[1:])}".rstrip())
    with tempfile.TemporaryDirectory(prefix="carebot-bench-") as folder:
        seeded = {people: await seed(people, folder) for people in args.people}
        best: dict[int, Figures] = {}
        statements: list[str] = []
        for repeat in range(args.repeat):  # sizes in turn, so a busy moment hits them all
            for people in args.people:
                figures = await measure(people, args, folder, repeat * args.walkers,
                                        statements, seeded[people])
                print(f"  walk {repeat + 1}, {people} people: {figures.per_update_ms:.2f} ms"
                      " per update", flush=True)
                if people not in best or figures.per_update_ms < best[people].per_update_ms:
                    best[people] = figures
        base = best[args.people[0]]
        print(f"best of {args.repeat} walk(s) of {args.walkers} walkers,"
              f" {args.concurrency} at a time:")
        for people in args.people:
            figures = best[people]
            print(f"{people} people seeded ({people // 10} open tickets, {people // 2}"
                  f" bookings) in {figures.seeded_in:.1f} s: {figures.events} updates in"
                  f" {figures.elapsed:.2f} s")
            print(f"  per update          {figures.per_update_ms:.2f} ms"
                  f" ({figures.events / figures.elapsed:.0f} updates/s);"
                  f" x{figures.per_update_ms / base.per_update_ms:.2f} of {base.people}"
                  " people")
            print(f"  handle p50 / p95    {figures.percentile(0.5):.1f} ms /"
                  f" {figures.percentile(0.95):.1f} ms (commit included)")
            print(f"  SQL per update      {figures.statements / figures.events:.1f}"
                  " statements (walk's own outbox reads included)")
            print(f"  database file       {figures.size / 1024 / 1024:.1f} MiB")
        if args.plans:
            largest = max(args.people)
            await print_plans(statements, os.path.join(folder, f"bench-{largest}.db"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    asyncio.run(main())
