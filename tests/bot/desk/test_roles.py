"""Roles mean something: an agent acts on tickets of their own queues only (all queues
when none are set); a supervisor on every ticket. Refusals say who can, and are audited."""

from __future__ import annotations

from storage.repositories import Repos
from tests.bot.desk.conftest import Rig


async def test_an_agent_outside_the_tickets_queue_is_refused_politely(rig: Rig) -> None:
    person = rig.fake.person(555_000_601, first_name="Ana", language_code="en")
    ticket, topic = await rig.quick_ticket(person)
    assert ticket.queue == "general"
    giorgi = await rig.add_staff(7002, "Giorgi")
    await rig.add_staff(7003, "Lela", role="supervisor")
    async with rig.runtime.db.transaction() as conn:  # Giorgi works on bookings only
        await Repos(conn).staff.add(7002, "Giorgi", "agent", ["bookings"], rig.clock())
    await rig.idle()
    seen = len(person.messages)

    await rig.says(giorgi, topic, "Hello Ana, I can help")
    queue = rig.runtime.profile.queue("general")
    assert queue is not None
    refusal = rig.staff_text_en(
        "This ticket is in the “{queue}” queue, which is not one of yours, so nothing was"
        " done. Colleagues of that queue or a supervisor ({names}) can act on it.",
        queue=rig.staff_text(queue.name.text), names="Lela")
    await rig.until(lambda: refusal in rig.in_topic(topic), "the refusal in the topic")
    await rig.says(giorgi, topic, "/close")
    await rig.idle()
    assert len(person.messages) == seen, "nothing reached the person"
    assert (await rig.ticket(ticket.id)).status == "open"
    refused = await rig.rows("SELECT staff_id, action, ticket_id, detail FROM audit_log")
    assert refused == [{"staff_id": 7002, "action": "refused", "ticket_id": ticket.id,
                        "detail": "general"}] * 2

    lela = rig.staff["Lela"]
    await rig.says(lela, topic, "/close")
    await rig.idle()
    assert (await rig.ticket(ticket.id)).status == "closed"
    actions = [r["action"] for r in await rig.rows("SELECT action FROM audit_log")]
    assert actions[-1] == "close"
