-- PostgreSQL's variant of 0014_staff_group_per_queue.sql: BIGINT for SQLite's INTEGER (Telegram
-- ids pass 2^31), identity columns for its rowid ids, BYTEA for BLOB.
-- A staff group per queue: each ticket remembers the group its topic lives in (NULL: the
-- default group, STAFF_CHAT_ID). Thread ids are unique only within one group.
ALTER TABLE tickets ADD COLUMN staff_chat_id BIGINT;
CREATE UNIQUE INDEX tickets_group_topic ON tickets (COALESCE(staff_chat_id, 0), topic_id)
    WHERE topic_id IS NOT NULL;
DROP INDEX tickets_topic;
