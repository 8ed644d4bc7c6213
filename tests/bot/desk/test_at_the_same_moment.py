"""Two staff members acting on one ticket at the same moment: only the first action
happens; the second is told, in the topic, who was first."""

from __future__ import annotations

import asyncio

from flows.staff import texts
from tests.bot.desk.conftest import Rig

CLOSED_NOTE = ("Our team has closed this conversation. You can write to us again at any"
               " time with /human.")


async def test_two_presses_on_close_tell_the_person_once(rig: Rig) -> None:
    olena = rig.fake.person(380501110101, language_code="uk")
    ticket, thread = await rig.quick_ticket(olena)
    mariam = await rig.add_staff(7001, "Mariam")
    giorgi = await rig.add_staff(7002, "Giorgi")
    card = rig.card(thread)
    close = rig.staff_text(texts.CLOSE)

    await asyncio.gather(rig.press(mariam, card, close), rig.press(giorgi, card, close))
    await rig.until(lambda: not rig.fake.unanswered_callbacks(), "both presses answered")
    await rig.idle()

    bodies = [m.body for m in olena.messages]
    assert bodies.count(rig.t("uk", CLOSED_NOTE)) == 1
    assert len([m for m in olena.messages if m.buttons[:1] == ["⭐"]]) == 1, "asked to rate once"
    seen = rig.in_topic(thread)
    closed = [name for name in ("Mariam", "Giorgi")
              if rig.staff_text(texts.closed_by_staff(name)) in seen]
    assert len(closed) == 1
    first = closed[0]
    assert rig.staff_text(texts.already_closed_by(first)) in seen
    assert len(rig.fake.calls_to("closeForumTopic")) == 1
    assert (await rig.ticket(ticket.id)).status == "closed"


async def test_two_close_commands_at_once_tell_the_person_once(rig: Rig) -> None:
    olena = rig.fake.person(380501110102, language_code="uk")
    _ticket, thread = await rig.quick_ticket(olena)
    mariam = await rig.add_staff(7001, "Mariam")
    giorgi = await rig.add_staff(7002, "Giorgi")

    await asyncio.gather(rig.says(mariam, thread, "/close"), rig.says(giorgi, thread, "/close"))
    await rig.idle()

    assert [m.body for m in olena.messages].count(rig.t("uk", CLOSED_NOTE)) == 1
    seen = rig.in_topic(thread)
    first = next(name for name in ("Mariam", "Giorgi")
                 if rig.staff_text(texts.closed_by_staff(name)) in seen)
    assert rig.staff_text(texts.already_closed_by(first)) in seen


async def test_two_presses_on_urgent_or_false_alarm_do_it_once(rig: Rig) -> None:
    mariam = await rig.add_staff(7001, "Mariam", role="supervisor")
    giorgi = await rig.add_staff(7002, "Giorgi", role="supervisor")
    olena = rig.fake.person(380501110103, language_code="uk")
    ticket, thread = await rig.quick_ticket(olena)
    urgent = rig.staff_text(texts.URGENT)
    await asyncio.gather(rig.press(mariam, rig.card(thread), urgent),
                         rig.press(giorgi, rig.card(thread), urgent))
    await rig.idle()
    headlines = [body for body in rig.general()
                 if any(body.startswith(rig.staff_text(texts.marked_urgent(ticket.id, name)))
                        for name in ("Mariam", "Giorgi"))]
    assert len(headlines) == 1, "announced as urgent once"

    worried = rig.fake.person(380501110104, language_code="uk")
    await rig.tg(worried.send("Вітчим б'є мене кожен день"))
    alarm = await rig.ticket_of("telegram", str(worried.chat_id))
    alarm_topic = await rig.topic(alarm.id)
    false_alarm = rig.staff_text(texts.FALSE_ALARM)
    await asyncio.gather(rig.press(mariam, rig.card(alarm_topic), false_alarm),
                         rig.press(giorgi, rig.card(alarm_topic), false_alarm))
    await rig.idle()
    seen = rig.in_topic(alarm_topic)
    notes = [name for name in ("Mariam", "Giorgi")
             if rig.staff_text(texts.false_alarm(name)) in seen]
    assert len(notes) == 1, "one false-alarm note"
    assert rig.staff_text(texts.already_false_alarm(notes[0])) in seen
