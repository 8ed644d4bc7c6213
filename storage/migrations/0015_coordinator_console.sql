-- The coordinators' web console: sign-in links and sessions (only hashes of their secrets
-- are stored), the recruitment funnel, enquiry stages with their history, notes and
-- follow-up dates, and whether a person came to their consultation.

-- A single-use sign-in link the bot sent a staff member; valid for ten minutes.
CREATE TABLE console_links (
    token_hash TEXT PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff (telegram_user_id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

CREATE TABLE console_sessions (
    session_hash TEXT PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff (telegram_user_id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at     TEXT
);

-- One journey per person through the recruitment funnel: when each stage was first
-- reached. An erased person's row stays without them (counts, never who).
CREATE TABLE funnel (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER UNIQUE REFERENCES people (id) ON DELETE SET NULL,
    source          TEXT,
    opened_at       TEXT NOT NULL,
    consented_at    TEXT,
    sent_at         TEXT,
    contacted_at    TEXT,
    info_session_at TEXT,
    applied_at      TEXT,
    approved_at     TEXT
);
CREATE INDEX funnel_opened ON funnel (opened_at);

-- Where an enquiry stands in the recruitment process, set by staff in the console.
CREATE TABLE enquiry_pipeline (
    enquiry_id   INTEGER PRIMARY KEY REFERENCES enquiries (id) ON DELETE CASCADE,
    stage        TEXT NOT NULL DEFAULT 'new'
                 CHECK (stage IN ('new', 'contacted', 'info_session', 'application',
                                  'training', 'approved', 'withdrawn', 'not_proceeding')),
    follow_up_on TEXT,
    updated_at   TEXT NOT NULL,
    updated_by   INTEGER
);

CREATE TABLE enquiry_stage_changes (
    id         INTEGER PRIMARY KEY,
    enquiry_id INTEGER NOT NULL REFERENCES enquiries (id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,
    staff_id   INTEGER NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX enquiry_stage_changes_enquiry ON enquiry_stage_changes (enquiry_id, id);

CREATE TABLE enquiry_notes (
    id         INTEGER PRIMARY KEY,
    enquiry_id INTEGER NOT NULL REFERENCES enquiries (id) ON DELETE CASCADE,
    staff_id   INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX enquiry_notes_enquiry ON enquiry_notes (enquiry_id, id);

-- Marked by staff after the time: NULL (not marked), 'attended' or 'no_show'.
ALTER TABLE bookings ADD COLUMN attendance TEXT
    CHECK (attendance IN ('attended', 'no_show'));
