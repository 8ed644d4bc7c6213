"""Consultations as the console shows and changes them: attendance, and staff moving or
cancelling a booking. The person hears about a change through a job (``booking_changed``)
that the scheduler hands to the engine, which tells them in their language
(flows/booking/staff_changes.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import aiosqlite

from storage.bookings import Booking, Bookings, Jobs, SlotTaken, _booking
from storage.times import to_db

ATTENDANCE = ("attended", "no_show")
NOTICE_JOB = "booking_changed"


async def attendance_of(conn: aiosqlite.Connection, booking_ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(booking_ids), 500):
        chunk = booking_ids[start:start + 500]
        async with conn.execute(
            f"SELECT id, attendance FROM bookings WHERE id IN ({', '.join('?' * len(chunk))})"
            " AND attendance IS NOT NULL", chunk,
        ) as cursor:
            for row in await cursor.fetchall():
                found[int(row["id"])] = str(row["attendance"])
    return found


async def set_attendance(
    conn: aiosqlite.Connection, booking_id: int, attendance: str | None, now: datetime
) -> bool:
    if attendance is not None and attendance not in ATTENDANCE:
        raise ValueError(f"unknown attendance {attendance!r}")
    cursor = await conn.execute(
        "UPDATE bookings SET attendance = ?, updated_at = ? WHERE id = ? AND status = 'booked'",
        (attendance, to_db(now), booking_id))
    return cursor.rowcount == 1


async def cancel(conn: aiosqlite.Connection, booking: Booking, now: datetime) -> None:
    """Cancel a live booking, drop its reminders and tell the person."""
    bookings, jobs = Bookings(conn), Jobs(conn)
    await bookings.set_status(booking.id, "cancelled", now)
    await jobs.cancel_for_booking(booking.id, now)
    if booking.person_id is not None:
        await jobs.add(kind=NOTICE_JOB, payload=f"cancelled:{booking.id}", due_at=now, now=now,
                       person_id=booking.person_id)


async def move(
    conn: aiosqlite.Connection, booking: Booking, starts_at: datetime, now: datetime,
    reminder_hours: list[int],
) -> Booking:
    """Give a live booking a new start (same consultant, same length), reschedule its
    reminders and tell the person; raises ``SlotTaken`` when the time is not free."""
    length = booking.ends_at - booking.starts_at
    ends_at = starts_at + length
    async with conn.execute(
        "SELECT 1 FROM bookings WHERE consultant = ? AND status = 'booked' AND id != ?"
        " AND starts_at < ? AND ends_at > ?",
        (booking.consultant, booking.id, to_db(ends_at), to_db(starts_at)),
    ) as cursor:
        if await cursor.fetchone() is not None:
            raise SlotTaken(booking.consultant)
    await conn.execute(
        "UPDATE bookings SET starts_at = ?, ends_at = ?, updated_at = ?, confirmed_at = NULL"
        " WHERE id = ?", (to_db(starts_at), to_db(ends_at), to_db(now), booking.id))
    jobs = Jobs(conn)
    await jobs.cancel_for_booking(booking.id, now)
    for hours in sorted(set(reminder_hours), reverse=True):
        due = starts_at - timedelta(hours=hours)
        if due > now:
            await jobs.add(kind="reminder", payload=str(booking.id), due_at=due, now=now,
                           person_id=booking.person_id, booking_id=booking.id)
    if booking.person_id is not None:
        await jobs.add(kind=NOTICE_JOB, payload=f"moved:{booking.id}", due_at=now, now=now,
                       person_id=booking.person_id)
    async with conn.execute("SELECT * FROM bookings WHERE id = ?", (booking.id,)) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return _booking(row)
