"""Reference numbers ("E-1041", "B-1187"): told to the person, shown on the staff card."""

from __future__ import annotations

from flows.text import Text, Verbatim, _


def reference_line(reference: str) -> Text:
    """For the person, when an enquiry is sent or a consultation booked."""
    return _("Your reference number: {reference}. Please mention it if you contact us.",
             reference=Verbatim(reference))


def staff_reference(reference: str) -> Text:
    # TRANSLATORS: staff only: on a ticket card, the number the person was told.
    return _("Reference: {reference}", reference=Verbatim(reference))
