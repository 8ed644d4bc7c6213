-- Consultation bookings, the waiting list, and scheduled jobs (reminders, offers).
--
-- A person's erasure (People.forget) keeps the bookings staff must keep, without the
-- person (SET NULL), and removes their place on the waiting list and their pending jobs
-- (CASCADE).

CREATE TABLE bookings (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER REFERENCES people (id) ON DELETE SET NULL,
    channel       TEXT NOT NULL,
    service       TEXT NOT NULL,
    centre        TEXT,                   -- NULL: a remote consultation (phone or video)
    mode          TEXT NOT NULL CHECK (mode IN ('in_person', 'phone', 'video')),
    consultant    TEXT NOT NULL,
    starts_at     TEXT NOT NULL,          -- UTC, ISO 8601 (storage/times.py)
    ends_at       TEXT NOT NULL,
    timezone      TEXT NOT NULL,          -- the centre's (or the agency's) time zone
    status        TEXT NOT NULL DEFAULT 'booked'
                  CHECK (status IN ('booked', 'cancelled', 'rescheduled')),
    for_whom      TEXT NOT NULL CHECK (for_whom IN ('self', 'family', 'child')),
    child_consent INTEGER NOT NULL DEFAULT 0,
    phone         TEXT,
    locale        TEXT NOT NULL,
    replaces      INTEGER REFERENCES bookings (id) ON DELETE SET NULL,
    confirmed_at  TEXT,                   -- the person answered a reminder "I'll be there"
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    cancelled_at  TEXT
);
-- The last guard against double booking: one live booking per consultant and start.
CREATE UNIQUE INDEX bookings_one_per_slot ON bookings (consultant, starts_at)
    WHERE status = 'booked';
CREATE INDEX bookings_by_start ON bookings (starts_at, status);
CREATE INDEX bookings_by_person ON bookings (person_id, status, starts_at);

CREATE TABLE waiting_list (
    id               INTEGER PRIMARY KEY,
    person_id        INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    service          TEXT NOT NULL,
    centre           TEXT,                -- NULL: waiting for a remote consultation
    mode             TEXT NOT NULL CHECK (mode IN ('in_person', 'phone', 'video')),
    for_whom         TEXT NOT NULL CHECK (for_whom IN ('self', 'family', 'child')),
    child_consent    INTEGER NOT NULL DEFAULT 0,
    locale           TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'waiting'
                     CHECK (status IN ('waiting', 'offered', 'booked', 'left')),
    ticket_id        INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
    offer_consultant TEXT,
    offer_starts_at  TEXT,
    offered_at       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX waiting_list_queue ON waiting_list (service, centre, status, id);

-- Work to do at a moment: each due job becomes one engine event with the delivery id
-- "job:<id>", so the engine's de-duplication makes it happen once, even across restarts.
CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER REFERENCES people (id) ON DELETE CASCADE,
    booking_id INTEGER REFERENCES bookings (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,             -- the system event's name: 'reminder', 'offer'
    payload    TEXT NOT NULL DEFAULT '',  -- the system event's argument
    due_at     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    done_at    TEXT,
    outcome    TEXT                       -- 'sent', 'duplicate', 'superseded', 'cancelled'
);
CREATE INDEX jobs_due ON jobs (done_at, due_at);
CREATE INDEX jobs_by_booking ON jobs (booking_id, done_at);
