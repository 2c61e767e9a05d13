-- Tracks: an incident's camera bookmarks in the order a person or a car passed them. The body is
-- the Track's protobuf encoding; its revision is the incident revision that saved it.
CREATE TABLE incident_tracks (
  id          VARCHAR(64) PRIMARY KEY,
  incident_id VARCHAR(64) NOT NULL REFERENCES incidents (id),
  revision    BIGINT      NOT NULL,
  body        BYTEA       NOT NULL
);
CREATE INDEX incident_tracks_incident ON incident_tracks (incident_id);
