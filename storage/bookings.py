"""Consultation bookings, the waiting list and scheduled jobs.

A booking is written inside the engine's ``BEGIN IMMEDIATE`` transaction after the flow
has checked, in that same transaction, that the slot is still free; the partial UNIQUE
index on ``(consultant, starts_at) WHERE status = 'booked'`` is the last guard, and
:meth:`Bookings.create` reports a clash as :class:`SlotTaken` instead of an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from storage.enquiries import reference_for
from storage.pg_sql import skip_locked
from storage.times import from_db, from_db_or_none, to_db

BOOKING_PREFIX = "B"


class SlotTaken(Exception):
    """Somebody else holds this consultant's slot."""


@dataclass(frozen=True)
class Booking:
    id: int
    person_id: int | None
    channel: str
    service: str
    centre: str | None
    mode: str
    consultant: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    status: str
    for_whom: str
    child_consent: bool
    phone: str | None
    locale: str
    replaces: int | None
    confirmed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    reference: str = ""


@dataclass(frozen=True)
class NewBooking:
    """What the flow has gathered; the repository adds ids, status and timestamps."""

    person_id: int
    channel: str
    service: str
    centre: str | None
    mode: str
    consultant: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    for_whom: str
    child_consent: bool
    phone: str | None
    locale: str
    replaces: int | None = None


@dataclass(frozen=True)
class Waiting:
    id: int
    person_id: int
    service: str
    centre: str | None
    mode: str
    for_whom: str
    child_consent: bool
    locale: str
    status: str
    ticket_id: int | None
    offer_consultant: str | None
    offer_starts_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class Job:
    id: int
    person_id: int | None
    booking_id: int | None
    kind: str
    payload: str
    due_at: datetime
    done_at: datetime | None
    # Where the event goes; filled in by :meth:`Jobs.due` from the person.
    channel: str | None = None
    external_id: str | None = None

    @property
    def system(self) -> str:
        """The engine event this job becomes: ``"reminder:12"``."""
        return f"{self.kind}:{self.payload}"


def _booking(row: aiosqlite.Row) -> Booking:
    return Booking(
        id=row["id"],
        person_id=row["person_id"],
        channel=row["channel"],
        service=row["service"],
        centre=row["centre"],
        mode=row["mode"],
        consultant=row["consultant"],
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        timezone=row["timezone"],
        status=row["status"],
        for_whom=row["for_whom"],
        child_consent=bool(row["child_consent"]),
        phone=row["phone"],
        locale=row["locale"],
        replaces=row["replaces"],
        confirmed_at=from_db_or_none(row["confirmed_at"]),
        created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
        reference=row["reference"] or reference_for(BOOKING_PREFIX, row["id"]),
    )


def _waiting(row: aiosqlite.Row) -> Waiting:
    return Waiting(
        id=row["id"],
        person_id=row["person_id"],
        service=row["service"],
        centre=row["centre"],
        mode=row["mode"],
        for_whom=row["for_whom"],
        child_consent=bool(row["child_consent"]),
        locale=row["locale"],
        status=row["status"],
        ticket_id=row["ticket_id"],
        offer_consultant=row["offer_consultant"],
        offer_starts_at=from_db_or_none(row["offer_starts_at"]),
        created_at=from_db(row["created_at"]),
    )


def _job(row: aiosqlite.Row) -> Job:
    keys = row.keys()
    return Job(
        id=row["id"],
        person_id=row["person_id"],
        booking_id=row["booking_id"],
        kind=row["kind"],
        payload=row["payload"],
        due_at=from_db(row["due_at"]),
        done_at=from_db_or_none(row["done_at"]),
        channel=row["channel"] if "channel" in keys else None,
        external_id=row["external_id"] if "external_id" in keys else None,
    )


class Bookings:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def create(self, new: NewBooking, now: datetime) -> int:
        """Insert a live booking; :class:`SlotTaken` when the consultant's slot is held."""
        # A savepoint, so that a clash leaves the transaction usable (PostgreSQL aborts the
        # whole transaction on an error; SQLite only the statement).
        await self._conn.execute("SAVEPOINT booking")
        try:
            cursor = await self._conn.execute(
                "INSERT INTO bookings (person_id, channel, service, centre, mode, consultant,"
                " starts_at, ends_at, timezone, for_whom, child_consent, phone, locale,"
                " replaces, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (new.person_id, new.channel, new.service, new.centre, new.mode, new.consultant,
                 to_db(new.starts_at), to_db(new.ends_at), new.timezone, new.for_whom,
                 int(new.child_consent), new.phone, new.locale, new.replaces, to_db(now),
                 to_db(now)),
            )
        except aiosqlite.IntegrityError as exc:
            await self._conn.execute("ROLLBACK TO SAVEPOINT booking")
            await self._conn.execute("RELEASE SAVEPOINT booking")
            if any(name in str(exc) for name in ("UNIQUE constraint failed: bookings.consultant",
                                                  '"bookings_one_per_slot"')):
                raise SlotTaken(new.consultant) from exc
            raise
        await self._conn.execute("RELEASE SAVEPOINT booking")
        booking_id = cursor.lastrowid
        assert booking_id is not None
        await self._conn.execute("UPDATE bookings SET reference = ? WHERE id = ?",
                                 (reference_for(BOOKING_PREFIX, booking_id), booking_id))
        return booking_id

    async def get(self, booking_id: int) -> Booking | None:
        async with self._conn.execute(
            "SELECT * FROM bookings WHERE id = ?", (booking_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _booking(row) if row else None

    async def busy(
        self, start: datetime, end: datetime, consultants: list[str] | None = None
    ) -> list[Booking]:
        """Live bookings that overlap ``[start, end)``, of some consultants or of all."""
        sql = "SELECT * FROM bookings WHERE status = 'booked' AND starts_at < ? AND ends_at > ?"
        params: list[str] = [to_db(end), to_db(start)]
        if consultants is not None:
            sql += f" AND consultant IN ({', '.join('?' for _c in consultants)})"
            params += consultants
        async with self._conn.execute(sql + " ORDER BY starts_at, id", params) as cursor:
            return [_booking(row) for row in await cursor.fetchall()]

    async def upcoming_for(self, person_id: int, now: datetime) -> list[Booking]:
        async with self._conn.execute(
            "SELECT * FROM bookings WHERE person_id = ? AND status = 'booked'"
            " AND ends_at > ? ORDER BY starts_at, id",
            (person_id, to_db(now)),
        ) as cursor:
            return [_booking(row) for row in await cursor.fetchall()]

    async def latest_phone(self, person_id: int) -> str | None:
        async with self._conn.execute(
            "SELECT phone FROM bookings WHERE person_id = ? AND phone IS NOT NULL"
            " ORDER BY id DESC LIMIT 1",
            (person_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def between(
        self, start: datetime, end: datetime, *, centre: str | None = None,
        statuses: tuple[str, ...] = ("booked",),
    ) -> list[Booking]:
        """Bookings starting in ``[start, end)``, for the staff's day list."""
        sql = (
            "SELECT * FROM bookings WHERE starts_at >= ? AND starts_at < ?"
            f" AND status IN ({', '.join('?' for _s in statuses)})"
        )
        params: list[str] = [to_db(start), to_db(end), *statuses]
        if centre is not None:
            sql += " AND centre = ?"
            params.append(centre)
        async with self._conn.execute(sql + " ORDER BY starts_at, id", params) as cursor:
            return [_booking(row) for row in await cursor.fetchall()]

    async def set_status(self, booking_id: int, status: str, now: datetime) -> None:
        cancelled = to_db(now) if status == "cancelled" else None
        await self._conn.execute(
            "UPDATE bookings SET status = ?, updated_at = ?,"
            " cancelled_at = COALESCE(?, cancelled_at) WHERE id = ?",
            (status, to_db(now), cancelled, booking_id),
        )

    async def confirm(self, booking_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE bookings SET confirmed_at = ?, updated_at = ? WHERE id = ?",
            (to_db(now), to_db(now), booking_id),
        )


class WaitingList:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def join(
        self,
        *,
        person_id: int,
        service: str,
        centre: str | None,
        mode: str,
        for_whom: str,
        child_consent: bool,
        locale: str,
        now: datetime,
    ) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO waiting_list (person_id, service, centre, mode, for_whom,"
            " child_consent, locale, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (person_id, service, centre, mode, for_whom, int(child_consent), locale,
             to_db(now), to_db(now)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def get(self, waiting_id: int) -> Waiting | None:
        async with self._conn.execute(
            "SELECT * FROM waiting_list WHERE id = ?", (waiting_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _waiting(row) if row else None

    async def active_for(
        self, person_id: int, service: str | None = None, centre: str | None = None
    ) -> list[Waiting]:
        """The person's places on the list (all, or for one service and centre)."""
        sql = "SELECT * FROM waiting_list WHERE person_id = ? AND status IN ('waiting', 'offered')"
        params: list[object] = [person_id]
        if service is not None:
            sql += " AND service = ? AND centre IS ?"
            params += [service, centre]
        async with self._conn.execute(sql + " ORDER BY id", params) as cursor:
            return [_waiting(row) for row in await cursor.fetchall()]

    async def queue(
        self, service: str, centre: str | None, offered_before: datetime | None = None
    ) -> list[Waiting]:
        """Who waits for this service and centre, first come first; with
        ``offered_before``, also those whose last offer, made before then, went unanswered."""
        async with self._conn.execute(
            "SELECT * FROM waiting_list WHERE service = ? AND centre IS ?"
            " AND (status = 'waiting' OR (status = 'offered' AND offered_at < ?)) ORDER BY id",
            (service, centre, to_db(offered_before) if offered_before else ""),
        ) as cursor:
            return [_waiting(row) for row in await cursor.fetchall()]

    async def set_ticket(self, waiting_id: int, ticket_id: int) -> None:
        await self._conn.execute(
            "UPDATE waiting_list SET ticket_id = ? WHERE id = ?", (ticket_id, waiting_id)
        )

    async def offer(
        self, waiting_id: int, consultant: str, starts_at: datetime, now: datetime
    ) -> None:
        await self._conn.execute(
            "UPDATE waiting_list SET status = 'offered', offer_consultant = ?,"
            " offer_starts_at = ?, offered_at = ?, updated_at = ? WHERE id = ?",
            (consultant, to_db(starts_at), to_db(now), to_db(now), waiting_id),
        )

    async def set_status(self, waiting_id: int, status: str, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE waiting_list SET status = ?, updated_at = ? WHERE id = ?",
            (status, to_db(now), waiting_id),
        )


class Jobs:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self,
        *,
        kind: str,
        payload: str,
        due_at: datetime,
        now: datetime,
        person_id: int | None,
        booking_id: int | None = None,
    ) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO jobs (person_id, booking_id, kind, payload, due_at, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (person_id, booking_id, kind, payload, to_db(due_at), to_db(now)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def due(self, now: datetime, limit: int = 100) -> list[Job]:
        """Jobs whose time has come, oldest first, with where their event goes; claimed
        for the caller's transaction on PostgreSQL (``FOR UPDATE SKIP LOCKED``)."""
        async with self._conn.execute(
            "SELECT j.*, p.channel, p.external_id FROM jobs j JOIN people p ON p.id = j.person_id"
            " WHERE j.done_at IS NULL AND j.due_at <= ? ORDER BY j.due_at, j.id LIMIT ?"
            + skip_locked(self._conn, "j"),
            (to_db(now), limit),
        ) as cursor:
            return [_job(row) for row in await cursor.fetchall()]

    async def claim(self, now: datetime, lease: timedelta, limit: int = 100) -> list[Job]:
        """Like :meth:`due`, for several processes: the jobs returned are leased to the
        caller until ``now + lease`` and offered to nobody else meanwhile (other claimers
        skip the rows locked by this transaction, then see the lease). A lease that runs
        out (its process died) lets the job be claimed again."""
        async with self._conn.execute(
            "SELECT j.*, p.channel, p.external_id FROM jobs j JOIN people p ON p.id = j.person_id"
            " WHERE j.done_at IS NULL AND j.due_at <= ?"
            " AND (j.claimed_until IS NULL OR j.claimed_until <= ?)"
            " ORDER BY j.due_at, j.id LIMIT ?" + skip_locked(self._conn, "j"),
            (to_db(now), to_db(now), limit),
        ) as cursor:
            jobs = [_job(row) for row in await cursor.fetchall()]
        if jobs:
            await self._conn.execute(
                f"UPDATE jobs SET claimed_until = ? WHERE id IN ({', '.join('?' for _j in jobs)})",
                (to_db(now + lease), *(job.id for job in jobs)),
            )
        return jobs

    async def release(self, job_id: int) -> None:
        """Give a claimed job back at once (its event failed: the next pass tries again)."""
        await self._conn.execute("UPDATE jobs SET claimed_until = NULL WHERE id = ?", (job_id,))

    async def pending_for_booking(self, booking_id: int) -> list[Job]:
        async with self._conn.execute(
            "SELECT * FROM jobs WHERE booking_id = ? AND done_at IS NULL ORDER BY due_at",
            (booking_id,),
        ) as cursor:
            return [_job(row) for row in await cursor.fetchall()]

    async def mark_done(self, job_id: int, now: datetime, outcome: str) -> None:
        await self._conn.execute(
            "UPDATE jobs SET done_at = ?, outcome = ? WHERE id = ? AND done_at IS NULL",
            (to_db(now), outcome, job_id),
        )

    async def cancel_for_booking(self, booking_id: int, now: datetime) -> int:
        cursor = await self._conn.execute(
            "UPDATE jobs SET done_at = ?, outcome = 'cancelled'"
            " WHERE booking_id = ? AND done_at IS NULL",
            (to_db(now), booking_id),
        )
        return cursor.rowcount
