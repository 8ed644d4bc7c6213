-- PostgreSQL's variant of 0009_references_and_what_was_seen.sql: BIGINT for SQLite's INTEGER (Telegram
-- ids pass 2^31), identity columns for its rowid ids, BYTEA for BLOB.
-- Reference numbers people are told ("E-1041", "B-1187"), and what a person saw when they
-- sent an enquiry: each question and answer as labels in their language and the staff
-- language (JSON), so that exports do not depend on today's profile.
ALTER TABLE enquiries ADD COLUMN reference TEXT;
ALTER TABLE enquiries ADD COLUMN seen TEXT;
UPDATE enquiries SET reference = 'E-' || (1000 + id);
CREATE UNIQUE INDEX enquiries_reference ON enquiries (reference);

ALTER TABLE bookings ADD COLUMN reference TEXT;
UPDATE bookings SET reference = 'B-' || (1000 + id);
CREATE UNIQUE INDEX bookings_reference ON bookings (reference);
