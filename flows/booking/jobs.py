"""Reminder jobs for a booking: stored with the booking, in the same transaction, so they
survive restarts; the scheduler (bot/scheduler.py) turns each due one into an engine
event, and cancelling or moving the booking cancels them."""

from __future__ import annotations

from datetime import timedelta

from flows.framework import Context
from storage.bookings import Booking


async def schedule_reminders(ctx: Context, booking: Booking) -> list[int]:
    """One job per ``reminder_hours`` offset that is still ahead; the ids."""
    ids = []
    for hours in sorted(set(ctx.profile.booking.reminder_hours), reverse=True):
        due = booking.starts_at - timedelta(hours=hours)
        if due <= ctx.now:
            continue  # booked closer to the time than this reminder
        ids.append(await ctx.repos.jobs.add(
            kind="reminder", payload=str(booking.id), due_at=due, now=ctx.now,
            person_id=booking.person_id, booking_id=booking.id,
        ))
    return ids


async def cancel_reminders(ctx: Context, booking_id: int) -> None:
    await ctx.repos.jobs.cancel_for_booking(booking_id, ctx.now)
