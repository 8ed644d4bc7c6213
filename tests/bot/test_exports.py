"""The recruitment team's export of submitted enquiries."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from bot.exports import export_enquiries
from bot.runtime import Runtime
from tests.bot.test_cli import carebot
from tests.flows.test_enquiry import complete_enquiry


async def test_csv_has_one_row_per_enquiry_with_answers_in_the_staff_language(
    runtime: Runtime,
) -> None:
    await complete_enquiry(runtime, "uk")
    out = io.StringIO()
    count = await export_enquiries(runtime.db, runtime.profile, runtime.renderer,
                                   datetime(2026, 11, 1, tzinfo=UTC), "csv", out)
    assert count == 1
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["name"] == "Nino" and row["phone"] == "+995555123456"
    assert row["language"] == "uk" and row["channel"] == "console"
    town = runtime.profile.screening.questions[0]
    assert row[town.id] == town.choices[0].label.root["ka"], "answers in the staff language"
    private = next(q for q in runtime.profile.screening.questions if q.id == "private_matters")
    assert private.discuss is not None and private.discuss.root["ka"] in row["to_discuss"]


async def test_since_leaves_out_older_enquiries(runtime: Runtime) -> None:
    await complete_enquiry(runtime, "en")
    out = io.StringIO()
    count = await export_enquiries(runtime.db, runtime.profile, runtime.renderer,
                                   datetime(2026, 12, 1, tzinfo=UTC), "json", out)
    assert count == 0 and json.loads(out.getvalue()) == []


async def test_the_command_writes_json(runtime: Runtime, tmp_path: Path) -> None:
    await complete_enquiry(runtime, "pl")
    result = carebot("enquiries", "export", "--since", "2026-11-01", "--format", "json",
                     cwd=tmp_path, DATABASE_URL=f"sqlite:///{runtime.db.path}")
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert row["language"] == "pl" and row["name"] == "Nino"
    assert "enquiries exported: 1 (since 2026-11-01)" in result.stderr


def test_a_bad_date_is_refused_clearly(tmp_path: Path) -> None:
    result = carebot("enquiries", "export", "--since", "last week", cwd=tmp_path)
    assert result.returncode == 2
    assert "'last week' is not a date like 2026-11-01" in result.stderr
