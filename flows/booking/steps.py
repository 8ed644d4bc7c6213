"""The steps of the booking flow and its draft: the consultation being chosen, or the one
being looked at in «My appointments»."""

from __future__ import annotations

from dataclasses import dataclass

from flows.drafts import Draft
from flows.framework import StepRef

FLOW = "booking"
SERVICE = StepRef(FLOW, "service")
WHOM = StepRef(FLOW, "whom")
CONSENT = StepRef(FLOW, "consent")
MODE = StepRef(FLOW, "mode")
CENTRE = StepRef(FLOW, "centre")
DAY = StepRef(FLOW, "day")
TIME = StepRef(FLOW, "time")
NOTHING = StepRef(FLOW, "nothing")
PHONE = StepRef(FLOW, "phone")
CONFIRM = StepRef(FLOW, "confirm")
TAKEN = StepRef(FLOW, "taken")
OFFER = StepRef(FLOW, "offer")
MINE = StepRef(FLOW, "mine")
APPOINTMENT = StepRef(FLOW, "appointment")
CANCEL = StepRef(FLOW, "cancel")
LATE = StepRef(FLOW, "late")
REMINDER = StepRef(FLOW, "reminder")


@dataclass
class BookingDraft(Draft):
    service: str = ""
    whom: str = "self"  # "self", "family" or "child"
    consent: bool = False  # a guardian agreed, for a young child
    mode: str | None = None  # "in_person", "phone" or "video"
    centre: str | None = None
    day: str | None = None  # an ISO date
    start: str | None = None  # the chosen time's stamp (flows.booking.slots.stamp)
    phone: str | None = None
    booking: int | None = None  # the booking on screen in «My appointments»
    rescheduling: int | None = None  # the booking whose time is being changed
    waiting: int | None = None  # the waiting-list place whose offer is on screen
    after: str | None = None  # after a clash: show the free times after this stamp
    action: str | None = None  # "move" or "cancel", asked inside the notice
