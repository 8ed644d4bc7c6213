"""Many people asking for a person at once, with the group's budget short: urgent tickets
go first, a new ticket's card carries the person's first words, and what one person
wrote meanwhile reaches their topic as one post."""

from __future__ import annotations

import asyncio

from tests.bot.desk.conftest import STAFF_CHAT, Rig
from tests.fakes.telegram_api import FakePerson


def created_order(rig: Rig) -> list[str]:
    return [str(c.params.get("name")) for c in rig.fake.calls_to("createForumTopic", ok=True)]


async def hold_the_desk(rig: Rig) -> None:
    """Telegram refuses the desk's next topic for a few seconds: jobs pile up behind it."""
    rig.fake.fail("createForumTopic", status=429, retry_after=5, times=1)


async def test_an_urgent_ticket_jumps_the_queue_of_the_staff_group(rig: Rig) -> None:
    await hold_the_desk(rig)
    people = [rig.fake.person(380501120000 + n, language_code="uk") for n in range(6)]
    for person in people:
        await rig.tg(person.send("/human"))
    worried = rig.fake.person(380501120099, language_code="uk")
    await rig.tg(worried.send("Вітчим б'є мене кожен день"))
    alarm = await rig.ticket_of("telegram", str(worried.chat_id))
    await rig.topic(alarm.id)
    await rig.idle()

    order = created_order(rig)
    assert len(order) == 7
    assert order[0].startswith(f"⚠ #{alarm.id} "), order  # before everyone who waited


async def test_in_a_surge_each_ticket_takes_fewer_posts_and_nothing_is_lost(rig: Rig) -> None:
    await hold_the_desk(rig)
    people: list[FakePerson] = [rig.fake.person(380501130000 + n, language_code="uk")
                                for n in range(12)]
    for number, person in enumerate(people):
        await rig.tg(person.send("/human"))
        await rig.tg(person.send(f"Добрий день [{number}a]"))
        await rig.tg(person.send(f"Мені потрібна порада [{number}b]"))
    tickets = [await rig.ticket_of("telegram", str(p.chat_id)) for p in people]
    threads = await asyncio.gather(*(rig.topic(t.id) for t in tickets))  # pinned, in the end
    await rig.idle()

    for number, thread in enumerate(threads):
        seen = "\n".join(rig.in_topic(thread))
        assert f"💬 Добрий день [{number}a]" in seen
        assert f"💬 Мені потрібна порада [{number}b]" in seen
        assert seen.count(f"[{number}a]") == 1 and seen.count(f"[{number}b]") == 1
    posts = [c for c in rig.fake.calls_to("sendMessage", ok=True)
             if c.params.get("chat_id") == STAFF_CHAT]
    # Without a surge: a card and two messages each. With one, the first waiting ones
    # share their card or one post.
    assert len(posts) < 3 * len(people)
    assert all(rig.card(thread) for thread in threads)
