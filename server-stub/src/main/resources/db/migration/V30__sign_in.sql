-- Sign-in with user name and password: a slow hash per user, failed attempts counted for the
-- slow-down, and sessions that expire and can be ended. The organisation column may also come from
-- another migration, hence IF NOT EXISTS.
ALTER TABLE users ADD COLUMN IF NOT EXISTS organisation VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN password_hash VARCHAR(200);
ALTER TABLE users ADD COLUMN last_signed_in_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_failed_sign_in_at TIMESTAMP WITH TIME ZONE;

-- Only the SHA-256 of a session token is kept. ended_at is set by sign-out, a password reset, or the
-- first call after expiry (end_reason says which); ended sessions stay for the audit trail.
CREATE TABLE sign_in_sessions (
  id         VARCHAR(64)              PRIMARY KEY,
  user_id    VARCHAR(64)              NOT NULL REFERENCES users (id),
  token_hash CHAR(64)                 NOT NULL UNIQUE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at   TIMESTAMP WITH TIME ZONE,
  end_reason VARCHAR(32)
);
CREATE INDEX sign_in_sessions_user ON sign_in_sessions (user_id);
