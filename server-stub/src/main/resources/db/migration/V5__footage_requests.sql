-- Footage requests to owners (participation Level 1) and the share links owners act through.
-- Searchable columns beside the request's protobuf encoding, as for grants.
CREATE TABLE footage_requests (
  id                VARCHAR(64)              PRIMARY KEY,
  owner_id          VARCHAR(64)              NOT NULL REFERENCES owners (id),
  status            VARCHAR(32)              NOT NULL,
  case_number       VARCHAR(64)              NOT NULL,
  requester_user_id VARCHAR(100)             NOT NULL,
  idempotency_key   VARCHAR(64)              NOT NULL,
  created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  link_expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  revision          BIGINT                   NOT NULL,
  body              BYTEA                    NOT NULL
);
CREATE INDEX footage_requests_newest ON footage_requests (created_at, id);
CREATE INDEX footage_requests_retry ON footage_requests (requester_user_id, idempotency_key);
CREATE INDEX footage_requests_status ON footage_requests (status, link_expires_at);

-- Which cameras each request asks about (for the camera filter); fixed when the request is made.
CREATE TABLE footage_request_cameras (
  request_id VARCHAR(64) NOT NULL REFERENCES footage_requests (id),
  camera_id  VARCHAR(64) NOT NULL,
  PRIMARY KEY (request_id, camera_id)
);
CREATE INDEX footage_request_cameras_camera ON footage_request_cameras (camera_id);

-- Share links: a random token is handed out once; only its SHA-256 is kept. Each link serves one
-- purpose (answer a footage request, manage live sharing, download one clip) for one holder.
CREATE TABLE share_links (
  token_hash CHAR(64)                 PRIMARY KEY,
  purpose    VARCHAR(32)              NOT NULL,
  subject_id VARCHAR(64)              NOT NULL,
  holder_id  VARCHAR(100)             NOT NULL,
  issued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX share_links_subject ON share_links (purpose, subject_id);
