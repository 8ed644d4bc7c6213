"""Many conversations at once, on both messengers: nobody ever reads another's messages.

Thirty people (half on Telegram, half on Viber) ask for a person and write at the same
time; three staff members answer in every topic at the same time. Every message carries
a mark naming the person it belongs to, and each topic and each person's chat must hold
their own marks only.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from tests.bot.desk.conftest import STAFF_CHAT, Rig
from tests.fakes import viber_api as v
from tests.fakes.telegram_api import FakePerson

PEOPLE = 30
MARK = re.compile(r"<P\d\d>")


def mark(number: int) -> str:
    return f"<P{number:02d}>"


async def test_thirty_concurrent_conversations_never_cross(rig: Rig) -> None:
    staff = [await rig.add_staff(7100 + n, f"Agent {n}") for n in range(3)]
    telegram: dict[int, FakePerson] = {}
    viber: dict[int, dict[str, Any]] = {}
    for number in range(PEOPLE):
        if number % 2 == 0:
            telegram[number] = rig.fake.person(380_600_000_000 + number,
                                               language_code=("uk", "ka", "pl")[number % 3])
        else:
            viber[number] = v.user(f"Viber{number:02d}xxxxxxxxxxxxxx==",
                                   language=("lt", "pl", "uk")[number % 3])

    async def ask(number: int) -> int:
        if number in telegram:
            person = telegram[number]
            lang = person.language_code or "en"
            ticket = await rig.telegram_person_asks(person, lang)
            await rig.tg(person.send(f"{mark(number)} hello from Telegram"))
        else:
            ticket = await rig.viber_person_asks(viber[number])
            await rig.vb(v.message(viber[number], v.text(f"{mark(number)} hello from Viber")))
        return ticket.id

    tickets = await asyncio.gather(*(ask(n) for n in range(PEOPLE)))
    assert len(set(tickets)) == PEOPLE
    threads = await asyncio.gather(*(rig.topic(t) for t in tickets))
    assert len(set(threads)) == PEOPLE
    for number, thread in enumerate(threads):
        await rig.until(lambda t=thread, n=number: f"💬 {mark(n)} hello from " in " ".join(
            rig.in_topic(t)), f"person {number}'s words in their topic")

    # Staff answer every topic at once, each answer marked for its person.
    await asyncio.gather(*(
        rig.says(staff[number % 3], thread, f"{mark(number)} answer from staff")
        for number, thread in enumerate(threads)
    ))

    for number in telegram:
        person = telegram[number]
        await rig.until(lambda p=person, n=number: any(
            m.body == f"{mark(n)} answer from staff" for m in p.messages),
            f"the answer to Telegram person {number}")
    for number, who in viber.items():
        await rig.until(lambda w=who, n=number: any(
            b.get("text") == f"{mark(n)} answer from staff" for b in rig.viber.sent_to(w["id"])),
            f"the answer to Viber person {number}")
    await rig.idle()

    # Nobody ever saw a mark that is not theirs: not in a chat, not in a topic.
    for number, person in telegram.items():
        seen = {m for message in person.messages for m in MARK.findall(message.body)}
        assert seen == {mark(number)}, (number, seen)
    for number, who in viber.items():
        seen = {m for body in rig.viber.sent_to(who["id"])
                for m in MARK.findall(str(body.get("text", "")))}
        assert seen == {mark(number)}, (number, seen)
    for number, thread in enumerate(threads):
        seen = {m for body in rig.in_topic(thread) for m in MARK.findall(body)}
        assert seen == {mark(number)}, (number, seen)
    assert not any(MARK.search(body) for body in rig.general())

    # Each ticket was claimed by the staff member who answered it, and only once.
    rows = await rig.rows("SELECT id, assignee FROM tickets ORDER BY id")
    by_ticket = {row["id"]: row["assignee"] for row in rows}
    for number, ticket in enumerate(tickets):
        assert by_ticket[ticket] == str(7100 + number % 3)
    assert len(rig.fake.open_topics(STAFF_CHAT)) == PEOPLE
