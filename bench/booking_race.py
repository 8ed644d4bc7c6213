"""Contention: many people press «Book it» for the same few free times at the same moment.

    python bench/booking_race.py [--people 500] [--engines 3]

The demo profile is cut down to one consultant with exactly 10 free times in the next
week (Wednesday 08:00-18:00 at one centre, 50-minute slots and a 10-minute buffer). Each
person walks the real booking flow through the engine to the confirmation screen, person
n choosing time n % 10; then every «Book it» is sent at once, through ``--engines``
engines with their own connections to one SQLite file (like several processes would).

Prints how many bookings were made and how many people got the kind "just taken" answer;
exits with 1 unless that is exactly 10 and people - 10, with one booking per time.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from flows.messages import Rendered  # noqa: E402
from flows.profile import Profile, builtin_profile_path, load_profile  # noqa: E402
from tests.conftest import FakeClock, Person  # noqa: E402
from tests.flows.booking_kit import ids_with, rows, runtime_with, to_confirm  # noqa: E402

FREE = 10
JUST_TAKEN = "I'm so sorry: somebody else booked"
BOOKED = "Done!"


def ten_free_times() -> Profile:
    profile = load_profile(builtin_profile_path("demo"))
    data = profile.model_dump(mode="python")
    consultant = data["consultants"][0]
    centre = next(a["centre"] for a in consultant["availability"] if a["centre"])
    consultant["availability"] = [{"weekday": "wed", "hours": "08:00-18:00", "centre": centre}]
    data["consultants"] = [consultant]
    data["booking"] = {**data["booking"], "slot_minutes": 50, "buffer_minutes": 10,
                       "horizon_days": 7, "min_notice_hours": 12, "holidays": []}
    return Profile.model_validate(data)


async def race(people_count: int, engines: int, folder: str) -> int:
    settings = Settings(_env_file=None,  # type: ignore[call-arg]
                        database_url=f"sqlite:///{folder}/race.db")
    clock = FakeClock()  # Monday 2026-11-23 09:00 UTC
    profile = ten_free_times()
    runtimes: list[Runtime] = [await runtime_with(settings, clock, profile)
                               for _n in range(engines)]
    try:
        people = [Person(runtimes[n % engines], external_id=f"racer-{n}")
                  for n in range(people_count)]
        started = time.perf_counter()
        gate = asyncio.Semaphore(50)

        async def walk(n: int, person: Person) -> Rendered:
            async with gate:
                return await to_confirm(person, time=n % FREE)

        await asyncio.gather(*(walk(n, p) for n, p in enumerate(people)))
        walked = time.perf_counter() - started
        offered = ids_with(people[0].seen[-2], "time:")
        chosen = [ids_with(p.seen[-2], "time:")[n % FREE] for n, p in enumerate(people)]
        print(f"{people_count} people at the confirmation screen in {walked:.1f} s;"
              f" free times offered: {len(offered)}, chosen: {len(set(chosen))}")

        started = time.perf_counter()
        answers = await asyncio.gather(*(p.send(choice="book:yes") for p in people))
        raced = time.perf_counter() - started

        firsts = [a[0].text if a else "" for a in answers]
        booked = sum(1 for text in firsts if text.startswith(BOOKED))
        taken = sum(1 for text in firsts if text.startswith(JUST_TAKEN))
        other = people_count - booked - taken
        stored = await rows(runtimes[0], "bookings", "WHERE status = 'booked'")
        per_time = Counter((b["consultant"], b["starts_at"]) for b in stored)
        print(f"{people_count} simultaneous «Book it» through {engines} engine(s) in"
              f" {raced:.2f} s:")
        print(f"  bookings made            {len(stored)} (answers «Done!»: {booked})")
        print(f"  kind «just taken»        {taken}")
        print(f"  any other answer         {other}")
        print(f"  most bookings per time   {max(per_time.values(), default=0)}")
        expected = min(FREE, people_count)
        good = (len(stored) == booked == expected and taken == people_count - expected
                and other == 0 and all(n == 1 for n in per_time.values()))
        print("result: OK" if good else f"result: FAILED (want {expected} bookings and"
              f" {people_count - expected} «just taken»)")
        return 0 if good else 1
    finally:
        for runtime in runtimes:
            await runtime.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--engines", type=int, default=3,
                        help="engines, each with its own connection to the one file")
    args = parser.parse_args()
    print(f"$ python bench/booking_race.py {' '.join(sys.argv[1:])}".rstrip())
    with tempfile.TemporaryDirectory(prefix="carebot-race-") as folder:
        return asyncio.run(race(args.people, args.engines, folder))


if __name__ == "__main__":
    sys.exit(main())
