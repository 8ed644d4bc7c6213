"""Per-chat pacing as a person sees it, on a clock whose waits are skipped: an answer's
messages arrive together, a flood to one chat is paced to Telegram's limits, and the
staff group keeps to 20 a minute. The fake answers 429 beyond any of Telegram's limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from itertools import pairwise
from pathlib import Path

import pytest

from tests.bot.telegram.rig import Rig, text_message
from tests.fakes.telegram_api import FakeTelegram


@pytest.fixture
async def rig(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Rig]:
    fake.enforce_limits()
    built = await Rig(fake, tmp_path / "outbox.db").open()
    try:
        yield built
    finally:
        if built.db is not None:
            await built.stop()


def arrivals(fake: FakeTelegram, chat_id: int) -> list[float]:
    return [c.at for c in fake.sends(chat_id)]


async def test_the_person_gets_both_messages_of_an_answer_at_once(
    fake: FakeTelegram, rig: Rig
) -> None:
    rig.start()
    olena = fake.person(5101, language_code="uk", first_name="Olena")
    await rig.queue(5101, "Thank you, we have your request.",
                    text_message("What would you like to do next?", ("nav:menu", "Main menu")))
    seen = await olena.replies(2)
    assert [message.text for message in seen] == [
        "Thank you, we have your request.", "What would you like to do next?"]
    first, second = arrivals(fake, 5101)
    assert second - first < 0.5, "no visible pause inside one answer"

    # Her next answer, a moment later, comes at once too: the chat's budget refills.
    await rig.settle(3.0)
    await rig.queue(5101, "Here is the address.", "See you on Wednesday!")
    await olena.replies(2)
    third, fourth = arrivals(fake, 5101)[2:]
    assert fourth - third < 0.5
    assert fake.throttled() == []


async def test_a_flood_to_one_chat_is_paced_after_a_short_burst(
    fake: FakeTelegram, rig: Rig
) -> None:
    texts = [f"update {number}" for number in range(1, 9)]
    await rig.queue(5201, *texts)
    rig.start()
    await rig.delivered({5201: texts})
    assert rig.received(5201) == texts
    times = arrivals(fake, 5201)
    assert times[2] - times[0] < 0.5, "the first three go together"
    assert all(later - earlier >= 0.999 for earlier, later in pairwise(times[2:])), (
        "then one a second")
    assert fake.throttled() == []


async def test_other_chats_are_not_held_up_by_one_chats_flood(
    fake: FakeTelegram, rig: Rig
) -> None:
    await rig.queue(5301, *[f"broadcast {number}" for number in range(1, 11)])
    rig.start()
    await fake.wait_until(lambda: len(fake.sends(5301)) >= 4, 10, "the flood under way")
    await rig.queue(5302, "Your booking is confirmed.", "We look forward to seeing you.")
    sent_at = fake.clock()
    await rig.delivered({5302: ["Your booking is confirmed.",
                                "We look forward to seeing you."]})
    assert all(t - sent_at < 0.5 for t in arrivals(fake, 5302))
    assert len(fake.sends(5301)) < 10, "the flood is still being paced meanwhile"
    assert fake.throttled() == []


async def test_the_staff_group_gets_at_most_20_messages_a_minute(
    fake: FakeTelegram, rig: Rig
) -> None:
    staff_group = -1009876543210
    texts = [f"ticket {number}" for number in range(1, 25)]
    await rig.queue(staff_group, *texts)
    rig.start()
    await rig.delivered({staff_group: texts}, within=30)
    times = arrivals(fake, staff_group)
    assert times[20] - times[0] >= 60.0, "the 21st waits for the next minute"
    busiest = max(sum(1 for t in times if start <= t < start + 60.0) for start in times)
    assert busiest <= 20
    assert rig.received(staff_group) == texts
    assert fake.throttled() == []
