-- Consents, foster-carer enquiries (and their drafts), and tickets waiting in staff queues.
CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER REFERENCES people (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL,
    version     TEXT NOT NULL,
    locale      TEXT NOT NULL,
    given_at    TEXT NOT NULL,
    withdrawn_at TEXT
);

CREATE TABLE enquiry_drafts (
    person_id  INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    answers    TEXT NOT NULL DEFAULT '{}',
    position   TEXT,
    consent_id INTEGER REFERENCES consents (id) ON DELETE SET NULL,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE enquiries (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
    agency_id   TEXT NOT NULL,
    channel     TEXT NOT NULL,
    locale      TEXT NOT NULL,
    source      TEXT,
    consent_id  INTEGER REFERENCES consents (id) ON DELETE SET NULL,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    answers     TEXT NOT NULL,
    to_discuss  TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL
);
CREATE INDEX enquiries_created ON enquiries (created_at);

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY,
    person_id         INTEGER REFERENCES people (id) ON DELETE SET NULL,
    queue             TEXT NOT NULL,
    kind              TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    urgent            INTEGER NOT NULL DEFAULT 0,
    locale            TEXT NOT NULL,
    channel           TEXT,
    centre            TEXT,
    subject           TEXT,
    card              TEXT NOT NULL,
    assignee          TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    first_response_at TEXT,
    closed_at         TEXT
);
CREATE INDEX tickets_open ON tickets (status, queue, urgent DESC, created_at);
