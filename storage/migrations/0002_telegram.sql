-- Telegram's own delivery state, kept next to the outbox it belongs to.

-- Per chat: the one message whose inline keyboard is still live (older keyboards are
-- removed so the chat does not fill with live-looking buttons of answered questions), and
-- whether a request_contact reply keyboard is showing and must be removed later.
CREATE TABLE telegram_chats (
    chat_id             TEXT PRIMARY KEY,
    keyboard_message_id INTEGER,
    reply_keyboard      INTEGER NOT NULL DEFAULT 0,
    updated_at          TEXT NOT NULL
);

-- An outbox row that takes several Bot API calls (a long text in parts, a document after
-- its text, a keyboard attached after the reply keyboard was removed) remembers how far
-- it got, so a retry continues instead of sending the first parts again.
CREATE TABLE telegram_progress (
    outbox_id  INTEGER PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
    steps_done INTEGER NOT NULL,
    message_id INTEGER
);
