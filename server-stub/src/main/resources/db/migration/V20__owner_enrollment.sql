-- Owners who register themselves on /register. A registration holds what the owner typed (its
-- protobuf encoding) until the owner confirms their address; searchable fields are columns.
CREATE TABLE registrations (
  id              VARCHAR(64)              PRIMARY KEY,
  status          VARCHAR(48)              NOT NULL,
  email           VARCHAR(254)             NOT NULL,
  owner_id        VARCHAR(64)              NOT NULL,
  submitted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  link_expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  body            BYTEA                    NOT NULL
);
CREATE INDEX registrations_review ON registrations (status, submitted_at, id);
CREATE INDEX registrations_owner ON registrations (owner_id);

-- E-mails sent on a visitor's request (registrations, manage links), counted for the rate limits by
-- the SHA-256 of the client address or the e-mail address, never the address itself.
CREATE TABLE enrollment_attempts (
  scope    VARCHAR(16)              NOT NULL,
  key_hash CHAR(64)                 NOT NULL,
  at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX enrollment_attempts_key ON enrollment_attempts (scope, key_hash, at);

-- An owner who withdrew keeps their id (footage requests and grants name it) and nothing else.
ALTER TABLE owners ADD COLUMN withdrawn_at TIMESTAMP WITH TIME ZONE;
