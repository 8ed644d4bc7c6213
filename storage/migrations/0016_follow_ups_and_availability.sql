-- One gentle reminder for an unfinished enquiry (and "please don't remind me"), and the
-- consultants' availability as staff edit it in the console, on top of the profile.

CREATE TABLE follow_ups (
    person_id   INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    reminded_at TEXT,
    declined_at TEXT
);

-- A consultant's weekly hours as edited in the console; when a consultant has any row
-- here, these rows replace the profile's availability for them.
CREATE TABLE consultant_hours (
    id         INTEGER PRIMARY KEY,
    consultant TEXT NOT NULL,
    weekday    TEXT NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat',
                                                 'sun')),
    starts     TEXT NOT NULL,          -- "10:00", wall-clock time at the place
    ends       TEXT NOT NULL,          -- "14:00"
    centre     TEXT,                   -- NULL: remote (phone, video)
    updated_by INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX consultant_hours_by_consultant ON consultant_hours (consultant);

-- Whole days off (holidays) and one-off absences: no slot of the consultant in
-- [starts_at, ends_at) (UTC).
CREATE TABLE consultant_absences (
    id         INTEGER PRIMARY KEY,
    consultant TEXT NOT NULL,
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX consultant_absences_by_consultant ON consultant_absences (consultant, ends_at);
