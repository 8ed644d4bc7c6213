"""What every part of the booking flow shares: its name, the draft in the session, and
free slots read from the database inside the engine's transaction."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast

import phonenumbers

from flows.booking import buttons, steps
from flows.booking.edited import effective
from flows.booking.slots import (
    Busy,
    Slot,
    consultant_of,
    consultants_for,
    free_slots,
    from_stamp,
    service_of,
    timezone_for,
)
from flows.booking.steps import BookingDraft
from flows.framework import Context
from flows.languages import LANGUAGES, language_names
from flows.messages import Choice
from flows.profile import Mode, Profile, Service
from flows.text import Text, Verbatim, When, _, join

# Modes where the consultant needs a number: to call, or to reach the person if the video
# link fails (video calls here mostly go through a messenger tied to a phone number).
NEEDS_PHONE: tuple[str, ...] = ("phone", "video")
# One person holds at most this many upcoming consultations, so nobody fills a week.
MAX_UPCOMING = 3

# Flows a reminder or an offer must not pull the person out of: a live conversation with
# staff. There they get the news as a plain message instead.
DO_NOT_INTERRUPT = frozenset({"handoff"})

BACK = Choice(buttons.NAVIGATE.of("back"), _("Back"))


def draft_of(ctx: Context) -> BookingDraft:
    return ctx.draft(BookingDraft)


def service(ctx: Context) -> Service | None:
    return service_of(ctx.profile, draft_of(ctx).service)


def mode(ctx: Context) -> Mode | None:
    value = draft_of(ctx).mode
    return cast(Mode, value) if value in ("in_person", "phone", "video") else None


def centre(ctx: Context) -> str | None:
    return draft_of(ctx).centre or None


def chosen_start(ctx: Context) -> datetime | None:
    return from_stamp(draft_of(ctx).start or "")


def chosen_day(ctx: Context) -> date | None:
    try:
        return date.fromisoformat(draft_of(ctx).day or "")
    except ValueError:
        return None


def timezone(ctx: Context) -> str:
    return timezone_for(ctx.profile, centre(ctx) if mode(ctx) == "in_person" else None)


def consultation_language(profile: Profile, service_id: str, locale: str) -> str | None:
    """The person's language when a consultant for the service speaks it; otherwise None:
    anyone, rather than a waiting list nobody could ever serve."""
    return locale if consultants_for(profile, service_id, locale) else None


def language_note(profile: Profile, service_id: str, locale: str) -> Text | None:
    if consultation_language(profile, service_id, locale) is not None:
        return None
    spoken = [code for code in LANGUAGES
              if any(code in c.languages for c in consultants_for(profile, service_id))]
    return _(
        "None of our consultants for this topic speaks your language yet, so the"
        " consultation will be in one of these: {languages}.",
        languages=language_names(spoken),
    )


async def load_free(
    ctx: Context,
    *,
    service_id: str,
    mode_id: Mode,
    centre_id: str | None,
    locale: str | None = None,
    ignore: int | None = None,
) -> list[Slot]:
    """Free slots now, reading bookings through the engine's transaction. ``ignore`` is a
    booking being moved: its own time does not stand in its way."""
    language = consultation_language(ctx.profile, service_id, locale or ctx.locale)
    ids = [c.id for c in consultants_for(ctx.profile, service_id, language)]
    if not ids:
        return []
    horizon = timedelta(days=ctx.profile.booking.horizon_days + 2)
    booked = await ctx.repos.bookings.busy(ctx.now - timedelta(days=1), ctx.now + horizon, ids)
    busy = [Busy(b.consultant, b.starts_at, b.ends_at) for b in booked if b.id != ignore]
    # Hours and absences edited in the console count at once.
    profile, away = await effective(ctx.repos.conn, ctx.profile, ctx.now, ids)
    slots = free_slots(profile, service=service_id, mode=mode_id, centre=centre_id,
                       language=language, now=ctx.now, busy=busy + away)
    moving = await ctx.repos.bookings.get(ignore) if ignore is not None else None
    if moving is not None:  # its own time is not a new time
        slots = [slot for slot in slots if slot.starts_at != moving.starts_at]
    return slots


async def free_for_draft(ctx: Context) -> list[Slot]:
    found, how = service(ctx), mode(ctx)
    if found is None or how is None:
        return []
    return await load_free(ctx, service_id=found.id, mode_id=how, centre_id=centre(ctx),
                           ignore=draft_of(ctx).rescheduling or None)


def after_time(ctx: Context) -> None:
    """A time is chosen: ask for a phone number when the mode needs one, then confirm."""
    if mode(ctx) in NEEDS_PHONE and not draft_of(ctx).phone:
        ctx.goto(steps.PHONE)
    else:
        ctx.goto(steps.CONFIRM)


# -- how a booking reads ------------------------------------------------------------------

def for_whom_text(for_whom: str, consent: bool, *, staff: bool = False) -> Text:
    """Who the consultation is for, as the person says it, or as staff read it."""
    if for_whom == "family":
        return _("their family") if staff else _("my family")
    if for_whom == "child":
        return join(_("a child"), _("(the parent or legal guardian has agreed)"),
                    separator=" ") if consent else _("a child")
    return _("the person themselves") if staff else _("me")


def place_text(profile: Profile, mode_id: str, centre_id: str | None) -> Text:
    found = profile.centre(centre_id) if centre_id else None
    if mode_id == "in_person" and found is not None:
        return join(found.name.text, found.address.text, separator=", ")
    if mode_id == "phone":
        return _("by phone: the consultant will call you")
    return _("by video call: we will send you the link here in the chat")


def short_place(profile: Profile, mode_id: str, centre_id: str | None) -> Text:
    """A few words for where: the centre's name, or by phone, or by video call."""
    found = profile.centre(centre_id) if centre_id else None
    if mode_id == "in_person" and found is not None:
        return found.name.text
    return _("by phone") if mode_id == "phone" else _("by video call")


def details(
    profile: Profile,
    *,
    service_id: str,
    mode_id: str,
    centre_id: str | None,
    starts_at: datetime | None,
    consultant_id: str | None,
    for_whom: str,
    consent: bool,
    phone: str | None,
    staff: bool = False,
) -> Text:
    """The lines that describe a consultation, on every screen that shows one; ``staff``
    words them for the staff card."""
    found = service_of(profile, service_id)
    tz = timezone_for(profile, centre_id if mode_id == "in_person" else None)
    who = consultant_of(profile, consultant_id) if consultant_id else None
    found_centre = profile.centre(centre_id) if centre_id and mode_id == "in_person" else None
    lines: list[Text | None] = [
        _("Topic: {service}", service=found.title.text) if found else None,
        _("When: {when}, {minutes} min", when=When(starts_at, tz),
          minutes=found.duration_minutes if found else profile.booking.slot_minutes)
        if starts_at else None,
        _("Where: {place}", place=join(found_centre.name.text, found_centre.address.text,
                                       separator=", ") if found_centre
          else short_place(profile, mode_id, centre_id) if staff
          else place_text(profile, mode_id, centre_id)),
        _("With: {name}, {role}", name=who.display_name, role=who.role.text)
        if who else None,
        _("For: {whom}", whom=for_whom_text(for_whom, consent, staff=staff)),
        _("Phone: {phone}", phone=Verbatim(pretty_phone(phone))) if phone else None,
    ]
    return join(*lines, separator="\n")


def pretty_phone(phone: str) -> str:
    try:
        number = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def contact_phone(profile: Profile, centre_id: str | None) -> str:
    found = profile.centre(centre_id) if centre_id else None
    return (found.phone if found and found.phone else None) or profile.agency.phone
