-- An import writes 100,000 cameras and as many change-log rows in one transaction, and every index
-- on them is written once a row. These three were never read: the directory answers position and
-- provenance lookups from memory, and the change log is read by revision ranges (its primary key).
DROP INDEX cameras_position;
DROP INDEX cameras_provenance;
DROP INDEX change_log_entity;
