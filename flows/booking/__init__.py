"""Book a psycho-social consultation, and «My appointments»: reschedule, cancel, reminders
and the waiting list.

The steps live in modules of one idea each: ``choose`` (topic, for whom, how, where,
day, time), ``confirm`` (phone, confirmation, the booking write), ``mine`` (the person's
appointments, moving and cancelling), ``waiting`` (the waiting list and offers of freed
times), ``reminders``; ``slots`` computes free times from the profile alone.
"""

from __future__ import annotations

from flows import menu
from flows.booking import choose, confirm, mine, reminders, staff_changes, waiting
from flows.booking.common import FLOW
from flows.framework import Flow, Step, register

register(
    Flow(
        FLOW,
        "service",
        {
            "service": Step(choose.service_prompt, choose.service_handle),
            "whom": Step(choose.whom_prompt, choose.whom_handle),
            "consent": Step(choose.consent_prompt, choose.consent_handle),
            "mode": Step(choose.mode_prompt, choose.mode_handle),
            "centre": Step(choose.centre_prompt, choose.centre_handle),
            "day": Step(choose.day_prompt, choose.day_handle),
            "time": Step(choose.time_prompt, choose.time_handle),
            "nothing": Step(waiting.nothing_prompt, waiting.nothing_handle),
            "phone": Step(confirm.phone_prompt, confirm.phone_handle),
            "confirm": Step(confirm.confirm_prompt, confirm.confirm_handle),
            "taken": Step(confirm.taken_prompt, confirm.taken_handle),
            "offer": Step(waiting.offer_prompt, waiting.offer_handle),
            "mine": Step(mine.mine_prompt, mine.mine_handle),
            "appointment": Step(mine.appointment_prompt, mine.appointment_handle),
            "cancel": Step(mine.cancel_prompt, mine.cancel_handle),
            "late": Step(mine.late_prompt, mine.late_handle),
            "reminder": Step(reminders.reminder_prompt, reminders.reminder_handle),
        },
    )
)
menu.DESTINATIONS["menu:book"] = (FLOW, None)
menu.DESTINATIONS["menu:appointments"] = (FLOW, "mine")

__all__ = ["FLOW", "staff_changes"]
