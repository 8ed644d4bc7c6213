"""One process of the race for the last free time (tests/bot/test_workers.py):

    python -m tests.bot.booking_racer DATABASE_URL NAME PEOPLE

Walks PEOPLE people (``NAME-0``...) through the real booking flow to the confirmation
screen of the one free time the profile has, prints ``ready``, waits for a line on
stdin, then sends every «Book it» at once and prints one JSON line: the first message
each person saw in answer.
"""

from __future__ import annotations

import asyncio
import json
import sys

from bot.config import Settings
from flows.profile import Profile, builtin_profile_path, load_profile
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import runtime_with, to_confirm


def one_free_time() -> Profile:
    """The demo profile with one consultant and one 50-minute time (on Wednesday)."""
    data = load_profile(builtin_profile_path("demo")).model_dump(mode="python")
    consultant = data["consultants"][0]
    centre = next(a["centre"] for a in consultant["availability"] if a["centre"])
    consultant["availability"] = [{"weekday": "wed", "hours": "08:00-08:50", "centre": centre}]
    data["consultants"] = [consultant]
    data["booking"] = {**data["booking"], "slot_minutes": 50, "buffer_minutes": 10,
                       "horizon_days": 7, "min_notice_hours": 12, "holidays": []}
    return Profile.model_validate(data)


async def race(url: str, name: str, count: int) -> None:
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    runtime = await runtime_with(settings, FakeClock(), one_free_time())
    try:
        people = [Person(runtime, external_id=f"{name}-{n}") for n in range(count)]
        for person in people:
            await to_confirm(person)
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        answers = await asyncio.gather(*(p.send(choice="book:yes") for p in people))
        print(json.dumps([a[0].text if a else "" for a in answers]), flush=True)
    finally:
        await runtime.close()


if __name__ == "__main__":
    asyncio.run(race(sys.argv[1], sys.argv[2], int(sys.argv[3])))
