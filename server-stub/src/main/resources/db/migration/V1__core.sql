-- Core schema: revisions, users, cameras, layers, audit. One dialect that H2 2.x and PostgreSQL 15 both accept.

-- One counter per watched collection (and the audit sequence). Writers take the row lock with
-- UPDATE ... SET revision = revision + 1, so revisions become visible in the order they were given.
CREATE TABLE revision_counter (
  collection VARCHAR(32) PRIMARY KEY,
  revision   BIGINT      NOT NULL
);
INSERT INTO revision_counter (collection, revision) VALUES
  ('cameras', 0), ('layers', 0), ('footage_requests', 0), ('grants', 0), ('incidents', 0), ('audit', 0);

-- Every change to a watched collection; removals stay as tombstones so a resuming client learns them.
CREATE TABLE change_log (
  collection VARCHAR(32)              NOT NULL,
  revision   BIGINT                   NOT NULL,
  entity_id  VARCHAR(64)              NOT NULL,
  removed    BOOLEAN                  NOT NULL,
  changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (collection, revision)
);
CREATE INDEX change_log_entity ON change_log (collection, entity_id);

CREATE TABLE users (
  id              VARCHAR(64)              PRIMARY KEY,
  username        VARCHAR(64)              NOT NULL UNIQUE,
  display_name    VARCHAR(200)             NOT NULL,
  roles           VARCHAR(100)             NOT NULL,
  token_hash      CHAR(64)                 NOT NULL UNIQUE,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  disabled_at     TIMESTAMP WITH TIME ZONE,
  disabled_reason VARCHAR(500)
);

-- The searchable columns are real columns; the rest of the camera (cones, streams, tags,
-- provenance, health) is its protobuf encoding in body.
CREATE TABLE cameras (
  id               VARCHAR(64)              PRIMARY KEY,
  kind             VARCHAR(32)              NOT NULL,
  name             VARCHAR(300)             NOT NULL,
  latitude         DOUBLE PRECISION         NOT NULL,
  longitude        DOUBLE PRECISION         NOT NULL,
  owner_id         VARCHAR(64),
  source           VARCHAR(200),
  source_record_id VARCHAR(200),
  revision         BIGINT                   NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  body             BYTEA                    NOT NULL
);
CREATE INDEX cameras_position ON cameras (latitude, longitude);
CREATE INDEX cameras_provenance ON cameras (source, source_record_id);

-- Where a camera's streams really come from; never returned to clients (only tickets are).
CREATE TABLE camera_upstreams (
  camera_id VARCHAR(64)   NOT NULL REFERENCES cameras (id) ON DELETE CASCADE,
  profile   VARCHAR(64)   NOT NULL,
  url       VARCHAR(2000) NOT NULL,
  PRIMARY KEY (camera_id, profile)
);

CREATE TABLE layers (
  id                 VARCHAR(64)              PRIMARY KEY,
  name               VARCHAR(200)             NOT NULL,
  description        VARCHAR(2000)            NOT NULL,
  color              VARCHAR(7)               NOT NULL,
  icon               VARCHAR(64)              NOT NULL,
  visible_by_default BOOLEAN                  NOT NULL,
  display_order      INTEGER                  NOT NULL,
  revision           BIGINT                   NOT NULL,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE camera_layers (
  camera_id VARCHAR(64) NOT NULL REFERENCES cameras (id) ON DELETE CASCADE,
  layer_id  VARCHAR(64) NOT NULL REFERENCES layers (id) ON DELETE CASCADE,
  PRIMARY KEY (camera_id, layer_id)
);
CREATE INDEX camera_layers_layer ON camera_layers (layer_id);

-- Append-only: the application only ever inserts here. Each hash covers the row and the previous hash.
CREATE TABLE audit_log (
  sequence      BIGINT                   PRIMARY KEY,
  at            TIMESTAMP WITH TIME ZONE NOT NULL,
  user_id       VARCHAR(100)             NOT NULL,
  username      VARCHAR(200)             NOT NULL,
  action        VARCHAR(64)              NOT NULL,
  target        VARCHAR(300)             NOT NULL,
  case_number   VARCHAR(100)             NOT NULL,
  reason        VARCHAR(2000)            NOT NULL,
  incident_id   VARCHAR(64)              NOT NULL,
  detail        VARCHAR(4000)            NOT NULL,
  previous_hash CHAR(64)                 NOT NULL,
  hash          CHAR(64)                 NOT NULL
);
CREATE INDEX audit_log_user ON audit_log (user_id, sequence);
CREATE INDEX audit_log_target ON audit_log (target, sequence);
CREATE INDEX audit_log_action ON audit_log (action, sequence);
CREATE INDEX audit_log_at ON audit_log (at);
