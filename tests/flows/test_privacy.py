"""What a person can do with their data in «About us and privacy»: get a copy of all of it
(and nothing about anybody else), withdraw consent, and be asked again when the consent
text changes."""

from __future__ import annotations

import json
from datetime import date

from bot.runtime import Runtime
from flows.messages import Rendered
from storage import pipeline
from storage.console_bookings import set_attendance
from storage.repositories import Repos
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import book, rows
from tests.flows.test_enquiry import (
    TEXT_ANSWER,
    agree,
    answer_current,
    complete_enquiry,
    stored,
)


def body(message: Rendered) -> bytes:
    assert message.file is not None
    return message.file.body


async def test_send_me_my_data_has_everything_about_them_and_nothing_about_another(
    runtime: Runtime,
) -> None:
    nino = await complete_enquiry(runtime, "en")  # "Nino", +995555123456, TEXT_ANSWER
    await book(nino, centre="centre:tbilisi")
    other = Person(runtime, "another-person")
    await agree(other)
    for _ in runtime.profile.screening.questions:
        await answer_current(other)
    await other.send("Zaza Otherperson")
    await other.send("555 98 76 54")
    await other.send(choice="s:send")
    (ticket,) = [t for t in await rows(runtime, "tickets") if t["person_id"] == 1][:1]
    async with runtime.db.transaction() as conn:
        await Repos(conn).tickets.add_event(int(str(ticket["id"])), "note", runtime.engine.clock(),
                                            author="7001", note="Call after 6 pm")

    await nino.send("/menu")
    await nino.press("About us and privacy")
    assert nino.buttons == ["Send me my data", "Withdraw my consent", "Delete my data",
                            "Back to the main menu"]
    readable, machine, _menu = await nino.press("Send me my data")
    assert readable.text.startswith("Here is everything we have stored about you")
    assert readable.file and machine.file
    assert (readable.file.name, machine.file.name) == ("my-data.txt", "my-data.json")
    text = body(readable).decode()
    for expected in ("Nino", "+995555123456", TEXT_ANSWER, "Consents:", "Consultations:",
                     "Call after 6 pm", "(booked)"):
        assert expected in text, expected
    data = json.loads(body(machine))
    assert [e["name"] for e in data["enquiries"]] == ["Nino"]
    assert data["bookings"][0]["phone"] in (None, "+995555123456")
    assert data["tickets"][0]["events"][0]["note"] == "Call after 6 pm"
    everything = text + body(machine).decode()
    for theirs in ("Zaza", "Otherperson", "98 76 54", "987654", "7001", "another-person"):
        assert theirs not in everything, theirs


async def test_withdrawing_consent_deletes_the_draft_and_offers_erasure(
    runtime: Runtime,
) -> None:
    person = Person(runtime)
    await agree(person)
    await answer_current(person)
    await person.send("/menu")
    await person.press("About us and privacy")
    (question,) = await person.press("Withdraw my consent")
    assert "unfinished answers are deleted now" in question.text
    assert person.buttons == ["Withdraw my consent", "Withdraw and delete everything",
                              "No, go back"]
    done, _menu = await person.press("Withdraw my consent")
    assert done.text.startswith("Your consent is withdrawn.")
    (consent,) = await rows(runtime, "consents")
    assert consent["withdrawn_at"] is not None
    assert await stored(runtime, "enquiry_drafts") == []
    await person.press("About us and privacy")
    assert "Withdraw my consent" not in person.buttons


async def test_a_new_consent_text_is_shown_again_before_a_draft_goes_on(
    runtime: Runtime, clock: FakeClock
) -> None:
    person = Person(runtime)
    await agree(person)
    await answer_current(person)
    (third_question,) = await answer_current(person)
    async with runtime.db.transaction() as conn:  # agreed to an earlier text
        await conn.execute("UPDATE consents SET version = 'enquiry-2026-01'")
    clock.advance(days=5)
    await person.send("hello")
    await person.send(choice="menu:foster")
    await person.send(choice="learn:start")
    updated, consent = await person.press("Continue")
    assert updated.text.startswith("We have updated what we tell you about your data.")
    assert "Do you agree?" in consent.text
    (continued,) = await person.press("I agree")
    assert continued.text == third_question.text, "their answers are kept"
    versions = [c["version"] for c in await rows(runtime, "consents")]
    assert versions == ["enquiry-2026-01", "enquiry-2026-12"]


async def test_forget_works_from_anywhere_and_no_keeps_everything(person: Person) -> None:
    await person.send("/start")
    await person.press("Book a consultation")
    (question,) = await person.send("/forget")
    assert question.text.startswith("Do you want us to delete everything")
    _menu = await person.press("No, keep it")
    assert person.buttons[0] == "Become a foster carer"


async def test_what_staff_recorded_in_the_console_is_in_the_persons_own_copy(
    runtime: Runtime,
) -> None:
    """The export promises our team's notes: the console's notes, stages, the planned call
    and whether they came to a consultation are in it too, without who wrote them."""
    nino = await complete_enquiry(runtime, "en")
    await book(nino, centre="centre:tbilisi")
    (enquiry,) = await rows(runtime, "enquiries")
    (booking,) = await rows(runtime, "bookings")
    now = runtime.engine.clock()
    async with runtime.db.transaction() as conn:
        enquiry_id = int(str(enquiry["id"]))
        assert await pipeline.set_stage(conn, enquiry_id, "contacted", 7001, now)
        await pipeline.set_follow_up(conn, enquiry_id, date(2026, 12, 3), 7001, now)
        await pipeline.add_note(conn, enquiry_id, "Prefers a call in Georgian", 7001, now)
        assert await set_attendance(conn, int(str(booking["id"])), "attended", now)

    await nino.send("/menu")
    await nino.press("About us and privacy")
    readable, machine, _menu = await nino.press("Send me my data")
    text = body(readable).decode()
    for expected in ("What our team recorded about your enquiry:", "• Contacted",
                     "We plan to contact you again on 2026-12-03.",
                     "Prefers a call in Georgian", "(booked, attended)"):
        assert expected in text, expected
    data = json.loads(body(machine))
    (progress,) = data["progress"]
    assert progress["stage"] == "contacted" and progress["follow_up_on"] == "2026-12-03"
    assert [note["text"] for note in progress["notes"]] == ["Prefers a call in Georgian"]
    assert data["attendance"] == {str(booking["id"]): "attended"}
    assert "7001" not in text + body(machine).decode(), "who wrote it is not exported"
