-- The shared limiter's schedules (bot/kit/pacing.py): for each channel and key (a chat,
-- a group, or '*' for the channel as a whole) the time, in seconds since 1970 by the
-- database's clock, at which the key's sending budget is whole again. Workers on one
-- PostgreSQL database take their sending slots here, so the messengers' limits hold for
-- all of them together. A single process on SQLite keeps them in memory and leaves this
-- table empty.
CREATE TABLE send_slots (
    channel TEXT NOT NULL,
    key TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (channel, key)
);
