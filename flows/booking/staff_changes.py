"""Staff moved or cancelled a booking in the coordinators' console (the job
``booking_changed:moved:<id>`` or ``booking_changed:cancelled:<id>``): the person is told
in their language, with the consultation's details and how to reach the centre. A time
staff cancelled is offered to the waiting list, as when the person cancels."""

from __future__ import annotations

from flows.booking import cards
from flows.booking.common import contact_phone
from flows.booking.waiting import offer_freed
from flows.framework import Context
from flows.text import Verbatim, When, _, join


async def booking_changed(ctx: Context, argument: str) -> None:
    what, _sep, number = argument.partition(":")
    booking = await ctx.repos.bookings.get(int(number)) if number.isdigit() else None
    if booking is None or booking.person_id != ctx.person.id:
        return
    phone = Verbatim(contact_phone(ctx.profile, booking.centre))
    if what == "cancelled" and booking.status == "cancelled":
        ctx.say(_(
            "We are sorry: our team had to cancel your consultation on {when}. Please book"
            " another time whenever it suits you, or call us on {phone} and we will find one"
            " together.", when=When(booking.starts_at, booking.timezone), phone=phone))
        await offer_freed(ctx, service_id=booking.service, centre_id=booking.centre,
                          consultant_id=booking.consultant, starts_at=booking.starts_at)
    elif what == "moved" and booking.status == "booked" and booking.starts_at > ctx.now:
        ctx.say(join(
            _("Our team has moved your consultation to a new time:"),
            cards.booking_details(ctx, booking),
            _("To change or cancel it, choose “My appointments” in the menu, or call us on"
              " {phone}.", phone=phone),
        ))
