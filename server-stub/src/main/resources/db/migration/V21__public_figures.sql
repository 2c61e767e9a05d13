-- The transparency page: the organisation each user account belongs to (the page lists them from
-- here, never from a typed list), and an index that lets every public figure count audit rows of one
-- action in a time window (with their cases) from the index alone.
ALTER TABLE users ADD COLUMN organisation VARCHAR(200) NOT NULL DEFAULT '';
CREATE INDEX audit_log_action_at ON audit_log (action, at, case_number);
