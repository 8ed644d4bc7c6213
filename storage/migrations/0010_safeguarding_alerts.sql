-- Every safeguarding alert with what was detected (never the words), so that an agency can
-- see per language and category how often the desk marked one a false alarm.
CREATE TABLE safeguarding_alerts (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
    person_id  INTEGER REFERENCES people (id) ON DELETE SET NULL,
    category   TEXT NOT NULL,
    language   TEXT NOT NULL,
    voice      TEXT NOT NULL,
    locale     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX safeguarding_alerts_created ON safeguarding_alerts (created_at);
