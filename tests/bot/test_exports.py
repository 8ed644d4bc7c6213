"""The recruitment team's export of submitted enquiries."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from bot.exports import export_enquiries
from bot.runtime import Runtime
from flows.profile import LText, Profile
from flows.text import _
from tests.cli import carebot
from tests.flows.booking_kit import edited
from tests.flows.test_enquiry import complete_enquiry


def header(runtime: Runtime, msgid: str) -> str:
    return runtime.renderer.text(_(msgid), runtime.profile.agency.staff_locale)


def label(text: LText | None, lang: str = "ka") -> str:
    assert text is not None
    return text.root[lang]


async def export_csv(runtime: Runtime, profile: Profile | None = None) -> str:
    out = io.StringIO()
    await export_enquiries(runtime.db, profile or runtime.profile, runtime.renderer, None,
                           "csv", out)
    return out.getvalue()


async def test_csv_has_one_row_per_enquiry_with_answers_in_the_staff_language(
    runtime: Runtime,
) -> None:
    await complete_enquiry(runtime, "uk")
    out = io.StringIO()
    count = await export_enquiries(runtime.db, runtime.profile, runtime.renderer,
                                   datetime(2026, 11, 1, tzinfo=UTC), "csv", out)
    assert count == 1
    written = out.getvalue()
    assert written.startswith("\ufeff"), "a BOM, so spreadsheets read the letters right"
    (row,) = list(csv.DictReader(io.StringIO(written.removeprefix("\ufeff"))))
    assert row[header(runtime, "Name")] == "Nino"
    assert row[header(runtime, "Phone number")] == "+995555123456"
    assert row[header(runtime, "Language")] == "uk"
    assert row[header(runtime, "Channel")] == "console"
    assert row[header(runtime, "Reference")] == "E-1001"
    town = runtime.profile.screening.questions[0]
    assert row[label(town.summary)] == label(town.choices[0].label), \
        "questions and answers in the staff language"
    private = next(q for q in runtime.profile.screening.questions if q.id == "private_matters")
    assert label(private.discuss) in row[header(runtime, "To talk through")]


async def test_the_export_keeps_what_the_person_saw_when_the_profile_changes(
    runtime: Runtime,
) -> None:
    await complete_enquiry(runtime, "en")
    profile = runtime.profile
    town, age, *rest = profile.screening.questions
    # The agency removes the age question and another profile relabels the towns' ids.
    relabelled = town.model_copy(update={
        "summary": LText({code: "Region" for code in town.summary.root}),  # type: ignore[union-attr]
        "choices": [c.model_copy(update={"label": LText({code: f"Elsewhere {n}"
                                                          for code in c.label.root})})
                    for n, c in enumerate(town.choices)],
    })
    changed = edited(profile, screening={**profile.screening.model_dump(),
                                         "questions": [relabelled.model_dump(),
                                                       *(q.model_dump() for q in rest)]})
    (row,) = list(csv.DictReader(io.StringIO((await export_csv(runtime, changed))
                                             .removeprefix("\ufeff"))))
    assert row[label(town.summary)] == label(town.choices[0].label)
    assert "Region" not in row and "Elsewhere 0" not in row.values()
    assert row[label(age.summary or age.prompt)] != "", "a removed question keeps its column"


async def test_since_leaves_out_older_enquiries(runtime: Runtime) -> None:
    await complete_enquiry(runtime, "en")
    out = io.StringIO()
    count = await export_enquiries(runtime.db, runtime.profile, runtime.renderer,
                                   datetime(2026, 12, 1, tzinfo=UTC), "json", out)
    assert count == 0 and json.loads(out.getvalue()) == []


async def test_until_leaves_out_newer_enquiries(runtime: Runtime) -> None:
    await complete_enquiry(runtime, "en")  # on 23 November
    out = io.StringIO()
    count = await export_enquiries(runtime.db, runtime.profile, runtime.renderer, None,
                                   "json", out, until=datetime(2026, 11, 23, tzinfo=UTC))
    assert count == 0 and json.loads(out.getvalue()) == []


async def test_the_command_writes_json(runtime: Runtime, tmp_path: Path) -> None:
    await complete_enquiry(runtime, "pl")
    result = carebot("enquiries", "export", "--since", "2026-11-01", "--format", "json",
                     cwd=tmp_path, DATABASE_URL=f"sqlite:///{runtime.db.path}")
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert row["language"] == "pl" and row["name"] == "Nino"
    assert "enquiries exported: 1 (since 2026-11-01)" in result.stderr


async def test_the_command_needs_no_dates_and_until_takes_in_the_whole_day(
    runtime: Runtime, tmp_path: Path
) -> None:
    await complete_enquiry(runtime, "ka")  # on 23 November
    every = carebot("enquiries", "export", cwd=tmp_path, LANG="C", PYTHONIOENCODING="ascii",
                    DATABASE_URL=f"sqlite:///{runtime.db.path}")
    assert every.returncode == 0, every.stderr
    assert every.stdout.startswith("\ufeff") and "Nino" in every.stdout
    assert "enquiries exported: 1\n" in every.stderr
    that_day = carebot("enquiries", "export", "--until", "2026-11-23", "--format", "json",
                       cwd=tmp_path, DATABASE_URL=f"sqlite:///{runtime.db.path}")
    assert len(json.loads(that_day.stdout)) == 1
    before = carebot("enquiries", "export", "--until", "2026-11-22", "--format", "json",
                     cwd=tmp_path, DATABASE_URL=f"sqlite:///{runtime.db.path}")
    assert json.loads(before.stdout) == []
    assert "enquiries exported: 0 (until 2026-11-22)" in before.stderr


def test_a_bad_date_is_refused_clearly(tmp_path: Path) -> None:
    result = carebot("enquiries", "export", "--since", "last week", cwd=tmp_path)
    assert result.returncode == 2
    assert "'last week' is not a date like 2026-11-01" in result.stderr
