-- dialects: sqlite, postgres
-- Several workers: a job is claimed (with a lease) before its event is handled, so only
-- one process handles it; a claim whose process died runs out and the job is claimed
-- again (the engine's delivery id "job:<id>" makes a second handling a duplicate).
ALTER TABLE jobs ADD COLUMN claimed_until TEXT;
