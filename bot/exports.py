"""``carebot enquiries export``: submitted enquiries for the recruitment team's spreadsheet.

Answers are written as their labels in the staff language, one column per question.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from typing import Any, TextIO

from bot.i18n import Renderer
from flows.enquiry.submit import answer_text
from flows.profile import Profile
from storage.db import Database
from storage.enquiries import Enquiry
from storage.repositories import Repos


def enquiry_rows(enquiries: list[Enquiry], profile: Profile, renderer: Renderer) -> list[
    dict[str, Any]
]:
    staff = profile.agency.staff_locale
    discuss_labels = {}
    for question in profile.screening.questions:
        if question.discuss is not None:
            discuss_labels[f"{question.id}:yes"] = question.discuss
        for choice in question.choices:
            if choice.discuss is not None:
                discuss_labels[f"{question.id}:{choice.id}"] = choice.discuss
    rows = []
    for enquiry in enquiries:
        row: dict[str, Any] = {
            "id": enquiry.id,
            "created_at": enquiry.created_at.isoformat(timespec="seconds"),
            "channel": enquiry.channel,
            "language": enquiry.locale,
            "source": enquiry.source or "",
            "name": enquiry.name,
            "phone": enquiry.phone,
            "to_discuss": "; ".join(
                renderer.text(discuss_labels[key].text, staff) if key in discuss_labels else key
                for key in enquiry.to_discuss
            ),
        }
        for question in profile.screening.questions:
            if question.id in enquiry.answers:
                text = answer_text(question, enquiry.answers[question.id])
                row[question.id] = renderer.text(text, staff)
            else:
                row[question.id] = ""
        rows.append(row)
    return rows


async def export_enquiries(
    db: Database, profile: Profile, renderer: Renderer, since: datetime, fmt: str, out: TextIO
) -> int:
    async with db.reading() as conn:
        enquiries = await Repos(conn).enquiries.since(since)
    rows = enquiry_rows(enquiries, profile, renderer)
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        columns = ["id", "created_at", "channel", "language", "source", "name", "phone",
                   "to_discuss", *(q.id for q in profile.screening.questions)]
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
