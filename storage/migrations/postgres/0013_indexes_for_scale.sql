-- PostgreSQL's variant of 0013_indexes_for_scale.sql: BIGINT for SQLite's INTEGER (Telegram
-- ids pass 2^31), identity columns for its rowid ids, BYTEA for BLOB.
-- Indexes that keep an update's cost flat as the tables grow (bench/engine.py --people:
-- 100,000 people, 10,000 open tickets, 50,000 bookings against 1,000; each query was
-- checked with EXPLAIN QUERY PLAN).

-- A person's open tickets (handoff, safeguarding alerts, the sender's "person blocked"
-- note): was a scan of every open ticket.
CREATE INDEX tickets_by_person ON tickets (person_id, status);

-- "You are number N in the queue": counts the unanswered open tickets ahead from the
-- index alone, instead of reading each open ticket of the queue.
CREATE INDEX tickets_unanswered ON tickets (status, queue, first_response_at, urgent);

-- The SLA check every 30 seconds: only tickets not announced yet, instead of every
-- unanswered one of the queue (it holds the write connection while it reads).
CREATE INDEX tickets_sla ON tickets (status, queue, first_response_at, sla_breached_at,
                                     created_at);

-- Free times: a consultant's live bookings that end after the start of the period shown,
-- instead of every booking they ever had before its end (the past grows, the future not).
CREATE INDEX bookings_live_by_end ON bookings (consultant, ends_at) WHERE status = 'booked';
