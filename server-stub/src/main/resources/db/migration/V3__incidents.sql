-- Incidents from CAD and their timelines (CAD notes, plate reads, bookmarks, shared footage).
CREATE TABLE incidents (
  id          VARCHAR(64)              PRIMARY KEY,
  cad_number  VARCHAR(64)              NOT NULL UNIQUE,
  status      VARCHAR(64)              NOT NULL,
  latitude    DOUBLE PRECISION         NOT NULL,
  longitude   DOUBLE PRECISION         NOT NULL,
  opened_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  revision    BIGINT                   NOT NULL,
  body        BYTEA                    NOT NULL
);
CREATE INDEX incidents_opened ON incidents (opened_at);

-- The searchable parts of a timeline entry are columns; the whole entry is its protobuf encoding.
CREATE TABLE timeline_events (
  id          VARCHAR(64)              PRIMARY KEY,
  incident_id VARCHAR(64)              REFERENCES incidents (id),
  at          TIMESTAMP WITH TIME ZONE NOT NULL,
  event_type  VARCHAR(64)              NOT NULL,
  camera_id   VARCHAR(64),
  plate       VARCHAR(16),
  body        BYTEA                    NOT NULL
);
CREATE INDEX timeline_events_incident ON timeline_events (incident_id, at);
CREATE INDEX timeline_events_plate ON timeline_events (plate, at);
