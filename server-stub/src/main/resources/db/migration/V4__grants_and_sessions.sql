-- Live-share grants that owners give, pause and revoke; stream sessions the broker ticketed;
-- secrets shared by every broker instance (the stream-ticket signing key).
CREATE TABLE live_share_grants (
  id        VARCHAR(64) PRIMARY KEY,
  owner_id  VARCHAR(64) NOT NULL REFERENCES owners (id),
  camera_id VARCHAR(64) NOT NULL,
  status    VARCHAR(64) NOT NULL,
  revision  BIGINT      NOT NULL,
  body      BYTEA       NOT NULL
);
CREATE INDEX live_share_grants_camera ON live_share_grants (camera_id);

CREATE TABLE stream_sessions (
  id          VARCHAR(64)              PRIMARY KEY,
  camera_id   VARCHAR(64)              NOT NULL,
  user_id     VARCHAR(100)             NOT NULL,
  kind        VARCHAR(32)              NOT NULL,
  grant_id    VARCHAR(64),
  case_number VARCHAR(100)             NOT NULL,
  opened_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at    TIMESTAMP WITH TIME ZONE,
  end_reason  VARCHAR(64),
  body        BYTEA                    NOT NULL
);
CREATE INDEX stream_sessions_open ON stream_sessions (ended_at, camera_id);

CREATE TABLE broker_secrets (
  name   VARCHAR(64)  PRIMARY KEY,
  secret VARCHAR(128) NOT NULL
);
