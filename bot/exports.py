"""``carebot enquiries export``: submitted enquiries for the recruitment team's spreadsheet.

Each enquiry keeps what the person saw when they sent it: every question and answer as
labels in their language and the staff language. The export writes those stored labels,
one column per question ever asked, so that it does not depend on today's profile: a
question removed since keeps its column, and another profile cannot turn stored ids into
wrong labels. Enquiries sent before the labels were stored are read with the profile.

CSV starts with a UTF-8 byte order mark (spreadsheets then read Georgian, Cyrillic and
Lithuanian letters right) and its headers are in the staff language.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from bot.i18n import Renderer
from flows.enquiry.submit import answer_text, question_label
from flows.profile import Profile
from flows.text import Msg, _
from storage.db import Database
from storage.enquiries import Enquiry
from storage.repositories import Repos

BOM = "\ufeff"
# The fixed columns: JSON keys, and CSV headers in the staff language.
FIXED: tuple[tuple[str, Msg], ...] = (
    # TRANSLATORS: staff only: a column of the enquiries export (a spreadsheet).
    ("reference", _("Reference")),
    # TRANSLATORS: staff only: a column of the enquiries export: when it was sent (UTC).
    ("created_at", _("Sent at (UTC)")),
    # TRANSLATORS: staff only: a column of the enquiries export: Telegram, Viber...
    ("channel", _("Channel")),
    # TRANSLATORS: staff only: a column of the enquiries export: the person's language.
    ("language", _("Language")),
    # TRANSLATORS: staff only: a column of the enquiries export: the campaign that brought
    # the person.
    ("source", _("Source")),
    # TRANSLATORS: staff only: a column of the enquiries export.
    ("name", _("Name")),
    # TRANSLATORS: staff only: a column of the enquiries export.
    ("phone", _("Phone number")),
    # TRANSLATORS: staff only: a column of the enquiries export: answers worth talking
    # through with the person.
    ("to_discuss", _("To talk through")),
)


@dataclass(frozen=True)
class Column:
    key: str  # the question id
    header: str  # its label in the staff language


def _answers(enquiry: Enquiry, profile: Profile, renderer: Renderer,
             staff: str) -> dict[str, tuple[str, str]]:
    """question id → (question label, answer label), in the staff language."""
    if enquiry.seen:
        return {s.question_id: (s.question.get(staff) or next(iter(s.question.values()), ""),
                                s.answer.get(staff) or next(iter(s.answer.values()), ""))
                for s in enquiry.seen}
    known = {question.id: question for question in profile.screening.questions}
    return {
        qid: (renderer.text(question_label(known[qid]), staff),
              renderer.text(answer_text(known[qid], answer), staff))
        for qid, answer in enquiry.answers.items() if qid in known
    }


def _discussed(enquiry: Enquiry, profile: Profile, renderer: Renderer, staff: str) -> str:
    if enquiry.seen:
        return "; ".join(labels.get(staff) or next(iter(labels.values()), "")
                         for labels in enquiry.seen_discuss)
    found = {}
    for question in profile.screening.questions:
        if question.discuss is not None:
            found[f"{question.id}:yes"] = question.discuss
        for choice in question.choices:
            if choice.discuss is not None:
                found[f"{question.id}:{choice.id}"] = choice.discuss
    return "; ".join(renderer.text(found[key].text, staff) if key in found else key
                     for key in enquiry.to_discuss)


def enquiry_rows(
    enquiries: list[Enquiry], profile: Profile, renderer: Renderer
) -> tuple[list[Column], list[dict[str, Any]]]:
    """The question columns (today's questions first, in the profile's order, then any
    only the stored enquiries know) and one row per enquiry."""
    staff = profile.agency.staff_locale
    headers: dict[str, str] = {}
    rows = []
    for enquiry in enquiries:
        answers = _answers(enquiry, profile, renderer, staff)
        row: dict[str, Any] = {
            "id": enquiry.id,
            "reference": enquiry.reference,
            "created_at": enquiry.created_at.isoformat(timespec="seconds"),
            "channel": enquiry.channel,
            "language": enquiry.locale,
            "source": enquiry.source or "",
            "name": enquiry.name,
            "phone": enquiry.phone,
            "to_discuss": _discussed(enquiry, profile, renderer, staff),
        }
        for qid, (question, answer) in answers.items():
            headers[qid] = question  # the newest label wins
            row[qid] = answer
        rows.append(row)
    order = [q.id for q in profile.screening.questions if q.id in headers]
    order += [qid for qid in headers if qid not in order]
    columns = _unique([Column(qid, headers[qid]) for qid in order])
    for row in rows:
        for column in columns:
            row.setdefault(column.key, "")
    return columns, rows


def _unique(columns: list[Column]) -> list[Column]:
    """Two questions with the same label get their ids added, so no header repeats."""
    counts: dict[str, int] = {}
    for column in columns:
        counts[column.header] = counts.get(column.header, 0) + 1
    return [Column(c.key, f"{c.header} ({c.key})" if counts[c.header] > 1 else c.header)
            for c in columns]


async def export_enquiries(
    db: Database, profile: Profile, renderer: Renderer, since: datetime | None, fmt: str,
    out: TextIO, *, until: datetime | None = None,
) -> int:
    """Write enquiries sent at or after ``since`` and before ``until``; how many."""
    async with db.reading() as conn:
        enquiries = await Repos(conn).enquiries.between(since, until)
    columns, rows = enquiry_rows(enquiries, profile, renderer)
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return len(rows)
    staff = profile.agency.staff_locale
    fixed = [(key, renderer.text(header, staff)) for key, header in FIXED]
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([header for _key, header in fixed] + [c.header for c in columns])
    for row in rows:
        writer.writerow([row[key] for key, _header in fixed] + [row[c.key] for c in columns])
    return len(rows)
