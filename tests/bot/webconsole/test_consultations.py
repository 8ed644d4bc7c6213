"""Consultations in the console: a day or a week per centre and consultant, attended or
no-show, and a booking moved or cancelled by staff, which the person hears about in their
own language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.scheduler import Scheduler
from flows.messages import Rendered
from storage.repositories import Repos
from tests.bot.webconsole.conftest import (
    RECEPTION,
    RECRUITER,
    Console,
    add_booking,
    add_enquiry,
    add_person,
)
from tests.conftest import said

# 10:00 in Tbilisi on Tuesday 24 November (the clock says Monday 23, 09:00 UTC).
TUESDAY_10 = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


async def seed(console: Console) -> tuple[int, int]:
    runtime, now = console.runtime, console.clock()
    olena = await add_person(runtime, "olena", now, None, locale="uk")
    await add_enquiry(runtime, olena, now, name="Олена Коваль", locale="uk")
    first = await add_booking(runtime, olena, TUESDAY_10)
    other = await add_booking(runtime, olena, TUESDAY_10 + timedelta(days=1),
                              consultant="giorgi-kapanadze", centre="kutaisi")
    return first, other


async def told(console: Console, key: str = "olena") -> list[Rendered]:
    """Let the scheduler run, then what the person's chat received."""
    await Scheduler(console.runtime.db, console.runtime.engine, clock=console.clock).run_due()
    async with console.runtime.db.reading() as conn:
        rows = await Repos(conn).outbox.pending_for("telegram", key)
    return [said(row) for row in rows]


def bookings(html: str) -> list[str]:
    return re.findall(r"<h3>([^<]+)</h3>", html)


async def test_day_and_week_per_centre_and_consultant(console: Console) -> None:
    await seed(console)
    await console.sign_in(RECEPTION)
    day = (await console.page("/console/consultations?day=2026-11-24"))[1]
    assert bookings(day) == ["10:00-10:50 · Олена Коваль"]
    assert "+995599000111" in day and "In person" in day and "Nino Beridze" in day
    week = (await console.page("/console/consultations?view=week&day=2026-11-24"))[1]
    assert len(bookings(week)) == 2 and "2026-11-25" in week
    kutaisi = (await console.page("/console/consultations?view=week&day=2026-11-24"
                                  "&centre=kutaisi"))[1]
    assert len(bookings(kutaisi)) == 1
    nino = (await console.page("/console/consultations?view=week&day=2026-11-24"
                               "&consultant=nino-beridze"))[1]
    assert bookings(nino) == ["10:00-10:50 · Олена Коваль"]
    empty = (await console.page("/console/consultations?day=2026-11-30"))[1]
    assert "No consultations in this period." in empty


async def test_mark_attended_and_no_show(console: Console) -> None:
    first, _other = await seed(console)
    await console.sign_in(RECEPTION)
    back = "/console/consultations?day=2026-11-24"
    html = await (await console.post(f"/console/consultations/{first}/attended",
                                     back=back)).text()
    assert '<p class="attendance"><strong>Attended</strong></p>' in html
    html = await (await console.post(f"/console/consultations/{first}/no_show",
                                     back=back)).text()
    assert '<p class="attendance"><strong>Did not come</strong></p>' in html
    elsewhere = await console.post(f"/console/consultations/{first}/attended",
                                   back="https://evil.example/")
    assert elsewhere.url.path == "/console/consultations", "never redirected off the console"


async def test_cancelling_tells_the_person_in_their_language(console: Console) -> None:
    first, _other = await seed(console)
    await console.sign_in(RECEPTION)
    html = await (await console.post(f"/console/consultations/{first}/cancel",
                                     back="/console/consultations?day=2026-11-24")).text()
    assert "No consultations in this period." in html
    (message,) = await told(console)
    assert "скасувати вашу консультацію" in message.text, message.text
    assert "вівторок, 24 листопада, 10:00" in message.text
    again = await console.post(f"/console/consultations/{first}/cancel")
    assert again.status == 404, "already cancelled"


async def test_moving_tells_the_person_the_new_time(console: Console) -> None:
    first, _other = await seed(console)
    await console.sign_in(RECEPTION)
    await console.post(f"/console/consultations/{first}/move", starts="2026-11-24T12:00",
                       back="/console/consultations?day=2026-11-24")
    html = (await console.page("/console/consultations?day=2026-11-24"))[1]
    assert bookings(html) == ["12:00-12:50 · Олена Коваль"]
    (message,) = await told(console)
    assert "перенесла вашу консультацію" in message.text, message.text
    assert "12:00" in message.text
    async with console.runtime.db.reading() as conn:
        jobs = await Repos(conn).jobs.pending_for_booking(first)
    assert [job.due_at for job in jobs] == [datetime(2026, 11, 24, 6, 0, tzinfo=UTC)], \
        "the reminder 2 hours before the new time; the 24-hour one has passed"


async def test_a_move_onto_a_taken_or_past_time_changes_nothing(console: Console) -> None:
    runtime = console.runtime
    first, _other = await seed(console)
    someone = await add_person(runtime, "other", console.clock(), None)
    await add_booking(runtime, someone, TUESDAY_10 + timedelta(hours=2))
    await console.sign_in(RECEPTION)
    taken = await console.post(f"/console/consultations/{first}/move",
                               starts="2026-11-24T12:30")
    assert taken.status == 409 and "That time is not free" in await taken.text()
    for bad in ("2026-11-20T10:00", "tomorrow", ""):
        response = await console.post(f"/console/consultations/{first}/move", starts=bad)
        assert response.status == 400
    assert await told(console) == []


async def test_only_staff_of_the_bookings_queue(console: Console) -> None:
    first, _other = await seed(console)
    await console.sign_in(RECRUITER)
    response = await console.post(f"/console/consultations/{first}/cancel")
    assert response.status == 403
    assert await told(console) == []
