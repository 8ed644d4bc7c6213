"""«My appointments»: the list, moving a consultation (the old time is kept until the new
one is confirmed), cancelling, and what happens inside the cancellation notice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from flows.languages import LANGUAGE_CODES
from flows.text import When, _, date_label, ngettext
from storage.times import from_db
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import (
    LANG_PROFILES,
    book,
    ids,
    ids_with,
    msg,
    rows,
    runtime_for,
    say,
    to_days,
)


@pytest.fixture(params=LANGUAGE_CODES)
async def lang_runtime(
    request: pytest.FixtureRequest, settings: Settings, clock: FakeClock
) -> AsyncIterator[tuple[str, Runtime]]:
    built = await runtime_for(settings, clock, LANG_PROFILES[request.param])
    yield request.param, built
    await built.close()


async def booked_person(
    runtime: Runtime, lang: str = "en", day: int = 1
) -> tuple[Person, dict[str, object]]:
    """A person with one consultation, by default on the second day with free times (more
    than the cancellation notice ahead in every shipped profile)."""
    person = Person(runtime, language_hint=lang)
    await book(person, day=day)
    (booking,) = await rows(runtime, "bookings")
    return person, booking


async def open_appointment(person: Person, booking_id: object) -> list[object]:
    await person.send("/menu")
    await person.send(choice="menu:appointments")
    return await person.send(choice=f"appt:{booking_id}")  # type: ignore[return-value]


async def test_my_appointments_with_nothing_booked(person: Person) -> None:
    await person.send("/start")
    (mine,) = await person.send(choice="menu:appointments")
    assert mine.text == "You have no upcoming consultations."
    assert ids(mine) == ["mine:book", "nav:menu"]
    (services,) = await person.send(choice="mine:book")
    assert ids_with(services, "svc:")


async def test_my_appointments_lists_upcoming_consultations_in_each_language(
    lang_runtime: tuple[str, Runtime],
) -> None:
    lang, runtime = lang_runtime
    person, booking = await booked_person(runtime, lang)
    await person.send("/menu")
    (mine,) = await person.send(choice="menu:appointments")
    assert ids(mine) == [f"appt:{booking['id']}", "mine:book", "nav:menu"]
    # The time starts the button and the list line, so it starts with a capital (uk, ru,
    # lt, pl); the button is the short form, the line names the service.
    starts, tz = from_db(str(booking["starts_at"])), str(booking["timezone"])
    when = say(runtime, lang, date_label(starts, tz))
    service = next(s for s in runtime.profile.services if s.id == booking["service"])
    assert mine.choices[0].label == say(runtime, lang, date_label(starts, tz, style="short"))
    assert f"• {when} · {service.title.root[lang]}" in mine.text
    (details,) = await person.send(choice=f"appt:{booking['id']}")
    assert ids(details) == ["appt:move", "appt:cancel", "appt:ics", "appt:list"]
    centre = runtime.profile.centre(str(booking["centre"]))
    assert centre is not None and centre.address.root[lang] in details.text
    again, same = await person.send(choice="appt:ics")
    # The calendar file is named in the person's language.
    word = say(runtime, lang, _("Consultation"))
    assert again.file and again.file.name == f"{word}-{str(booking['starts_at'])[:10]}.ics"
    assert same == details
    (back,) = await person.send(choice="appt:list")
    assert back == mine


async def test_moving_a_consultation_in_each_language(lang_runtime: tuple[str, Runtime]) -> None:
    lang, runtime = lang_runtime
    person, old = await booked_person(runtime, lang)
    await open_appointment(person, old["id"])
    (days,) = await person.send(choice="appt:move")
    assert ids_with(days, "day:") and ids(days)[-1] == "bk:back"
    (times,) = await person.send(choice=ids_with(days, "day:")[-1])
    (confirm,) = await person.send(choice=ids_with(times, "time:")[-1])
    assert ids(confirm) == ["book:yes", "book:time", "book:stop"]
    assert msg(runtime, lang, "Your current time is kept until you confirm the new one.") in (
        confirm.text)
    # Until the new time is confirmed, the old one is still held.
    assert [(b["id"], b["status"]) for b in await rows(runtime, "bookings")] == [
        (old["id"], "booked")]
    moved, _menu = await person.send(choice="book:yes")
    assert moved.file and moved.file.name
    assert moved.text.startswith(msg(runtime, lang, "Done! Your consultation has been moved."))
    first, second = await rows(runtime, "bookings")
    assert (first["status"], second["status"], second["replaces"]) == (
        "rescheduled", "booked", old["id"])
    assert from_db(str(second["starts_at"])) > from_db(str(first["starts_at"]))
    assert (second["mode"], second["centre"], second["service"], second["locale"]) == (
        old["mode"], old["centre"], old["service"], lang)
    jobs = await rows(runtime, "jobs")
    assert {j["outcome"] for j in jobs if j["booking_id"] == old["id"]} == {"cancelled"}
    assert [j["done_at"] for j in jobs if j["booking_id"] == second["id"]] == [None] * len(
        runtime.profile.booking.reminder_hours)
    kinds = [t["kind"] for t in await rows(runtime, "tickets")]
    assert kinds == ["booking", "booking_changed"]


async def test_keeping_the_current_time_changes_nothing(runtime: Runtime) -> None:
    person, old = await booked_person(runtime)
    (details,) = await open_appointment(person, old["id"])  # type: ignore[misc]
    (days,) = await person.send(choice="appt:move")
    assert (await person.send(choice="bk:back")) == [details]
    await person.send(choice="appt:move")
    (times,) = await person.send(choice=ids_with(days, "day:")[1])
    await person.send(choice=ids_with(times, "time:")[0])
    assert (await person.send(choice="book:stop")) == [details]
    assert [b["status"] for b in await rows(runtime, "bookings")] == ["booked"]


async def test_moving_to_a_time_overlapping_the_old_one(
    settings: Settings, clock: FakeClock
) -> None:
    """Slots every 30 minutes: the old booking does not stand in the way of its own move,
    but its own time is not offered as a new one."""
    from flows.profile import load_profile
    from tests.flows.booking_kit import runtime_with, with_booking_rules

    profile = with_booking_rules(load_profile(), slot_minutes=30, buffer_minutes=0)
    runtime = await runtime_with(settings, clock, profile)
    try:
        person, old = await booked_person(runtime, day=0)  # Wednesday 13:00-13:50, Nino
        other = Person(runtime, "other")
        days = await to_days(other)
        (times,) = await other.send(choice=ids_with(days, "day:")[0])
        assert [c.label for c in times.choices[:2]] == ["14:00", "14:30"], "13:30 overlaps"
        await open_appointment(person, old["id"])
        (days,) = await person.send(choice="appt:move")
        (times,) = await person.send(choice=ids_with(days, "day:")[0])
        assert [c.label for c in times.choices[:2]] == ["13:30", "14:00"]
        await person.send(choice=ids_with(times, "time:")[0])
        await person.send(choice="book:yes")
        statuses = [(b["status"], b["consultant"]) for b in await rows(runtime, "bookings")]
        assert statuses == [("rescheduled", "nino-beridze"), ("booked", "nino-beridze")]
    finally:
        await runtime.close()


async def test_cancelling_in_each_language(lang_runtime: tuple[str, Runtime]) -> None:
    lang, runtime = lang_runtime
    person, booking = await booked_person(runtime, lang)
    (details,) = await open_appointment(person, booking["id"])  # type: ignore[misc]
    (question,) = await person.send(choice="appt:cancel")
    when = say(runtime, lang, When(from_db(str(booking["starts_at"])), str(booking["timezone"])))
    assert when in question.text and ids(question) == ["cancel:yes", "cancel:no"]
    assert (await person.send(choice="cancel:no")) == [details]
    await person.send(choice="appt:cancel")
    done, menu = await person.send(choice="cancel:yes")
    assert when in done.text and "menu:book" in ids(menu)
    (row,) = await rows(runtime, "bookings")
    assert row["status"] == "cancelled" and row["cancelled_at"] is not None
    assert {j["outcome"] for j in await rows(runtime, "jobs")} == {"cancelled"}
    tickets = await rows(runtime, "tickets")
    assert [t["kind"] for t in tickets] == ["booking", "booking_cancelled"]
    staff = runtime.profile.agency.staff_locale
    assert str(tickets[1]["card"]).startswith(msg(
        runtime, staff, "Booking #{number} was cancelled by the person",
        number=int(str(booking["id"]))))
    await person.send("/menu")
    (mine,) = await person.send(choice="menu:appointments")
    assert ids(mine) == ["mine:book", "nav:menu"]


async def test_a_cancelled_time_can_be_booked_again(runtime: Runtime) -> None:
    person, booking = await booked_person(runtime)
    await open_appointment(person, booking["id"])
    await person.send(choice="appt:cancel")
    await person.send(choice="cancel:yes")
    other = Person(runtime, "other")
    await book(other, day=1)
    first, second = await rows(runtime, "bookings")
    assert first["starts_at"] == second["starts_at"] and second["status"] == "booked"


@pytest.mark.parametrize("action", ["appt:cancel", "appt:move"])
async def test_inside_the_cancellation_notice_the_person_calls_or_gets_a_colleague(
    runtime: Runtime, clock: FakeClock, action: str
) -> None:
    person, booking = await booked_person(runtime)
    starts = from_db(str(booking["starts_at"]))
    clock.now = starts - timedelta(hours=runtime.profile.booking.cancel_notice_hours - 1)
    await open_appointment(person, booking["id"])
    (late,) = await person.send(choice=action)
    tbilisi = runtime.profile.centre("tbilisi")
    assert tbilisi is not None and tbilisi.phone in late.text  # type: ignore[operator]
    assert "less than 24 hours away" in late.text
    assert ids(late) == ["late:staff", "appt:list", "nav:menu"]
    thanks, _menu = await person.send(choice="late:staff")
    assert thanks.text.startswith("Thank you. We have asked a colleague to contact you")
    (row,) = await rows(runtime, "bookings")
    assert row["status"] == "booked", "staff decide; nothing changes by itself"
    help_ticket = (await rows(runtime, "tickets"))[-1]
    assert (help_ticket["kind"], help_ticket["urgent"], help_ticket["subject"]) == (
        "booking_help", 1, f"booking:{booking['id']}")
    verb = "cancel" if action == "appt:cancel" else "change the time of"
    wanted = f"Please contact the person: they would like to {verb} booking #{{number}},"
    heading = runtime.renderer.text(
        ngettext(wanted + " which is less than {n} hour away.",
                 wanted + " which is less than {n} hours away.", 24,
                 number=int(str(booking["id"]))),
        runtime.profile.agency.staff_locale,
    )
    assert str(help_ticket["card"]).startswith(heading)


async def test_the_notice_is_checked_again_when_the_cancellation_is_confirmed(
    runtime: Runtime, clock: FakeClock
) -> None:
    person, booking = await booked_person(runtime)
    starts = from_db(str(booking["starts_at"]))
    clock.now = starts - timedelta(hours=25)
    await open_appointment(person, booking["id"])
    await person.send(choice="appt:cancel")
    clock.advance(hours=2)
    (late,) = await person.send(choice="cancel:yes")
    assert ids(late)[0] == "late:staff"
    assert [b["status"] for b in await rows(runtime, "bookings")] == ["booked"]


async def test_nothing_else_free_keeps_the_consultation_as_it_is(
    settings: Settings, clock: FakeClock
) -> None:
    from flows.profile import load_profile
    from tests.flows.booking_kit import edited, runtime_with

    demo = load_profile()
    nino = demo.consultants[0].model_dump()
    nino["availability"] = [{"weekday": "wed", "hours": "13:00-14:00", "centre": "tbilisi"}]
    profile = edited(demo, consultants=[nino], booking={
        **demo.booking.model_dump(), "horizon_days": 7})
    runtime = await runtime_with(settings, clock, profile)
    try:
        person, booking = await booked_person(runtime, day=0)  # the only free time
        (details,) = await open_appointment(person, booking["id"])  # type: ignore[misc]
        note, again = await person.send(choice="appt:move")
        assert note.text.startswith("There are no other free times for this consultation")
        assert again == details
    finally:
        await runtime.close()


async def test_someone_elses_or_an_old_booking_cannot_be_opened(runtime: Runtime) -> None:
    _owner, booking = await booked_person(runtime)
    stranger = Person(runtime, "stranger")
    await stranger.send("/start")
    await stranger.send(choice="menu:appointments")
    note, _again = await stranger.send(choice=f"appt:{booking['id']}")
    assert note.text.startswith("That button belongs to an earlier message.")
