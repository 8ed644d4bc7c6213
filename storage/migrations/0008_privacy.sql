-- Privacy: erasure tombstones, the staff audit log, single-use file links, and the ids an
-- erasure retired (so that an audit row about person 12 or ticket 40 never comes to mean
-- somebody else).

-- What remains of an erased person: an opaque reference, when, and by whom.
CREATE TABLE erasures (
    id        INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    erased_at TEXT NOT NULL,
    reason    TEXT NOT NULL CHECK (reason IN ('person', 'staff', 'retention')),
    staff_id  INTEGER
);

-- The highest id ever used per table whose rows an erasure deletes.
CREATE TABLE id_floors (
    name TEXT PRIMARY KEY,
    high INTEGER NOT NULL
);

-- Staff actions: who (Telegram user id, 0 = the server's operator), when, what, on which
-- ticket or person (by id). Never a name, a phone number or a text.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    staff_id  INTEGER NOT NULL,
    action    TEXT NOT NULL,
    ticket_id INTEGER,
    person_id INTEGER,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- A file for a person on Viber (which takes files by URL only): fetched once, then gone.
CREATE TABLE file_links (
    token      TEXT PRIMARY KEY,
    person_id  INTEGER REFERENCES people (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    mime       TEXT NOT NULL,
    body       BLOB NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Delivered rows keep their ids and status; their text is replaced by a marker.
ALTER TABLE outbox ADD COLUMN scrubbed_at TEXT;
