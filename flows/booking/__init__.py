"""Book a psycho-social consultation, and «My appointments»: reschedule, cancel, reminders
and the waiting list.

The steps live in modules of one idea each: ``choose`` (topic, for whom, how, where,
day, time), ``confirm`` (phone, confirmation, the booking write), ``mine`` (the person's
appointments, moving and cancelling), ``waiting`` (the waiting list and offers of freed
times), ``reminders``; ``slots`` computes free times from the profile alone; ``steps``
names the steps and the draft.
"""

from __future__ import annotations

from flows import menu
from flows.booking import choose, confirm, mine, reminders, staff_changes, steps, waiting
from flows.booking.steps import FLOW, BookingDraft
from flows.framework import Router


def router() -> Router:
    flow = Router(FLOW, draft=BookingDraft)
    flow.step(steps.SERVICE, choose.service_prompt, choose.service_handle)
    flow.step(steps.WHOM, choose.whom_prompt, choose.whom_handle)
    flow.step(steps.CONSENT, choose.consent_prompt, choose.consent_handle)
    flow.step(steps.MODE, choose.mode_prompt, choose.mode_handle)
    flow.step(steps.CENTRE, choose.centre_prompt, choose.centre_handle)
    flow.step(steps.DAY, choose.day_prompt, choose.day_handle)
    flow.step(steps.TIME, choose.time_prompt, choose.time_handle)
    flow.step(steps.NOTHING, waiting.nothing_prompt, waiting.nothing_handle)
    flow.step(steps.PHONE, confirm.phone_prompt, confirm.phone_handle)
    flow.step(steps.CONFIRM, confirm.confirm_prompt, confirm.confirm_handle)
    flow.step(steps.TAKEN, confirm.taken_prompt, confirm.taken_handle)
    flow.step(steps.OFFER, waiting.offer_prompt, waiting.offer_handle)
    flow.step(steps.MINE, mine.mine_prompt, mine.mine_handle)
    flow.step(steps.APPOINTMENT, mine.appointment_prompt, mine.appointment_handle)
    flow.step(steps.CANCEL, mine.cancel_prompt, mine.cancel_handle)
    flow.step(steps.LATE, mine.late_prompt, mine.late_handle)
    flow.step(steps.REMINDER, reminders.reminder_prompt, reminders.reminder_handle)
    flow.system_event("reminder", handler=reminders.reminder_event)
    flow.system_event("offer", handler=waiting.offer_event)
    flow.system_event("booking_changed", handler=staff_changes.booking_changed)
    flow.menu_entry(menu.BOOK.id, steps.SERVICE)
    flow.menu_entry(menu.APPOINTMENTS.id, steps.MINE)
    return flow


__all__ = ["FLOW", "router"]
