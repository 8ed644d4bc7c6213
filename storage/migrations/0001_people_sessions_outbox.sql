-- People, their conversation state, the outbox and processed deliveries.
CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    channel         TEXT NOT NULL,
    external_id     TEXT NOT NULL,
    locale          TEXT NOT NULL,
    source          TEXT,
    created_at      TEXT NOT NULL,
    last_seen_at    TEXT NOT NULL,
    blocked_at      TEXT,
    unsubscribed_at TEXT,
    UNIQUE (channel, external_id)
);

CREATE TABLE sessions (
    person_id  INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    flow       TEXT NOT NULL,
    step       TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Messages waiting to be delivered, in id order per recipient.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER REFERENCES people (id) ON DELETE SET NULL,
    channel       TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'message',
    payload       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    not_before    TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    sent_at       TEXT,
    last_error    TEXT,
    external_id   TEXT,
    delivered_at  TEXT
);
CREATE INDEX outbox_pending ON outbox (status, channel, recipient, id);

CREATE TABLE processed_deliveries (
    channel      TEXT NOT NULL,
    delivery_id  TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    PRIMARY KEY (channel, delivery_id)
);
