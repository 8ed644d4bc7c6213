-- The staff desk: registered staff, a forum topic per ticket, ticket history and ratings.
ALTER TABLE tickets ADD COLUMN topic_id INTEGER;
ALTER TABLE tickets ADD COLUMN card_message_id INTEGER;
ALTER TABLE tickets ADD COLUMN resolution TEXT;
ALTER TABLE tickets ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE tickets ADD COLUMN rating_comment TEXT;
ALTER TABLE tickets ADD COLUMN sla_breached_at TEXT;
ALTER TABLE tickets ADD COLUMN false_positive INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX tickets_topic ON tickets (topic_id) WHERE topic_id IS NOT NULL;

CREATE TABLE staff (
    telegram_user_id INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
    queues           TEXT NOT NULL DEFAULT '[]',
    added_at         TEXT NOT NULL
);

-- What happened to a ticket. Only internal notes keep their text: relayed messages live
-- in the person's chat and the ticket's topic, not in a second copy here.
CREATE TABLE ticket_events (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    author     TEXT,
    note       TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);
