-- Level 2 onboarding: owners ask to connect a registered camera for live sharing. The stream
-- address (with any credentials) is kept sealed (AES-GCM, key beside the broker), as upstream URLs
-- now are too; sealing makes them longer. The admin's review list is watched: its own counter.
ALTER TABLE camera_upstreams ALTER COLUMN url SET DATA TYPE VARCHAR(4000);
CREATE TABLE live_connection_requests (
  id            VARCHAR(64)              PRIMARY KEY,
  status        VARCHAR(48)              NOT NULL,
  camera_id     VARCHAR(64)              NOT NULL,
  owner_id      VARCHAR(64)              NOT NULL,
  submitted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  sealed_source VARCHAR(4000),
  body          BYTEA                    NOT NULL
);
CREATE INDEX live_connection_requests_review ON live_connection_requests (status, submitted_at, id);
CREATE INDEX live_connection_requests_camera ON live_connection_requests (camera_id);
INSERT INTO revision_counter (collection, revision) VALUES ('owner_reviews', 0);
