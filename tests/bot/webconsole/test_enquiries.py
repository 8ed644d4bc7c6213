"""Enquiries in the console: the filtered list, one enquiry with its answers in the staff
language, its stage (each change kept with who and when), the follow-up date, notes, and
the export of the filtered list."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from openpyxl import load_workbook

from storage import audit
from tests.bot.webconsole.conftest import (
    RECRUITER,
    SUPERVISOR,
    Console,
    add_enquiry,
    add_person,
)


async def seed(console: Console) -> list[int]:
    runtime, now = console.runtime, console.clock()
    found = []
    for n, (name, source, town, discuss, locale) in enumerate((
        ("Nino Beridze", "spring", "tbilisi", ["health:yes"], "ka"),
        ("Олена Коваль", "spring", "kutaisi", [], "uk"),
        ("Jonas Petraitis", None, "tbilisi", [], "lt"),
        ("=HYPERLINK(\"x\")", "autumn", "gori", [], "en"),
    )):
        person = await add_person(runtime, f"e{n}", now, source)
        found.append(await add_enquiry(runtime, person, now - timedelta(days=n), name=name,
                                       source=source, town=town, discuss=discuss,
                                       locale=locale))
    return found


def names(html: str) -> list[str]:
    body = re.search(r'<table class="enquiries">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert body
    return re.findall(r'</td><td>[^<]*</td><td>([^<]+)</td>\s*<td class="stage">', body.group(1))


async def test_the_list_filters_and_searches(console: Console) -> None:
    await seed(console)
    await console.sign_in(RECRUITER)
    everyone = names((await console.page("/console/enquiries"))[1])
    assert len(everyone) == 4 and everyone[0] == "Nino Beridze", "newest first"
    for query, expected in (
        ("source=spring", ["Nino Beridze", "Олена Коваль"]),
        ("centre=tbilisi", ["Nino Beridze", "Jonas Petraitis"]),
        ("language=uk", ["Олена Коваль"]),
        ("discuss=yes", ["Nino Beridze"]),
        ("q=олена", ["Олена Коваль"]),
        ("q=E-1003", ["Jonas Petraitis"]),
        ("stage=contacted", []),
        ("from=2026-11-22&to=2026-11-23", ["Nino Beridze", "Олена Коваль"]),
    ):
        assert names((await console.page(f"/console/enquiries?{query}"))[1]) == expected, query
    for hostile in ("stage=%27;DROP", "centre=../../etc", "from=9999-99-99", "q=" + "x" * 5000):
        status, html = await console.page(f"/console/enquiries?{hostile}")
        assert status == 200 and "<table" in html


async def test_changing_the_stage_is_recorded_with_who_and_when(console: Console) -> None:
    first, *_rest = await seed(console)
    await console.sign_in(RECRUITER)
    status, html = await console.page(f"/console/enquiries/{first}")
    assert status == 200 and "Nino Beridze" in html and "+995599123456" in html
    assert '<dd class="stage">New</dd>' in html and "Not changed yet." in html
    console.clock.advance(minutes=5)
    response = await console.post(f"/console/enquiries/{first}/stage", stage="contacted")
    html = await response.text()
    assert response.status == 200 and response.url.path == f"/console/enquiries/{first}"
    assert '<dd class="stage">Contacted</dd>' in html
    # 09:05 UTC is 13:05 in Tbilisi, the agency's time.
    assert re.search(r"<li>23 Nov 2026, 13:05 · Contacted · Levan \(recruitment\)</li>", html), html
    listed = (await console.page("/console/enquiries?stage=contacted"))[1]
    assert names(listed) == ["Nino Beridze"]
    entries = await audit.list_entries(console.runtime.db)
    assert [(e.action, e.detail) for e in entries if e.action == "console_stage"] == [
        ("console_stage", "E-1001:contacted")]
    bad = await console.post(f"/console/enquiries/{first}/stage", stage="hired")
    assert bad.status == 400


async def test_follow_up_date_and_notes(console: Console) -> None:
    first, *_rest = await seed(console)
    await console.sign_in(RECRUITER)
    await console.post(f"/console/enquiries/{first}/follow-up", on="2026-12-01")
    html = await (await console.post(f"/console/enquiries/{first}/note",
                                     body="Prefers a call after 18:00 <b>")).text()
    assert 'value="2026-12-01"' in html
    assert "Prefers a call after 18:00 &lt;b&gt;" in html, "escaped, never markup"
    assert "2026-12-01" in (await console.page("/console/enquiries"))[1]
    missing = await console.post("/console/enquiries/999/note", body="x")
    assert missing.status == 404


async def test_export_csv_and_xlsx_of_the_filtered_list(console: Console) -> None:
    await seed(console)
    await console.sign_in(SUPERVISOR)
    response = await console.client.get("/console/enquiries/export.csv?source=spring")
    body = await response.read()
    assert response.status == 200 and body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Sent at (UTC)", "Channel"] and "Stage" in rows[0]
    assert [row[5] for row in rows[1:]] == ["Nino Beridze", "Олена Коваль"]
    everything = await console.client.get("/console/enquiries/export.xlsx")
    book = load_workbook(io.BytesIO(await everything.read()))
    sheet = book.active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 5 and values[1][5] == "Nino Beridze"
    assert values[4][5] == "'=HYPERLINK(\"x\")", "a formula stays text"
    assert any(e.action == "console_export" for e in await audit.list_entries(
        console.runtime.db))


async def test_supervisors_erase_a_person_agents_cannot(console: Console) -> None:
    first, *_rest = await seed(console)
    await console.sign_in(RECRUITER)
    assert "Erase everything" not in (await console.page(f"/console/enquiries/{first}"))[1]
    refused = await console.post(f"/console/enquiries/{first}/erase", sure="yes")
    assert refused.status == 403
    console.client.session.cookie_jar.clear()
    await console.sign_in(SUPERVISOR)
    assert "Erase everything" in (await console.page(f"/console/enquiries/{first}"))[1]
    unsure = await console.post(f"/console/enquiries/{first}/erase")
    assert unsure.status == 400 and "Nothing was erased" in await unsure.text()
    done = await console.post(f"/console/enquiries/{first}/erase", sure="yes")
    assert done.status == 200 and "Everything stored about the person" in await done.text()
    assert (await console.page(f"/console/enquiries/{first}"))[0] == 404
    assert "Nino Beridze" not in (await console.page("/console/enquiries"))[1]
    actions = [(e.staff_id, e.action, e.detail) for e in await audit.list_entries(
        console.runtime.db) if e.action == "erase"]
    assert actions == [(RECRUITER, "erase", "refused"), (SUPERVISOR, "erase", "unconfirmed"),
                       (SUPERVISOR, "erase", "")]
