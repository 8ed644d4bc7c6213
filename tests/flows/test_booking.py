"""Booking a consultation: topic, for whom, how, where, day, time, phone, confirmation,
the booking with its calendar file, the staff ticket and the reminders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from bot.config import Settings
from bot.runtime import Runtime
from flows.booking.slots import consultant_of, free_slots, local_day
from flows.languages import LANGUAGE_CODES, language_names
from flows.profile import Profile, load_profile
from flows.text import When, date_label
from storage.times import from_db
from tests.conftest import FakeClock, Person
from tests.flows.booking_kit import (
    E164_PREFIX,
    LANG_PROFILES,
    book,
    ids,
    ids_with,
    label,
    local_phone,
    msg,
    rows,
    runtime_for,
    say,
    to_confirm,
    to_days,
    to_service,
)

DEMO = load_profile()


@pytest.fixture(params=LANGUAGE_CODES)
async def lang_runtime(
    request: pytest.FixtureRequest, settings: Settings, clock: FakeClock
) -> AsyncIterator[tuple[str, Runtime]]:
    """Each language with a shipped profile whose consultants speak it."""
    built = await runtime_for(settings, clock, LANG_PROFILES[request.param])
    yield request.param, built
    await built.close()


def ics_of(reply: object) -> Calendar:
    file = getattr(reply, "file", None)
    assert file is not None, "no calendar file attached"
    return Calendar.from_ical(file.body)


async def test_the_whole_booking_in_each_language(lang_runtime: tuple[str, Runtime]) -> None:
    lang, runtime = lang_runtime
    profile = runtime.profile
    person = Person(runtime, language_hint=lang)
    services = await to_service(person)
    shown = [s for s in profile.services if f"svc:{s.id}" in ids(services)]
    # Buttons carry the services' short labels; the text names them in full.
    assert [c.label for c in services.choices[:-1]] == [say(runtime, lang, s.button)
                                                        for s in shown]
    assert shown[0].title.root[lang] in services.text
    assert shown[0].description.root[lang] in services.text
    service = shown[0]

    (whom,) = await person.send(choice=f"svc:{service.id}")
    assert ids(whom)[:2] == ["whom:self", "whom:family"] and ids(whom)[-1] == "bk:back"
    (modes,) = await person.send(choice="whom:family")
    assert set(ids_with(modes, "mode:")) <= {f"mode:{m}" for m in service.modes}
    (centres,) = await person.send(choice="mode:in_person")
    centre = profile.centre(ids_with(centres, "centre:")[0].removeprefix("centre:"))
    assert centre is not None
    assert label(centres, f"centre:{centre.id}") == centre.name.root[lang]
    assert centre.address.root[lang] in centres.text

    (days,) = await person.send(choice=f"centre:{centre.id}")
    expected = free_slots(profile, service=service.id, mode="in_person", centre=centre.id,
                          language=lang, now=runtime.engine.clock())
    firsts: dict[object, datetime] = {}
    for slot in expected:
        firsts.setdefault(local_day(slot), slot.starts_at)
    assert ids_with(days, "day:") == [f"day:{day}" for day in firsts]
    assert [c.label for c in days.choices[:-1]] == [
        say(runtime, lang, date_label(first, centre.timezone, style="date"))
        for first in firsts.values()]

    (times,) = await person.send(choice=ids_with(days, "day:")[0])
    first_day = [s.starts_at for s in expected if local_day(s) == next(iter(firsts))]
    assert [c.label for c in times.choices[:-1]] == [
        say(runtime, lang, When(s, centre.timezone, style="time")) for s in sorted(set(first_day))]
    assert ids(times)[-1] == "bk:back"

    (confirm,) = await person.send(choice=ids_with(times, "time:")[0])
    assert ids(confirm) == ["book:yes", "book:time", "book:stop"]
    assert service.title.root[lang] in confirm.text and centre.address.root[lang] in confirm.text
    assert say(runtime, lang, When(first_day[0], centre.timezone)) in confirm.text
    assert await rows(runtime, "bookings") == [], "nothing is booked before confirming"

    booked, menu = await person.send(choice="book:yes")
    assert centre.address.root[lang] in booked.text
    assert booked.file and booked.file.name.endswith(".ics")
    assert booked.file.mime == "text/calendar"
    assert "menu:appointments" in ids(menu)

    (booking,) = await rows(runtime, "bookings")
    assert (booking["status"], booking["locale"], booking["centre"], booking["mode"],
            booking["for_whom"], booking["service"]) == (
        "booked", lang, centre.id, "in_person", "family", service.id)
    assert from_db(str(booking["starts_at"])) == first_day[0]
    consultant = consultant_of(profile, str(booking["consultant"]))
    assert consultant is not None and lang in consultant.languages
    # The consultant's name as a reader of the language writes it: Cyrillic for uk and ru.
    name = say(runtime, lang, consultant.display_name)
    assert name in booked.text and name == consultant.names.get(lang, consultant.name)
    if lang in ("uk", "ru"):
        assert all("\u0400" <= ch <= "\u04ff" for ch in name if ch.isalpha()), name

    reference = f"B-{1000 + int(str(booking['id']))}"
    assert booking["reference"] == reference
    assert msg(runtime, lang, "Your reference number: {reference}. Please mention it if you"
               " contact us.", reference=reference) in booked.text
    assert booked.text.startswith(msg(runtime, lang, "Done! Your consultation is booked. We"
                                      " look forward to meeting you."))

    (ticket,) = await rows(runtime, "tickets")
    staff = profile.agency.staff_locale
    assert (ticket["queue"], ticket["kind"], ticket["subject"]) == (
        "bookings", "booking", f"booking:{booking['id']}")
    card = str(ticket["card"])
    assert card.splitlines()[0] == msg(runtime, staff, "New booking #{number}",
                                       number=int(str(booking["id"])))
    assert card.splitlines()[1] == msg(runtime, staff, "Reference: {reference}",
                                       reference=reference)
    assert service.title.root[staff] in card and centre.address.root[staff] in card
    assert say(runtime, staff, When(first_day[0], centre.timezone)) in card
    # Staff read the person's language named in their own language ("ენა: უკრაინული").
    assert msg(runtime, staff, "Language: {language} · Channel: {channel} · Source: {source}",
               language=language_names([lang]), channel="console", source="—") in card
    assert msg(runtime, staff, "For: {whom}", whom=msg(runtime, staff, "their family")) in card

    jobs = await rows(runtime, "jobs")
    now = runtime.engine.clock()
    ahead = sorted(due for h in profile.booking.reminder_hours
                   if (due := first_day[0] - timedelta(hours=h)) > now)
    assert ahead, "at least the last reminder is ahead"
    assert [(j["kind"], j["payload"], j["done_at"]) for j in jobs] == [
        ("reminder", str(booking["id"]), None)] * len(ahead)
    assert sorted(from_db(str(j["due_at"])) for j in jobs) == ahead


async def test_the_calendar_file_has_the_right_time_zone_times_and_place(
    runtime: Runtime,
) -> None:
    person = Person(runtime)
    booked, _menu = await book(person, centre="centre:tbilisi")
    calendar = ics_of(booked)
    (event,) = calendar.walk("VEVENT")
    (booking,) = await rows(runtime, "bookings")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert event["dtstart"].params["TZID"] == "Asia/Tbilisi"
    assert str(start.tzinfo) == "Asia/Tbilisi"
    assert start == from_db(str(booking["starts_at"]))
    assert end == from_db(str(booking["ends_at"]))
    assert end - start == timedelta(minutes=50)
    assert start.hour == 13, "Wednesday 13:00 in Tbilisi"
    tbilisi = DEMO.centre("tbilisi")
    assert tbilisi is not None
    assert str(event["location"]) == tbilisi.address.root["en"]
    assert "Parent–child bond" in str(event["summary"])
    assert str(event["uid"]) == f"booking-{booking['id']}@{DEMO.agency.id}.carebot"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tbilisi"]


async def test_the_calendar_file_is_written_in_the_persons_language(runtime: Runtime) -> None:
    person = Person(runtime, language_hint="ka")
    booked, _menu = await book(person, centre="centre:tbilisi")
    (event,) = ics_of(booked).walk("VEVENT")
    tbilisi = DEMO.centre("tbilisi")
    assert tbilisi is not None
    assert str(event["location"]) == tbilisi.address.root["ka"]
    assert DEMO.services[0].title.root["ka"] in str(event["summary"])


async def test_a_phone_consultation_asks_for_a_number_and_checks_it(runtime: Runtime) -> None:
    person = Person(runtime)
    days = await to_days(person, mode="phone")
    (times,) = await person.send(choice=ids_with(days, "day:")[0])
    (ask,) = await person.send(choice=ids_with(times, "time:")[0])
    assert ask.ask_phone and ask.free_text and ids(ask) == ["bk:back"]
    note, again = await person.send("my number is secret")
    assert note.text.startswith("That does not look like a phone number.")
    assert "+995 5" in note.text and again == ask
    (confirm,) = await person.send(local_phone(DEMO))
    assert "+995 555 12 34 56" in confirm.text
    assert "the consultant will call you" in confirm.text
    booked, _menu = await person.send(choice="book:yes")
    assert booked.text.startswith("Done! Your consultation is booked. The consultant will call"
                                  " you at this time.")
    assert "meeting" not in booked.text
    (booking,) = await rows(runtime, "bookings")
    assert booking["phone"] == "+995555123456" and booking["centre"] is None
    (event,) = ics_of(booked).walk("VEVENT")
    assert "location" not in event, "no address for a phone call"
    assert event["dtstart"].params["TZID"] == DEMO.centres[0].timezone
    # Next time the number is offered, and a shared contact works too.
    days = await to_days(person, mode="video")
    (times,) = await person.send(choice=ids_with(days, "day:")[-1])
    (ask,) = await person.send(choice=ids_with(times, "time:")[0])
    assert ids(ask) == ["phone:known", "bk:back"]
    assert label(ask, "phone:known") == "Use +995 555 12 34 56"
    (confirm,) = await person.send(contact="995599000111")
    assert "+995 599 00 01 11" in confirm.text
    booked, _menu = await person.send(choice="book:yes")
    assert booked.text.startswith("Done! Your consultation is booked. We will send you the"
                                  " link to the video call here in the chat.")
    assert "meeting" not in booked.text and "B-1002" in booked.text


@pytest.mark.parametrize("name", ["ua", "lt", "pl"])
async def test_each_countrys_phone_numbers(
    settings: Settings, clock: FakeClock, name: str
) -> None:
    runtime = await runtime_for(settings, clock, name)
    try:
        profile = runtime.profile
        person = Person(runtime, language_hint=profile.agency.default_locale)
        remote = next(s for s in profile.services if "phone" in s.modes)
        await book(person, service=f"svc:{remote.id}", mode="phone",
                   phone=local_phone(profile))
        (booking,) = await rows(runtime, "bookings")
        assert str(booking["phone"]).startswith(E164_PREFIX[profile.agency.country])
    finally:
        await runtime.close()


async def test_a_young_child_needs_a_parents_or_guardians_consent(
    settings: Settings, clock: FakeClock
) -> None:
    runtime = await runtime_for(settings, clock, "lt")
    try:
        age = runtime.profile.booking.child_consent_age
        assert age == 16
        person = Person(runtime, language_hint="en")
        await to_service(person)
        (whom,) = await person.send(choice="svc:parenting")
        assert ids(whom) == ["whom:self", "whom:family", "whom:young", "whom:child", "bk:back"]
        assert label(whom, "whom:young") == "For a child under 16"
        (consent,) = await person.send(choice="whom:young")
        assert "parent or legal guardian" in consent.text and "16" in consent.text
        assert ids(consent) == ["consent:yes", "consent:no", "bk:back"]
        note, whom_again = await person.send(choice="consent:no")
        assert note.text.startswith("Thank you for telling us.")
        assert runtime.profile.agency.phone in note.text and whom_again == whom
        await person.send(choice="whom:young")
        (modes,) = await person.send(choice="consent:yes")
        assert ids_with(modes, "mode:")
        await person.send(choice="mode:in_person")
        (days,) = await person.send(choice="centre:vilnius")
        (times,) = await person.send(choice=ids_with(days, "day:")[0])
        (confirm,) = await person.send(choice=ids_with(times, "time:")[0])
        assert "(the parent or legal guardian has agreed)" in confirm.text
        await person.send(choice="book:yes")
        (booking,) = await rows(runtime, "bookings")
        assert (booking["for_whom"], booking["child_consent"]) == ("child", 1)
        (ticket,) = await rows(runtime, "tickets")
        staff = runtime.profile.agency.staff_locale
        assert msg(runtime, staff, "(the parent or legal guardian has agreed)") in str(
            ticket["card"])
        # An older child needs no consent question.
        other = Person(runtime, external_id="other", language_hint="en")
        await to_service(other)
        await other.send(choice="svc:parenting")
        (modes,) = await other.send(choice="whom:child")
        assert ids_with(modes, "mode:")
    finally:
        await runtime.close()


async def test_without_a_consent_age_there_is_one_choice_for_a_child(person: Person) -> None:
    await to_service(person)
    (whom,) = await person.send(choice="svc:parenting")
    assert ids(whom) == ["whom:self", "whom:family", "whom:child", "bk:back"]


async def test_back_goes_one_step_back_everywhere(person: Person) -> None:
    services = await to_service(person)
    (whom,) = await person.send(choice="svc:parenting")
    (modes,) = await person.send(choice="whom:self")
    (centres,) = await person.send(choice="mode:in_person")
    (days,) = await person.send(choice="centre:tbilisi")
    (times,) = await person.send(choice=ids_with(days, "day:")[0])
    assert (await person.send(choice="bk:back")) == [days]
    assert (await person.send(choice="bk:back")) == [centres]
    assert (await person.send(choice="bk:back")) == [modes]
    assert (await person.send(choice="bk:back")) == [whom]
    assert (await person.send(choice="bk:back")) == [services]
    (menu,) = await person.send(choice="nav:menu")
    assert "menu:book" in ids(menu)
    # From the confirmation: another time, or stop without booking anything.
    confirm = await to_confirm(person)
    (days_again,) = await person.send(choice="book:time")
    assert ids_with(days_again, "day:") == ids_with(days, "day:")
    await person.send(choice=ids_with(days, "day:")[0])
    assert (await person.send(choice=ids_with(times, "time:")[0])) == [confirm]
    note, menu = await person.send(choice="book:stop")
    assert note.text.startswith("All right, nothing has been booked.")
    assert await rows(person.runtime, "bookings") == []


async def test_a_remote_only_mode_skips_the_centre(person: Person) -> None:
    days = await to_days(person, mode="video")
    assert ids_with(days, "day:")
    assert (await person.send(choice="bk:back"))[0].text == "How would you like to talk?"


async def test_only_the_modes_the_service_allows(person: Person) -> None:
    await to_service(person)
    await person.send(choice="svc:trauma")  # in person or video, not by phone
    (modes,) = await person.send(choice="whom:self")
    assert ids(modes) == ["mode:in_person", "mode:video", "bk:back"]


async def test_when_the_chosen_time_was_just_taken_the_next_free_times_are_shown(
    runtime: Runtime,
) -> None:
    first, second = Person(runtime, "first"), Person(runtime, "second")
    await to_confirm(first)
    await to_confirm(second)
    taken = second.seen[-2]  # the list of times the second person chose from
    taken_id = ids_with(taken, "time:")[0]
    await first.send(choice="book:yes")
    sorry, alternatives = await second.send(choice="book:yes")
    assert sorry.text.startswith("I'm so sorry: somebody else booked Wednesday 25 November,"
                                 " 13:00 a moment before you.")
    offered = ids_with(alternatives, "time:")
    assert offered and taken_id not in offered
    assert offered[0] == ids_with(taken, "time:")[1], "the next free time comes first"
    assert ids(alternatives)[-2:] == ["bk:back", "nav:menu"]
    (confirm,) = await second.send(choice=offered[0])
    assert "14:00" in confirm.text
    await second.send(choice="book:yes")
    bookings = await rows(runtime, "bookings")
    assert [b["status"] for b in bookings] == ["booked", "booked"]
    assert bookings[0]["starts_at"] != bookings[1]["starts_at"]


async def test_one_person_holds_at_most_three_upcoming_consultations(runtime: Runtime) -> None:
    person = Person(runtime)
    for _time in range(2):
        await book(person)
    await to_confirm(person)
    # Meanwhile a third consultation is booked for them (say, by staff on the phone).
    from storage.bookings import NewBooking
    from storage.repositories import Repos

    (first, *_rest) = await rows(runtime, "bookings")
    async with runtime.db.transaction() as conn:
        await Repos(conn).bookings.create(NewBooking(
            person_id=int(str(first["person_id"])), channel="console", service="crisis",
            centre=None, mode="phone", consultant="levan-tsiklauri",
            starts_at=datetime(2026, 11, 24, 11, 0, tzinfo=UTC),
            ends_at=datetime(2026, 11, 24, 11, 50, tzinfo=UTC), timezone="Asia/Tbilisi",
            for_whom="self", child_consent=False, phone=None, locale="en"),
            runtime.engine.clock())
    note, mine = await person.send(choice="book:yes")
    assert note.text.startswith("You already have 3 consultations booked.")
    assert len(ids_with(mine, "appt:")) == 3
    assert len(await rows(runtime, "bookings")) == 3
    await person.send("/menu")
    (limit,) = await person.send(choice="menu:book")
    assert limit.text.startswith("You already have 3 consultations booked.")
    assert ids(limit) == ["mine:list", "nav:menu"]
    (mine_again,) = await person.send(choice="mine:list")
    assert mine_again == mine


async def test_a_language_no_consultant_speaks_still_gets_times(runtime: Runtime) -> None:
    """Nobody at the demo agency speaks Lithuanian: say so, and offer everyone's times."""
    person = Person(runtime, language_hint="lt")
    days = await to_days(person, centre="centre:tbilisi")
    # The languages are named as a Lithuanian reader names them, not in their own scripts.
    assert "viena iš šių kalbų: gruzinų, ukrainiečių, anglų, rusų." in days.text
    assert "Українська" not in days.text
    assert ids_with(days, "day:")


async def test_services_without_any_consultant_are_not_offered(
    settings: Settings, clock: FakeClock
) -> None:
    from tests.flows.booking_kit import edited, runtime_with

    profile: Profile = edited(DEMO, consultants=[
        c.model_dump() for c in DEMO.consultants if "crisis" not in c.services])
    runtime = await runtime_with(settings, clock, profile)
    try:
        services = await to_service(Person(runtime))
        assert "svc:crisis" not in ids(services) and "svc:parenting" in ids(services)
    finally:
        await runtime.close()
