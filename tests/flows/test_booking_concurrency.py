"""Many people pressing «Book it» for the same few times at the same moment, through
several engines, each with its own connection to the same SQLite file: exactly one
booking per time, and everybody else hears that it was just taken, with other times."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from bot.config import Settings
from bot.runtime import build_runtime
from flows.booking.slots import Slot
from flows.messages import Rendered
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import ids, ids_with, rows, to_confirm

PEOPLE = 240
ENGINES = 3
CONTESTED = 4  # the first four times of the first day


async def test_hundreds_of_simultaneous_attempts_give_one_booking_per_slot(
    settings: Settings, clock: FakeClock
) -> None:
    runtimes = [await build_runtime(settings, clock=clock) for _engine in range(ENGINES)]
    try:
        people = [Person(runtimes[n % ENGINES], external_id=f"person-{n}")
                  for n in range(PEOPLE)]
        confirms = await asyncio.gather(
            *(to_confirm(p, time=n % CONTESTED) for n, p in enumerate(people)))
        assert all(ids(c) == ["book:yes", "book:time", "book:stop"] for c in confirms)
        chosen = [ids_with(p.seen[-2], "time:")[n % CONTESTED] for n, p in enumerate(people)]
        assert len(set(chosen)) == CONTESTED

        answers: list[list[Rendered]] = await asyncio.gather(
            *(p.send(choice="book:yes") for p in people))

        bookings = await rows(runtimes[0], "bookings")
        assert len(bookings) == CONTESTED
        assert all(b["status"] == "booked" for b in bookings)
        assert len({(b["consultant"], b["starts_at"]) for b in bookings}) == CONTESTED
        winners = [n for n, a in enumerate(answers) if a[0].text.startswith("Done!")]
        losers = [n for n, a in enumerate(answers) if n not in winners]
        assert len(winners) == CONTESTED
        assert Counter(chosen[n] for n in winners) == Counter(set(chosen)), "one per slot"
        for n in losers:
            sorry, alternatives = answers[n]
            assert sorry.text.startswith("I'm so sorry: somebody else booked"), sorry.text
            offered = ids_with(alternatives, "time:")
            assert offered and chosen[n] not in offered
        assert len(await rows(runtimes[0], "tickets")) == CONTESTED
        reminders = len(runtimes[0].profile.booking.reminder_hours)
        assert len(await rows(runtimes[0], "jobs")) == CONTESTED * reminders
    finally:
        for runtime in runtimes:
            await runtime.close()


async def test_the_unique_index_is_the_last_guard(
    settings: Settings, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even if the re-check inside the transaction missed a booking, the partial unique
    index refuses the second one, and the person hears the kind «just taken» answer."""
    from flows.booking import confirm
    from flows.booking.common import centre, mode, service
    from flows.booking.slots import free_slots
    from flows.framework import Context

    async def blind(ctx: Context) -> list[Slot]:  # sees no bookings at all
        found, how = service(ctx), mode(ctx)
        assert found is not None and how is not None
        return free_slots(ctx.profile, service=found.id, mode=how,
                          centre=centre(ctx), language=ctx.locale, now=ctx.now)

    runtime = await build_runtime(settings, clock=clock)
    try:
        first, second = Person(runtime, "first"), Person(runtime, "second")
        await to_confirm(first)
        await to_confirm(second)
        monkeypatch.setattr(confirm, "free_for_draft", blind)
        (done, _menu) = await first.send(choice="book:yes")
        sorry, _alternatives = await second.send(choice="book:yes")
        assert done.text.startswith("Done!")
        assert sorry.text.startswith("I'm so sorry: somebody else booked")
        assert len(await rows(runtime, "bookings")) == 1
    finally:
        await runtime.close()
