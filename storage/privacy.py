"""Everything stored about one person: read it (art. 15), erase it (art. 17), let it expire
(art. 5(1)(e)), and scrub delivered message texts from the outbox.

An erasure runs inside the caller's transaction and leaves a tombstone (an opaque
reference, when, why) and nothing else about the person. The database runs with
``secure_delete``, and the bot checkpoints the WAL after an erasure, so deleted text does
not stay readable in the file.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

import aiosqlite

from storage import follow_ups, pipeline
from storage.bookings import Booking, Waiting, _booking, _waiting
from storage.console_bookings import attendance_of
from storage.enquiries import Draft, Enquiry, _enquiry
from storage.repositories import Person, _person
from storage.tickets import Ticket, _ticket
from storage.times import from_db, from_db_or_none, to_db

REASONS = ("person", "staff", "retention")
DESK = "desk"


# -- what is stored ------------------------------------------------------------------------

@dataclass(frozen=True)
class ConsentRecord:
    id: int
    purpose: str
    version: str
    locale: str
    given_at: datetime
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class TicketEvent:
    kind: str
    at: datetime
    note: str | None  # internal notes keep their text; their authors are not exported


@dataclass(frozen=True)
class TicketRecord:
    ticket: Ticket
    events: tuple[TicketEvent, ...]


@dataclass(frozen=True)
class StaffNote:
    at: datetime
    text: str  # its author is not exported (the staff member's own data)


@dataclass(frozen=True)
class EnquiryProgress:
    """What staff recorded about an enquiry in the coordinators' console."""

    enquiry_id: int
    stage: str
    follow_up_on: date | None
    stage_changes: tuple[tuple[str, datetime], ...]
    notes: tuple[StaffNote, ...]


@dataclass(frozen=True)
class PersonData:
    person: Person
    consents: tuple[ConsentRecord, ...]
    draft: Draft | None
    enquiries: tuple[Enquiry, ...]
    bookings: tuple[Booking, ...]
    waiting: tuple[Waiting, ...]
    tickets: tuple[TicketRecord, ...]
    session_flow: str | None
    progress: tuple[EnquiryProgress, ...] = ()
    # Whether they came to a consultation, as staff marked it (booking id → attended/no_show).
    attendance: dict[int, str] = field(default_factory=dict)
    # The one reminder of an unfinished enquiry: when it was sent, when they declined it.
    follow_up: follow_ups.FollowUp | None = None


async def _all(conn: aiosqlite.Connection, sql: str, *args: object) -> list[aiosqlite.Row]:
    async with conn.execute(sql, args) as cursor:
        return list(await cursor.fetchall())


async def collect(conn: aiosqlite.Connection, person_id: int) -> PersonData | None:
    rows = await _all(conn, "SELECT * FROM people WHERE id = ?", person_id)
    if not rows:
        return None
    consents = tuple(
        ConsentRecord(r["id"], r["purpose"], r["version"], r["locale"], from_db(r["given_at"]),
                      from_db_or_none(r["withdrawn_at"]))
        for r in await _all(conn, "SELECT * FROM consents WHERE person_id = ? ORDER BY id",
                            person_id))
    drafts = await _all(conn, "SELECT * FROM enquiry_drafts WHERE person_id = ?", person_id)
    draft = None
    if drafts:
        d = drafts[0]
        draft = Draft(d["person_id"], json.loads(d["answers"]), d["position"], d["consent_id"],
                      from_db(d["started_at"]), from_db(d["updated_at"]))
    tickets = []
    for row in await _all(conn, "SELECT * FROM tickets WHERE person_id = ? ORDER BY id",
                          person_id):
        events = tuple(
            TicketEvent(e["kind"], from_db(e["created_at"]), e["note"])
            for e in await _all(conn, "SELECT kind, created_at, note FROM ticket_events"
                                " WHERE ticket_id = ? ORDER BY id", row["id"]))
        tickets.append(TicketRecord(_ticket(row), events))
    sessions = await _all(conn, "SELECT flow FROM sessions WHERE person_id = ?", person_id)
    enquiries = tuple(_enquiry(r) for r in await _all(
        conn, "SELECT * FROM enquiries WHERE person_id = ? ORDER BY id", person_id))
    bookings = tuple(_booking(r) for r in await _all(
        conn, "SELECT * FROM bookings WHERE person_id = ? ORDER BY starts_at", person_id))
    follow_up = await follow_ups.state(conn, person_id)
    return PersonData(
        person=_person(rows[0]),
        consents=consents,
        draft=draft,
        enquiries=enquiries,
        bookings=bookings,
        waiting=tuple(_waiting(r) for r in await _all(
            conn, "SELECT * FROM waiting_list WHERE person_id = ? ORDER BY id", person_id)),
        tickets=tuple(tickets),
        session_flow=sessions[0]["flow"] if sessions else None,
        progress=tuple([await _progress(conn, enquiry.id) for enquiry in enquiries]),
        attendance=await attendance_of(conn, [booking.id for booking in bookings]),
        follow_up=follow_up if follow_up.reminded_at or follow_up.declined_at else None,
    )


async def _progress(conn: aiosqlite.Connection, enquiry_id: int) -> EnquiryProgress:
    tracked = await pipeline.get(conn, enquiry_id)
    return EnquiryProgress(
        enquiry_id,
        tracked.stage if tracked else "new",
        tracked.follow_up_on if tracked else None,
        tuple((c.stage, c.at) for c in await pipeline.history(conn, enquiry_id)),
        tuple(StaffNote(n.at, n.body) for n in await pipeline.notes(conn, enquiry_id)),
    )


async def find_people(
    conn: aiosqlite.Connection, *, phone: str | None = None, name: str | None = None
) -> list[int]:
    """Person ids whose enquiry or booking has this phone number (digits compared), or
    whose enquiry has a name containing ``name`` (case-insensitive)."""
    found: set[int] = set()
    if phone:
        digits = "".join(c for c in phone if c.isdigit())
        if len(digits) >= 5:
            for sql in ("SELECT person_id, phone FROM enquiries WHERE person_id IS NOT NULL",
                        "SELECT person_id, phone FROM bookings WHERE person_id IS NOT NULL"
                        " AND phone IS NOT NULL"):
                for row in await _all(conn, sql):
                    stored = "".join(c for c in row["phone"] if c.isdigit())
                    if stored.endswith(digits) or digits.endswith(stored[-9:] or "-"):
                        found.add(int(row["person_id"]))
    if name and name.strip():
        wanted = name.strip().casefold()
        for row in await _all(conn, "SELECT person_id, name FROM enquiries"
                              " WHERE person_id IS NOT NULL"):
            if wanted in str(row["name"]).casefold():
                found.add(int(row["person_id"]))
    return sorted(found)


# -- erasure ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ErasedTicket:
    id: int
    topic_id: int | None
    card_message_id: int | None
    staff_chat_id: int | None = None  # its staff group; None: the default one


@dataclass(frozen=True)
class Erasure:
    reference: str
    tickets: tuple[ErasedTicket, ...]
    # Names of files served to the person (bot/desk/media.py) that the caller deletes.
    media_urls: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)


async def _count(conn: aiosqlite.Connection, sql: str, *args: object) -> int:
    async with conn.execute(sql, args) as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def _raise_floor(conn: aiosqlite.Connection, name: str, value: int) -> None:
    await conn.execute(
        "INSERT INTO id_floors (name, high) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET"
        " high = MAX(id_floors.high, excluded.high)", (name, value))


def _ticket_ids_json(ids: list[int]) -> str:
    return json.dumps(ids)


async def delete_tickets(conn: aiosqlite.Connection, ids: list[int]) -> int:
    """Tickets, their history, and every outbox row (desk job) about them."""
    if not ids:
        return 0
    listed = _ticket_ids_json(ids)
    await conn.execute(
        "DELETE FROM outbox WHERE channel = ? AND json_extract(payload, '$.ticket')"
        " IN (SELECT value FROM json_each(?))", (DESK, listed))
    for ticket_id in ids:
        await conn.execute("DELETE FROM processed_deliveries WHERE delivery_id LIKE ?",
                           (f"desk-close:{ticket_id}:%",))
    cursor = await conn.execute(
        "DELETE FROM tickets WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))",
        (listed,))
    await _raise_floor(conn, "tickets", max(ids))
    return cursor.rowcount


async def erase_person(
    conn: aiosqlite.Connection, person_id: int, *, reason: str, now: datetime,
    staff_id: int | None = None,
) -> Erasure | None:
    """Delete the person and everything that refers to them; None if there is nobody."""
    assert reason in REASONS
    rows = await _all(conn, "SELECT channel, external_id FROM people WHERE id = ?", person_id)
    if not rows:
        return None
    channel, external_id = rows[0]["channel"], rows[0]["external_id"]
    tickets = [
        ErasedTicket(r["id"], r["topic_id"], r["card_message_id"], r["staff_chat_id"])
        for r in await _all(conn, "SELECT id, topic_id, card_message_id, staff_chat_id"
                            " FROM tickets"
                            " WHERE person_id = ? ORDER BY id", person_id)]
    media = tuple(
        str(r[0]) for r in await _all(
            conn, "SELECT COALESCE(json_extract(payload, '$.media.handle'),"
            " json_extract(payload, '$.extra.media_url')) FROM outbox"
            " WHERE (person_id = ? OR (channel = ? AND recipient = ?))"
            " AND (json_extract(payload, '$.media.source') = 'url'"
            " OR json_extract(payload, '$.extra.media_url') IS NOT NULL)",
            person_id, channel, external_id))
    counts = {
        "enquiries": await _count(conn, "SELECT COUNT(*) FROM enquiries WHERE person_id = ?",
                                  person_id),
        "bookings": await _count(conn, "SELECT COUNT(*) FROM bookings WHERE person_id = ?",
                                 person_id),
    }
    cursor = await conn.execute(
        "DELETE FROM outbox WHERE person_id = ? OR (channel = ? AND recipient = ?)"
        " OR (channel = ? AND json_extract(payload, '$.external_id') = ?)",
        (person_id, channel, external_id, DESK, external_id))
    counts["outbox"] = cursor.rowcount
    counts["tickets"] = await delete_tickets(conn, [t.id for t in tickets])
    await conn.execute("DELETE FROM enquiries WHERE person_id = ?", (person_id,))
    await conn.execute("DELETE FROM bookings WHERE person_id = ?", (person_id,))
    await conn.execute("DELETE FROM jobs WHERE person_id = ?", (person_id,))
    if channel == "telegram":
        await conn.execute("DELETE FROM telegram_chats WHERE chat_id = ?", (external_id,))
    # Sessions, drafts, consents, waiting-list places and file links cascade.
    await conn.execute("DELETE FROM people WHERE id = ?", (person_id,))
    await _raise_floor(conn, "people", person_id)
    reference = f"E-{secrets.randbelow(10**10):010d}"
    await conn.execute(
        "INSERT INTO erasures (reference, erased_at, reason, staff_id) VALUES (?, ?, ?, ?)",
        (reference, to_db(now), reason, staff_id))
    return Erasure(reference, tuple(tickets), media, counts)


@dataclass(frozen=True)
class Tombstone:
    reference: str
    erased_at: datetime
    reason: str
    staff_id: int | None


async def tombstones(conn: aiosqlite.Connection) -> list[Tombstone]:
    return [Tombstone(r["reference"], from_db(r["erased_at"]), r["reason"], r["staff_id"])
            for r in await _all(conn, "SELECT * FROM erasures ORDER BY id")]


# -- delivered texts ---------------------------------------------------------------------

async def scrub_delivered(conn: aiosqlite.Connection, row_id: int, now: datetime) -> None:
    """A delivered row keeps its ids and status; its text goes. A desk job keeps its op and
    ticket number. A row whose person was erased meanwhile (a farewell) goes entirely."""
    rows = await _all(conn, "SELECT channel, recipient, person_id, payload FROM outbox"
                      " WHERE id = ?", row_id)
    if not rows:
        return
    row = rows[0]
    if row["channel"] != DESK and row["person_id"] is None:
        await conn.execute("DELETE FROM outbox WHERE id = ?", (row_id,))
        if row["channel"] == "telegram":
            await conn.execute(
                "DELETE FROM telegram_chats WHERE chat_id = ? AND NOT EXISTS (SELECT 1 FROM"
                " people WHERE channel = 'telegram' AND external_id = ?)",
                (row["recipient"], row["recipient"]))
        return
    payload = json.loads(row["payload"])
    marker: dict[str, object] = {"text": "", "scrubbed": True}
    for kept in ("v", "kind", "op", "ticket"):
        if isinstance(payload, dict) and kept in payload:
            marker[kept] = payload[kept]
    await conn.execute(
        "UPDATE outbox SET payload = ?, scrubbed_at = ? WHERE id = ?",
        (json.dumps(marker), to_db(now), row_id))


# -- retention ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Limits:
    """Cut-off moments: older than these goes."""

    last_seen_before: datetime
    closed_before: datetime
    outbox_before: datetime


@dataclass(frozen=True)
class Expired:
    people: tuple[int, ...]
    closed_tickets: tuple[ErasedTicket, ...]
    outbox_rows: int
    deliveries: int
    jobs: int
    file_links: int

    def counts(self) -> dict[str, int]:
        return {"people": len(self.people), "closed_tickets": len(self.closed_tickets),
                "outbox_rows": self.outbox_rows, "delivery_records": self.deliveries,
                "finished_jobs": self.jobs, "file_links": self.file_links}


async def expired(conn: aiosqlite.Connection, limits: Limits, now: datetime) -> Expired:
    """What the retention rule would delete (people are erased one by one by the caller)."""
    people = tuple(int(r[0]) for r in await _all(
        conn, "SELECT id FROM people WHERE last_seen_at < ? ORDER BY id",
        to_db(limits.last_seen_before)))
    closed = tuple(
        ErasedTicket(r["id"], r["topic_id"], r["card_message_id"], r["staff_chat_id"])
        for r in await _all(conn, "SELECT id, topic_id, card_message_id, staff_chat_id"
                            " FROM tickets"
                            " WHERE status = 'closed' AND closed_at < ? ORDER BY id",
                            to_db(limits.closed_before)))
    cut = to_db(limits.outbox_before)
    return Expired(
        people=people,
        closed_tickets=closed,
        outbox_rows=await _count(conn, "SELECT COUNT(*) FROM outbox WHERE status != 'pending'"
                                 " AND created_at < ?", cut),
        deliveries=await _count(conn, "SELECT COUNT(*) FROM processed_deliveries"
                                " WHERE processed_at < ?", cut),
        jobs=await _count(conn, "SELECT COUNT(*) FROM jobs WHERE done_at IS NOT NULL"
                          " AND done_at < ?", cut),
        file_links=await _count(conn, "SELECT COUNT(*) FROM file_links WHERE expires_at < ?",
                                to_db(now)),
    )


async def apply_expiry(conn: aiosqlite.Connection, found: Expired, limits: Limits,
                       now: datetime) -> None:
    """Delete what :func:`expired` found, except the people (erased through the engine)."""
    await delete_tickets(conn, [t.id for t in found.closed_tickets])
    cut = to_db(limits.outbox_before)
    await conn.execute("DELETE FROM outbox WHERE status != 'pending' AND created_at < ?",
                       (cut,))
    await conn.execute("DELETE FROM processed_deliveries WHERE processed_at < ?", (cut,))
    await conn.execute("DELETE FROM jobs WHERE done_at IS NOT NULL AND done_at < ?", (cut,))
    await conn.execute("DELETE FROM file_links WHERE expires_at < ?", (to_db(now),))


async def person_address(conn: aiosqlite.Connection, person_id: int) -> tuple[str, str] | None:
    rows = await _all(conn, "SELECT channel, external_id FROM people WHERE id = ?", person_id)
    return (rows[0]["channel"], rows[0]["external_id"]) if rows else None


# -- single-use file links (Viber) ---------------------------------------------------------

@dataclass(frozen=True)
class FileLink:
    name: str
    mime: str
    body: bytes


async def add_file_link(
    conn: aiosqlite.Connection, *, person_id: int | None, name: str, mime: str, body: bytes,
    now: datetime, expires_at: datetime,
) -> str:
    token = secrets.token_urlsafe(32)
    await conn.execute(
        "INSERT INTO file_links (token, person_id, name, mime, body, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (token, person_id, name, mime, body, to_db(now), to_db(expires_at)))
    return token


async def take_file_link(conn: aiosqlite.Connection, token: str, now: datetime) -> FileLink | None:
    """The file behind a link, once: the link is deleted as it is taken."""
    rows = await _all(conn, "SELECT * FROM file_links WHERE token = ?", token)
    if not rows:
        return None
    await conn.execute("DELETE FROM file_links WHERE token = ?", (token,))
    row = rows[0]
    if row["expires_at"] < to_db(now):
        return None
    return FileLink(row["name"], row["mime"], bytes(row["body"]))


async def file_link_exists(conn: aiosqlite.Connection, token: str, now: datetime) -> bool:
    return await _count(conn, "SELECT COUNT(*) FROM file_links WHERE token = ?"
                        " AND expires_at >= ?", token, to_db(now)) > 0


# -- consents ------------------------------------------------------------------------------

async def consent_version(conn: aiosqlite.Connection, consent_id: int | None) -> str | None:
    """The version of a consent still in force; None if withdrawn or unknown."""
    if consent_id is None:
        return None
    rows = await _all(conn, "SELECT version FROM consents WHERE id = ? AND withdrawn_at IS"
                      " NULL", consent_id)
    return str(rows[0][0]) if rows else None


async def withdraw_consents(conn: aiosqlite.Connection, person_id: int, now: datetime) -> int:
    cursor = await conn.execute(
        "UPDATE consents SET withdrawn_at = ? WHERE person_id = ? AND withdrawn_at IS NULL",
        (to_db(now), person_id))
    await conn.execute("DELETE FROM enquiry_drafts WHERE person_id = ?", (person_id,))
    return cursor.rowcount


async def has_consent(conn: aiosqlite.Connection, person_id: int) -> bool:
    return await _count(conn, "SELECT COUNT(*) FROM consents WHERE person_id = ?"
                        " AND withdrawn_at IS NULL", person_id) > 0
