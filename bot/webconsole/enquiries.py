"""Enquiries: a filterable, searchable list; one enquiry with its answers in the staff
language, its stage (each change kept with who and when), a follow-up date and internal
notes; the filtered list as CSV or XLSX."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from aiohttp import web

from bot.exports import enquiry_rows
from bot.webconsole import forms
from bot.webconsole.keys import (
    ENQUIRIES_QUEUE,
    RUNTIME,
    STAFF_LOCALE,
    Refused,
    Signed,
    form_of,
    signed_in,
)
from bot.webconsole.render import gettext, page, timezone
from flows.languages import LANGUAGE_CODES, LANGUAGES
from flows.messages import Inbound
from storage import audit, pipeline
from storage.pipeline import STAGES, Filters, Tracked
from storage.repositories import Repos


def stage_names(request: web.Request) -> dict[str, str]:
    _ = lambda msgid: gettext(request, msgid)  # noqa: E731
    return {
        # TRANSLATORS: staff only: the stage of an enquiry in the coordinators' console.
        "new": _("New"), "contacted": _("Contacted"), "info_session": _("Information session"),
        "application": _("Application"), "training": _("Training"), "approved": _("Approved"),
        "withdrawn": _("Withdrawn"), "not_proceeding": _("Not proceeding"),
    }


def allowed(request: web.Request) -> Signed:
    signed = signed_in(request)
    if not signed.sees(ENQUIRIES_QUEUE):
        raise Refused
    return signed


def centre_of(request: web.Request, tracked: Tracked) -> str | None:
    town = tracked.enquiry.answers.get("town")
    profile = request.app[RUNTIME].profile
    return str(town) if isinstance(town, str) and profile.centre(town) else None


@dataclass(frozen=True)
class Wanted:
    filters: Filters
    centre: str | None
    discuss: str | None  # "yes": has things to talk through; "no": none
    search: str
    query: dict[str, str]  # what was asked, for the form and the export links


def wanted(request: web.Request, source: Mapping[str, object]) -> Wanted:
    zone = timezone(request)
    first, last = forms.day(source, "from"), forms.day(source, "to")
    profile = request.app[RUNTIME].profile
    filters = Filters(
        stage=forms.choice(source, "stage", STAGES),
        source=forms.text(source, "source", 64) or None,
        language=forms.choice(source, "language", LANGUAGE_CODES),
        since=forms.start_of(first, zone) if first else None,
        until=forms.start_of(last + timedelta(days=1), zone) if last else None,
    )
    centre = forms.choice(source, "centre", [c.id for c in profile.centres])
    query = {key: forms.text(source, key, 64) for key in
             ("stage", "source", "centre", "language", "discuss", "from", "to", "q")}
    return Wanted(filters, centre, forms.choice(source, "discuss", ("yes", "no")),
                  forms.text(source, "q", 100).casefold(), {k: v for k, v in query.items() if v})


async def matching(request: web.Request, want: Wanted) -> list[Tracked]:
    async with request.app[RUNTIME].db.reading() as conn:
        found = await pipeline.listing(conn, want.filters)
    kept = []
    for tracked in found:
        enquiry = tracked.enquiry
        if want.centre is not None and centre_of(request, tracked) != want.centre:
            continue
        if want.discuss == "yes" and not enquiry.to_discuss:
            continue
        if want.discuss == "no" and enquiry.to_discuss:
            continue
        if want.search and not any(want.search in field.casefold() for field in
                                   (enquiry.reference, enquiry.name, enquiry.phone,
                                    enquiry.source or "")):
            continue
        kept.append(tracked)
    return kept


def centre_names(request: web.Request) -> dict[str, str]:
    runtime = request.app[RUNTIME]
    staff = request.app[STAFF_LOCALE]
    return {c.id: runtime.renderer.text(c.city.text, staff) for c in runtime.profile.centres}


async def listing(request: web.Request) -> web.Response:
    allowed(request)
    want = wanted(request, request.query)
    found = await matching(request, want)
    async with request.app[RUNTIME].db.reading() as conn:
        sources = await pipeline.enquiry_sources(conn)
    return page(request, "enquiries.html", found=found, want=want.query,
                stages=stage_names(request), sources=sources, centres=centre_names(request),
                languages={code: LANGUAGES[code] for code in LANGUAGE_CODES},
                centre_of=lambda t: centre_of(request, t),
                export_query="&".join(f"{k}={v}" for k, v in want.query.items()))


async def detail(request: web.Request) -> web.Response:
    allowed(request)
    number = forms.number(request.match_info.get("id", ""))
    runtime = request.app[RUNTIME]
    async with runtime.db.reading() as conn:
        tracked = await pipeline.get(conn, number) if number is not None else None
        if tracked is None:
            return page(request, "message.html", status=404, reason="not_found")
        changes = await pipeline.history(conn, tracked.enquiry.id)
        notes = await pipeline.notes(conn, tracked.enquiry.id)
        staff = {m.telegram_user_id: m.name for m in await Repos(conn).staff.all()}
    columns, rows = enquiry_rows([tracked.enquiry], runtime.profile, runtime.renderer)
    answers = [(column.header, rows[0][column.key]) for column in columns]
    return page(request, "enquiry.html", tracked=tracked, answers=answers,
                discuss=rows[0]["to_discuss"], changes=changes, notes=notes, staff=staff,
                stages=stage_names(request), centre=centre_names(request).get(
                    centre_of(request, tracked) or "", ""),
                language=LANGUAGES.get(tracked.enquiry.locale, tracked.enquiry.locale))


async def change(request: web.Request) -> web.StreamResponse:
    """The stage, the follow-up date or a new note of one enquiry."""
    signed = allowed(request)
    number = forms.number(request.match_info.get("id", ""))
    what = request.match_info.get("what", "")
    form = form_of(request)
    runtime = request.app[RUNTIME]
    now = runtime.engine.clock()
    actor = signed.member.telegram_user_id
    if what == "erase" and number is not None:
        return await erase(request, signed, number)
    async with runtime.db.transaction() as conn:
        tracked = await pipeline.get(conn, number) if number is not None else None
        if tracked is None:
            return page(request, "message.html", status=404, reason="not_found")
        enquiry = tracked.enquiry
        if what == "stage":
            stage = forms.choice(form, "stage", STAGES)
            if stage is None:
                return page(request, "message.html", status=400, reason="bad_form")
            if await pipeline.set_stage(conn, enquiry.id, stage, actor, now):
                await audit.record(conn, staff_id=actor, action="console_stage",
                                   person_id=enquiry.person_id,
                                   detail=f"{enquiry.reference}:{stage}", now=now)
        elif what == "follow-up":
            on = forms.day(form, "on")
            await pipeline.set_follow_up(conn, enquiry.id, on, actor, now)
            await audit.record(conn, staff_id=actor, action="console_follow_up",
                               person_id=enquiry.person_id,
                               detail=f"{enquiry.reference}:{on.isoformat() if on else '-'}",
                               now=now)
        elif what == "note":
            body = forms.text(form, "body", forms.MAX_FIELD)
            if body:
                await pipeline.add_note(conn, enquiry.id, body, actor, now)
                await audit.record(conn, staff_id=actor, action="console_note",
                                   person_id=enquiry.person_id, detail=enquiry.reference,
                                   now=now)
        else:
            return page(request, "message.html", status=404, reason="not_found")
    raise web.HTTPSeeOther(f"/console/enquiries/{enquiry.id}")


async def erase(request: web.Request, signed: Signed, number: int) -> web.Response:
    """Supervisors only: everything about the enquiry's person goes, through the same
    engine event as ``/erase`` in the staff group (it audits itself)."""
    runtime = request.app[RUNTIME]
    now = runtime.engine.clock()
    actor = signed.member.telegram_user_id
    async with runtime.db.transaction() as conn:
        tracked = await pipeline.get(conn, number)
        person = await Repos(conn).people.get(tracked.enquiry.person_id) \
            if tracked is not None and tracked.enquiry.person_id is not None else None
        if person is None:
            return page(request, "message.html", status=404, reason="not_found")
        if not signed.supervisor or form_of(request).get("sure") != "yes":
            await audit.record(conn, staff_id=actor, action="erase", person_id=person.id,
                               detail="refused" if not signed.supervisor else "unconfirmed",
                               now=now)
    if not signed.supervisor:
        raise Refused
    if form_of(request).get("sure") != "yes":
        return page(request, "message.html", status=400, reason="not_sure")
    await runtime.engine.handle(Inbound(
        person.channel, person.external_id, delivery_id=f"console-erase:{uuid.uuid4().hex}",
        system=f"erase:staff:{actor}"))
    return page(request, "message.html", reason="erased")
