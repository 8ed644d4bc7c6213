"""«Send me my data» (art. 15 and 20): everything stored about the person, as a text in
their language and as JSON, sent through the outbox like any other message.

Internal notes staff wrote about the person are included with their text and time; who
wrote them is left out (it is the staff member's personal data, art. 15(4)).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from flows.booking.mine import booking_line
from flows.effects import FileBody
from flows.enquiry.submit import answer_text, question_label
from flows.framework import Context
from flows.languages import LANGUAGES
from flows.messages import Outbound
from flows.text import Text, Verbatim, When, _, join
from storage.privacy import PersonData, collect

TEXT_MIME = "text/plain"
JSON_MIME = "application/json"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# The stages staff set in the coordinators' console (the same words the console shows).
STAGES: dict[str, Text] = {
    "new": _("New"), "contacted": _("Contacted"), "info_session": _("Information session"),
    "application": _("Application"), "training": _("Training"), "approved": _("Approved"),
    "withdrawn": _("Withdrawn"), "not_proceeding": _("Not proceeding"),
}


def as_json(data: PersonData) -> dict[str, Any]:
    """The machine-readable copy: every stored field (staff authors left out)."""
    plain: dict[str, Any] = _plain(asdict(data))
    for record in plain["tickets"]:
        record["ticket"].pop("assignee", None)
    plain["format"] = "carebot-person-data/1"
    return plain


def _answers(ctx: Context, answers: dict[str, Any]) -> list[Text]:
    lines: list[Text] = []
    for question in ctx.profile.screening.questions:
        if question.id in answers:
            lines.append(join(question_label(question), answer_text(question,
                                                                     answers[question.id]),
                              separator=": "))
    contact = answers.get("contact")
    if isinstance(contact, dict):
        lines += [Verbatim(str(v)) for v in contact.values() if v]
    return lines


def as_text(ctx: Context, data: PersonData) -> Text:
    tz = ctx.profile.centres[0].timezone
    person = data.person
    parts: list[Text | None] = [
        _("Your data at {agency}, as of {when}", agency=ctx.profile.agency.name.text,
          when=When(ctx.now, tz)),
        join(_("Language: {language}", language=Verbatim(LANGUAGES.get(person.locale,
                                                                       person.locale))),
             _("First contact: {when}", when=When(person.created_at, tz)),
             _("Last contact: {when}", when=When(person.last_seen_at, tz)), separator="\n"),
    ]
    if data.consents:
        parts.append(join(_("Consents:"), *(
            join(Verbatim(f"• {c.purpose} ({c.version})"), When(c.given_at, tz),
                 _("withdrawn on {when}", when=When(c.withdrawn_at, tz))
                 if c.withdrawn_at else None, separator=", ")
            for c in data.consents), separator="\n"))
    if data.draft is not None:
        answers = dict(data.draft.answers.get("answers", {}))
        answers["contact"] = data.draft.answers.get("contact", {})
        parts.append(join(_("Unfinished answers:"), *_answers(ctx, answers), separator="\n"))
    for enquiry in data.enquiries:
        parts.append(join(
            _("Enquiry sent on {when}:", when=When(enquiry.created_at, tz)),
            Verbatim(enquiry.name), Verbatim(enquiry.phone),
            *_answers(ctx, enquiry.answers), separator="\n"))
    for progress in data.progress:
        if not (progress.stage_changes or progress.notes or progress.follow_up_on):
            continue
        parts.append(join(
            _("What our team recorded about your enquiry:"),
            *(join(Verbatim("•"), STAGES.get(stage, Verbatim(stage)), When(at, tz),
                   separator=" ") for stage, at in progress.stage_changes),
            _("We plan to contact you again on {date}.",
              date=Verbatim(progress.follow_up_on.isoformat()))
            if progress.follow_up_on else None,
            _("Our team's notes:") if progress.notes else None,
            *(join(When(note.at, tz), Verbatim(note.text), separator=": ")
              for note in progress.notes), separator="\n"))
    if data.bookings:
        parts.append(join(_("Consultations:"), *(
            join(Verbatim("•"), booking_line(ctx, b), Verbatim(
                f"({b.status}, {data.attendance[b.id]})" if b.id in data.attendance
                else f"({b.status})"), separator=" ")
            for b in data.bookings), separator="\n"))
    if data.waiting:
        parts.append(join(_("Waiting list:"), *(
            Verbatim(f"• {w.service} ({w.status})") for w in data.waiting), separator="\n"))
    for record in data.tickets:
        ticket = record.ticket
        notes = [join(When(e.at, tz), Verbatim(e.note), separator=": ")
                 for e in record.events if e.note]
        parts.append(join(
            _("Conversation with our team #{number}, from {when} ({status})",
              number=ticket.id, when=When(ticket.created_at, tz),
              status=Verbatim(ticket.status)),
            _("Our team's notes:") if notes else None, *notes, separator="\n"))
    parts.append(_("Our team's copy of your conversations is in their work chat, not in"
                   " this bot; ask us at {email} if you would like a copy of it.",
                   email=Verbatim(ctx.profile.agency.email)))
    return join(*parts)


async def my_data(ctx: Context) -> list[Outbound]:
    data = await collect(ctx.repos.conn, ctx.person.id)
    assert data is not None
    text = ctx.render(as_text(ctx, data), ctx.locale)
    body = json.dumps(as_json(data), ensure_ascii=False, indent=2).encode()
    return [
        Outbound(_("Here is everything we have stored about you: one file to read, and the"
                   " same data as JSON for other programs."),
                 attachment=FileBody("my-data.txt", TEXT_MIME, text.encode())),
        Outbound(join(), attachment=FileBody("my-data.json", JSON_MIME, body)),
    ]
