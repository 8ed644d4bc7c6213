"""The video link staff send with ``/link URL`` in a booking's topic, for the person."""

from __future__ import annotations

from urllib.parse import urlsplit

from flows.booking.common import details
from flows.profile import Profile
from flows.text import Text, Verbatim, _, join
from storage.bookings import Booking

MAX_URL = 2000


def valid_link(raw: str) -> str | None:
    """The link when it is one https URL (with a host, no spaces); None otherwise."""
    link = raw.strip()
    if not link or len(link) > MAX_URL or any(c.isspace() for c in link):
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() != "https" or not parts.hostname:
        return None
    return link


def link_message(profile: Profile, booking: Booking, link: str) -> Text:
    """The link with the consultation's details (its date and time in the centre's time
    zone, the consultant) and its reference number."""
    return join(
        _("Here is the link to your video consultation: {link}", link=Verbatim(link)),
        details(profile, service_id=booking.service, mode_id=booking.mode,
                centre_id=booking.centre, starts_at=booking.starts_at,
                consultant_id=booking.consultant, for_whom=booking.for_whom,
                consent=booking.child_consent, phone=None),
        _("Reference: {reference}", reference=Verbatim(booking.reference)),
    )
