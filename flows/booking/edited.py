"""The availability staff edited in the console, laid over the profile for free times:
edited weekly hours replace a consultant's profile hours, and absences count as busy."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from flows.booking.slots import Busy
from flows.profile import Availability, Profile
from storage import availability


async def effective(conn: aiosqlite.Connection, profile: Profile, now: datetime,
                    consultants: list[str]) -> tuple[Profile, list[Busy]]:
    """The profile with the edited weekly hours, and the consultants' absences as busy."""
    edited = await availability.weekly_hours(conn)
    away = [Busy(a.consultant, a.starts_at, a.ends_at)
            for a in await availability.absences(conn, now, consultants)]
    if not any(c.id in edited for c in profile.consultants):
        return profile, away
    people = [
        c.model_copy(update={"availability": [
            Availability(weekday=h.weekday, hours=f"{h.starts}-{h.ends}",  # type: ignore[arg-type]
                         centre=h.centre)
            for h in edited[c.id]]}) if c.id in edited else c
        for c in profile.consultants
    ]
    return profile.model_copy(update={"consultants": people}), away
