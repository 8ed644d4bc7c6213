-- PostgreSQL's variant of 0002_telegram.sql: BIGINT for SQLite's INTEGER (Telegram
-- ids pass 2^31), identity columns for its rowid ids, BYTEA for BLOB.
-- Telegram's own delivery state, kept next to the outbox it belongs to.

-- Per chat: the one message whose inline keyboard is still live (older keyboards are
-- removed so the chat does not fill with live-looking buttons of answered questions), and
-- whether a request_contact reply keyboard is showing and must be removed later.
CREATE TABLE telegram_chats (
    chat_id             TEXT PRIMARY KEY,
    keyboard_message_id BIGINT,
    reply_keyboard      BIGINT NOT NULL DEFAULT 0,
    updated_at          TEXT NOT NULL
);

-- An outbox row that takes several Bot API calls (a long text in parts, a document after
-- its text, a keyboard attached after the reply keyboard was removed) remembers how far
-- it got, so a retry continues instead of sending the first parts again.
CREATE TABLE telegram_progress (
    outbox_id  BIGINT PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
    steps_done BIGINT NOT NULL,
    message_id BIGINT
);
