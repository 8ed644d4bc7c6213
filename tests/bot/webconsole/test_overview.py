"""The overview's recruitment funnel matches a seeded database exactly: per stage, per
week, per campaign source, the conversion between stages and the median time to the first
contact; open tickets per queue; consultations today and this week."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.runtime import Runtime
from storage import funnel, pipeline
from tests.bot.webconsole.conftest import (
    DESK_AGENT,
    SUPERVISOR,
    Console,
    add_booking,
    add_enquiry,
    add_person,
)

WEEK1 = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)  # Tuesday of the week of 2 November
WEEK3 = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)
WEEK4 = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)  # 09:00 on Monday 23 November in Tbilisi
PERIOD = "from=2026-11-01&to=2026-11-30"


async def seed_funnel(runtime: Runtime) -> None:
    """Spring campaign: 10 opened, 8 consented, 6 sent, 4 contacted, 3 information
    session, 2 applied, 1 approved. Without a source: 5 opened, 2 consented, 1 sent. One
    journey began in October, outside the period."""
    plan = [  # opened at, last bot stage, staff stages with hours after the enquiry
        (WEEK1, "sent", [("contacted", 1), ("info_session", 30), ("application", 60),
                         ("approved", 90)]),
        (WEEK1, "sent", [("contacted", 3), ("application", 50)]),  # skipped the session
        (WEEK1, "sent", [("contacted", 5), ("info_session", 40)]),
        (WEEK1, "sent", [("contacted", 27)]),
        (WEEK1, "sent", []),
        (WEEK3, "sent", []),
        (WEEK3, "consented", []), (WEEK3, "consented", []),
        (WEEK3, "opened", []), (WEEK3, "opened", []),
    ]
    for n, (opened, last, staff) in enumerate(plan):
        await journey(runtime, f"spring-{n}", "spring", opened, last, staff)
    for n, last in enumerate(("sent", "consented", "opened", "opened", "opened")):
        await journey(runtime, f"plain-{n}", None, WEEK4, last, [("withdrawn", 2)])
    await journey(runtime, "october", "spring", datetime(2026, 10, 20, tzinfo=UTC), "sent",
                  [("contacted", 1)])


async def journey(runtime: Runtime, key: str, source: str | None, opened: datetime,
                  last: str, staff: list[tuple[str, int]]) -> None:
    person = await add_person(runtime, key, opened, source)
    async with runtime.db.transaction() as conn:
        await funnel.mark(conn, person, "opened", opened, source)
        if last in ("consented", "sent"):
            await funnel.mark(conn, person, "consented", opened + timedelta(minutes=2))
    if last != "sent":
        return
    sent = opened + timedelta(minutes=20)
    enquiry = await add_enquiry(runtime, person, sent, name=f"Name {key}", source=source)
    async with runtime.db.transaction() as conn:
        for stage, after in staff:
            await pipeline.set_stage(conn, enquiry, stage, SUPERVISOR,
                                     sent + timedelta(hours=after))


def funnel_table(html: str) -> dict[str, tuple[int, str]]:
    rows = re.findall(r'<tr data-stage="(\w+)"><td>[^<]*</td><td class="num">(\d+)</td>\s*'
                      r'<td class="num">([^<]*)</td>', html)
    return {stage: (int(count), share) for stage, count, share in rows}


async def test_the_funnel_matches_the_seeded_database(console: Console) -> None:
    await seed_funnel(console.runtime)
    await console.sign_in(SUPERVISOR)
    status, html = await console.page(f"/console/overview?{PERIOD}")
    assert status == 200
    assert funnel_table(html) == {
        "opened": (15, "—"), "consented": (10, "67 %"), "sent": (7, "70 %"),
        "contacted": (4, "57 %"), "info_session": (3, "75 %"), "applied": (2, "67 %"),
        "approved": (1, "50 %"),
    }
    # Contacted 1, 3, 5 and 27 hours after the enquiry: the median is 4 hours.
    assert "<strong>4.0 h</strong>" in html and "over 4 enquiries" in html


async def test_the_funnel_by_week_and_by_source(console: Console) -> None:
    await seed_funnel(console.runtime)
    await console.sign_in(SUPERVISOR)
    html = (await console.page(f"/console/overview?{PERIOD}"))[1]
    weeks = re.search(r'<table class="weeks">.*?<tbody>(.*?)</tbody>', html, re.S)
    sources = re.search(r'<table class="sources">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert weeks and sources

    def counts(table: str) -> dict[str, list[int]]:
        found = {}
        for label, cells in re.findall(r"<tr><th>([^<]+)</th>(.*?)</tr>", table, re.S):
            found[label] = [int(n) for n in re.findall(r'<td class="num">(\d+)', cells)]
        return found

    assert counts(weeks.group(1)) == {
        "2026-11-02": [5, 5, 5, 4, 3, 2, 1],
        "2026-11-16": [5, 3, 1, 0, 0, 0, 0],
        "2026-11-23": [5, 2, 1, 0, 0, 0, 0],
    }
    assert counts(sources.group(1)) == {
        "spring": [10, 8, 6, 4, 3, 2, 1],
        "(no source)": [5, 2, 1, 0, 0, 0, 0],
    }
    only = (await console.page(f"/console/overview?{PERIOD}&source=spring"))[1]
    assert funnel_table(only)["opened"] == (10, "—")
    assert funnel_table(only)["sent"] == (6, "75 %")


async def test_a_period_without_journeys_shows_zeros(console: Console) -> None:
    await seed_funnel(console.runtime)
    await console.sign_in(SUPERVISOR)
    html = (await console.page("/console/overview?from=2025-01-01&to=2025-01-31"))[1]
    assert all(count == 0 for count, _share in funnel_table(html).values())
    assert "Nothing in this period." in html
    for hostile in ("from=2026-99-99", "from=x&to=%00", "to=2026-11-01&from=2026-11-30",
                    "source=" + "ü" * 500):
        assert (await console.page(f"/console/overview?{hostile}"))[0] == 200


async def test_open_tickets_and_consultations(console: Console) -> None:
    runtime = console.runtime
    now = console.clock()
    person = await add_person(runtime, "p", now, None)
    async with runtime.db.transaction() as conn:
        for queue, minutes in (("enquiries", 30), ("enquiries", 5), ("general", 400)):
            await conn.execute(
                "INSERT INTO tickets (person_id, queue, kind, locale, card, created_at,"
                " updated_at) VALUES (?, ?, 'handoff', 'ka', '', ?, ?)",
                (person, queue, (now - timedelta(minutes=minutes)).isoformat(),
                 now.isoformat()))
    await add_booking(runtime, person, now + timedelta(hours=3))
    await add_booking(runtime, person, now + timedelta(days=2), consultant="tamar-gelashvili")
    await add_booking(runtime, person, now + timedelta(days=9))
    await console.sign_in(SUPERVISOR)
    html = (await console.page("/console/overview"))[1]
    queues = re.search(r'<table class="queues">(.*?)</table>', html, re.S)
    assert queues
    assert "30 min" in queues.group(1) and "400 min" in queues.group(1)
    assert 'class="late"' in queues.group(1), "400 minutes is past the general queue's target"
    assert "Today: 1" in html and "This week: 2" in html
    console.client.session.cookie_jar.clear()
    await console.sign_in(DESK_AGENT)  # the general queue only
    mine = re.search(r'<table class="queues">(.*?)</table>', (await console.page(
        "/console/overview"))[1], re.S)
    assert mine and "400 min" in mine.group(1) and "30 min" not in mine.group(1)
