"""Erasing a person (art. 17): a future consultation is cancelled first, its time offered
to the waiting list and the desk told; then the engine deletes everything in the same
transaction (storage/privacy.py) and tells the staff group which topics to delete."""

from __future__ import annotations

from flows.booking.jobs import cancel_reminders
from flows.booking.slots import consultant_of
from flows.booking.waiting import offer_freed
from flows.framework import Context
from flows.staff.effects import PostToTopic
from flows.text import Verbatim, When, _
from storage import audit

FAREWELL = _("Done: everything we stored about you has been deleted. If you write again, we"
             " will start afresh, as with someone new.")
FAREWELL_STAFF = _("At your request, our team has deleted everything we stored about you. If"
                   " you write again, we will start afresh, as with someone new.")


async def cancel_future_bookings(ctx: Context) -> None:
    staff = ctx.profile.agency.staff_locale
    for booking in await ctx.repos.bookings.upcoming_for(ctx.person.id, ctx.now):
        if booking.status != "booked":
            continue
        await ctx.repos.bookings.set_status(booking.id, "cancelled", ctx.now)
        await cancel_reminders(ctx, booking.id)
        await offer_freed(ctx, service_id=booking.service, centre_id=booking.centre,
                          consultant_id=booking.consultant, starts_at=booking.starts_at)
        consultant = consultant_of(ctx.profile, booking.consultant)
        # TRANSLATORS: staff only: posted in General; no details about the person.
        note = _("🗓 Booking #{number} ({when}, {consultant}) is cancelled because the person's"
                 " data was erased. The time is free again.", number=booking.id,
                 when=When(booking.starts_at, booking.timezone),
                 consultant=Verbatim(consultant.name if consultant else booking.consultant))
        ctx.tell_staff(PostToTopic(ctx.render(note, staff)))


async def erase(ctx: Context, *, reason: str = "person", staff_id: int | None = None) -> None:
    """Everything about ``ctx.person`` goes when this event commits."""
    await cancel_future_bookings(ctx)
    if staff_id is not None:
        await audit.record(ctx.repos.conn, staff_id=staff_id, action="erase",
                           person_id=ctx.person.id, now=ctx.now)
    if reason == "person":
        ctx.say(FAREWELL)
    elif reason == "staff":
        ctx.say(FAREWELL_STAFF)
    ctx.forget_person = True
    ctx.erase_reason = reason
    ctx.erase_staff = staff_id
    ctx.next_step = None


async def erase_event(ctx: Context, argument: str) -> None:
    """``erase:staff:<staff id>`` (CLI, /erase in a topic) or ``erase:retention``."""
    reason, _sep, who = argument.partition(":")
    if reason == "staff":
        await erase(ctx, reason="staff", staff_id=int(who) if who.isdigit() else 0)
    elif reason == "retention":
        await erase(ctx, reason="retention")
