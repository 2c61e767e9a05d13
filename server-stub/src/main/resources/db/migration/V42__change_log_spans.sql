-- A write of many entities (an import of 100,000 cameras) records its changes in rows of up to
-- 1,000 consecutive revisions instead of one row each (decision record 27): such a row holds the
-- ids of first_revision..revision in order, each written as its length, ':' and the id. A row of
-- one change, as every earlier row is, holds the bare id.
ALTER TABLE change_log RENAME COLUMN entity_id TO entity_ids;
ALTER TABLE change_log ALTER COLUMN entity_ids SET DATA TYPE VARCHAR(70000);
ALTER TABLE change_log ADD COLUMN first_revision BIGINT;
UPDATE change_log SET first_revision = revision;
ALTER TABLE change_log ALTER COLUMN first_revision SET NOT NULL;
