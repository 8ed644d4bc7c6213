"""What staff see in the "bookings" queue: a card per new, changed or cancelled booking,
per place on the waiting list and per request for help, in the staff language."""

from __future__ import annotations

from flows import tickets
from flows.booking.common import details
from flows.framework import Context
from flows.languages import language_names
from flows.references import staff_reference
from flows.text import Text, Verbatim, _, join
from storage.bookings import Booking

QUEUE = "bookings"


async def open_ticket(
    ctx: Context, *, kind: str, subject: str, centre: str | None, card: Text,
    urgent: bool = False,
) -> int:
    return await tickets.open_ticket(ctx, queue=QUEUE, kind=kind, card=card, centre=centre,
                                     subject=subject, urgent=urgent)


def about_person(ctx: Context) -> Text:
    return _(
        "Language: {language} · Channel: {channel} · Source: {source}",
        language=language_names([ctx.locale]),
        channel=Verbatim(ctx.person.channel),
        source=Verbatim(ctx.person.source or "—"),
    )


def booking_details(ctx: Context, booking: Booking, *, staff: bool = False) -> Text:
    """The booking as the person reads it, or (``staff``) as the staff card shows it."""
    return details(
        ctx.profile, service_id=booking.service, mode_id=booking.mode, centre_id=booking.centre,
        starts_at=booking.starts_at, consultant_id=booking.consultant,
        for_whom=booking.for_whom, consent=booking.child_consent, phone=booking.phone,
        staff=staff,
    )


def booking_card(ctx: Context, heading: Text, booking: Booking) -> Text:
    return join(join(heading, staff_reference(booking.reference), separator="\n"),
                about_person(ctx),
                booking_details(ctx, booking, staff=True))


async def tell_staff(
    ctx: Context, kind: str, heading: Text, booking: Booking, *, urgent: bool = False
) -> int:
    return await open_ticket(
        ctx, kind=kind, subject=f"booking:{booking.id}", centre=booking.centre,
        card=booking_card(ctx, heading, booking), urgent=urgent,
    )


def waiting_card(
    ctx: Context, waiting_id: int, service_id: str, mode_id: str, centre_id: str | None,
    whom: str, consent: bool,
) -> Text:
    return join(
        _("Waiting list #{number}: no free time was found for this person", number=waiting_id),
        about_person(ctx),
        details(ctx.profile, service_id=service_id, mode_id=mode_id, centre_id=centre_id,
                starts_at=None, consultant_id=None, for_whom=whom, consent=consent,
                phone=None, staff=True),
    )
