-- PostgreSQL's variant of 0007_outbox_sending.sql: BIGINT for SQLite's INTEGER (Telegram
-- ids pass 2^31), identity columns for its rowid ids, BYTEA for BLOB.
-- When the latest attempt to send a row began, recorded before the messenger is called
-- and cleared when the attempt is known to have failed. A pending row that still has it
-- after a restart was being sent at the moment the bot stopped: it is sent again, and is
-- the only kind of message that may reach a person twice.
ALTER TABLE outbox ADD COLUMN sending_since TEXT;
