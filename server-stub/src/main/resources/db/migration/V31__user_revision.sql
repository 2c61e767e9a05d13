-- Admins change users concurrently: every admin change takes the user's next revision, and an
-- update based on an older one is refused (ABORTED) instead of overwriting what it has not seen.
ALTER TABLE users ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
