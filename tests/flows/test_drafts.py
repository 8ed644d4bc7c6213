"""What a flow remembers between messages: a typed draft per flow, stored in the session.

Sessions written before drafts were typed (a plain dict with the same keys) still load:
somebody halfway through an enquiry during an upgrade carries on where they were.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from bot.runtime import Runtime
from flows.booking.steps import BookingDraft
from flows.enquiry.steps import EnquiryDraft
from flows.handoff import HandoffDraft
from storage.repositories import Repos, Session
from tests.conftest import Person
from tests.flows.test_enquiry import agree


async def stored_session(runtime: Runtime) -> Session:
    async with runtime.db.reading() as conn:
        session = await Repos(conn).sessions.load(1)
    assert session is not None
    return session


async def write_session(runtime: Runtime, flow: str, step: str, data: dict[str, Any]) -> None:
    """The session row exactly as an older carebot left it in the database."""
    now = runtime.engine.clock()
    async with runtime.db.transaction() as conn:
        await Repos(conn).sessions.save(Session(1, flow, step, data, now, now), now,
                                        timedelta(days=3))


def test_a_draft_keeps_what_fits_and_forgets_the_rest() -> None:
    loaded = BookingDraft.load({"service": "family", "booking": "12", "consent": 1,
                                "phone": None, "from_the_future": [1, 2]})
    assert loaded == BookingDraft(service="family", phone=None)
    assert BookingDraft.load(loaded.dump()) == loaded
    assert EnquiryDraft.load({"answers": {"town": "tbilisi", "langs": ["ka", "en"],
                                          "pets": None, "bad": 3}}).answers == {
        "town": "tbilisi", "langs": ["ka", "en"], "pets": None}


async def test_a_person_mid_enquiry_during_an_upgrade_carries_on(
    runtime: Runtime, person: Person
) -> None:
    await agree(person)  # consent given: question 1 on screen
    first_answer = next(i for i in person.button_ids if i.startswith("a:"))
    await person.send(choice=first_answer)
    before = await stored_session(runtime)
    # What the previous version stored at this point: a dict, without the newer keys.
    old = {"answers": before.data["answers"], "contact": {}, "at": before.data["at"],
           "consent": before.data["consent"], "editing": False}
    await write_session(runtime, "enquiry", "question", old)

    second_answer = next(i for i in person.button_ids if i.startswith("a:"))
    (reply,) = await person.send(choice=second_answer)
    assert reply.text.startswith("Question 3 of")
    after = await stored_session(runtime)
    assert after.data["answers"] == {**old["answers"],
                                     before.data["at"]: second_answer.removeprefix("a:")}
    assert set(after.data) == set(EnquiryDraft().dump()), "stored in the new shape"


async def test_an_old_session_with_values_that_no_longer_fit_does_not_crash(
    runtime: Runtime, person: Person
) -> None:
    await person.send("/start")
    await write_session(runtime, "booking", "appointment", {"booking": "not a number",
                                                            "rescheduling": [1]})
    replies = await person.send("hello")
    assert replies[-1].text == "This consultation is no longer booked."
    assert "Sorry, something went wrong" not in " ".join(r.text for r in replies)


async def test_entering_another_flow_starts_its_draft_afresh(
    runtime: Runtime, person: Person
) -> None:
    await person.send("/start")
    await person.send(choice="menu:foster")
    form = next(i for i in person.button_ids if i.startswith("form:"))
    await person.send(choice=form)
    assert (await stored_session(runtime)).data["form"] == form.removeprefix("form:")
    await person.send("/menu")
    await person.send(choice="menu:book")
    session = await stored_session(runtime)
    assert session.flow == "booking"
    assert session.data == BookingDraft().dump(), "nothing of the enquiry came along"


async def test_the_rating_remembers_its_ticket_whatever_the_order(
    runtime: Runtime, person: Person
) -> None:
    await person.send("/start")
    await person.send(choice="menu:human")
    await person.runtime.engine.handle(_system(person, "ticket_closed:1"))
    await person.read()
    session = await stored_session(runtime)
    assert (session.flow, session.step) == ("handoff", "rate")
    assert json.loads(json.dumps(session.data)) == HandoffDraft(rating_ticket=1).dump()


def _system(person: Person, what: str) -> Any:
    from flows.messages import Inbound

    return Inbound(person.channel, person.external_id, f"test-{what}", system=what)
