"""Availability edited in the console: weekly hours, days off and absences, with the free
times people are offered changing at once; and the list of unfinished enquiries."""

from __future__ import annotations

from tests.bot.webconsole.conftest import RECEPTION, RECRUITER, Console
from tests.conftest import Person


async def offered_days(console: Console, external_id: str) -> list[str]:
    """What a person booking «parenting» in Tbilisi is offered: the day buttons."""
    person = Person(console.runtime, external_id=external_id)
    await person.send("/start")
    await person.send(choice="menu:book")
    await person.send(choice="svc:parenting")
    await person.send(choice="whom:self")
    await person.send(choice="mode:in_person")
    replies = await person.send(choice="centre:tbilisi")
    return [c.label for r in replies for c in r.choices if c.id.wire.startswith("day:")]


async def test_new_hours_and_days_off_change_the_times_at_once(console: Console) -> None:
    before = await offered_days(console, "p1")
    assert before, "the profile's hours offer days in Tbilisi"
    await console.sign_in(RECEPTION)
    html = (await console.page("/console/availability"))[1]
    assert "mon 10:00-14:00 tbilisi" in html and "(from the profile)" in html
    # Nino works in Tbilisi only on Saturdays from now on; nobody else does parenting there.
    response = await console.post("/console/availability/nino-beridze/hours",
                                  hours="sat 10:00-12:00 tbilisi\nmon 10:00-12:00 remote")
    html = await response.text()
    assert response.status == 200 and "sat 10:00-12:00 tbilisi" in html
    after = await offered_days(console, "p2")
    assert after and all(label.startswith("Sat") for label in after), after

    first_saturday = "2026-11-28"
    await console.post("/console/availability/nino-beridze/away", **{
        "from": first_saturday, "to": first_saturday})
    later = await offered_days(console, "p3")
    assert "Sat 28 November" not in later and later, later
    html = (await console.page("/console/availability"))[1]
    assert "28 Nov 2026, 00:00 – 29 Nov 2026, 00:00" in html


async def test_hours_that_cannot_be_read_change_nothing(console: Console) -> None:
    await console.sign_in(RECEPTION)
    for bad in ("monday 10-14", "mon 14:00-10:00 tbilisi", "mon 10:00-14:00 atlantis",
                "sun 25:00-26:00 remote", "x" * 3000):
        response = await console.post("/console/availability/nino-beridze/hours", hours=bad)
        assert response.status == 400 and "could not be read" in await response.text()
    html = (await console.page("/console/availability"))[1]
    assert "(from the profile)" in html
    gone = await console.post("/console/availability/nobody/hours", hours="")
    assert gone.status == 404
    late = await console.post("/console/availability/nino-beridze/away",
                              **{"from": "2026-11-28T12:00", "to": "2026-11-28T10:00"})
    assert late.status == 400


async def test_unfinished_enquiries_are_listed(console: Console) -> None:
    person = Person(console.runtime, external_id="halfway")
    await person.send("/start spring")
    await person.send(choice="menu:foster")
    await person.send(choice="learn:start")
    await person.send(choice="consent:yes")
    await console.sign_in(RECRUITER)
    status, html = await console.page("/console/follow-ups")
    assert status == 200
    assert "spring" in html and "Due 25 Nov 2026, 13:00" in html, html
    console.client.session.cookie_jar.clear()
    await console.sign_in(RECEPTION)
    assert (await console.page("/console/follow-ups"))[0] == 403
