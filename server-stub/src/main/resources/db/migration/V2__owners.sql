-- Camera owners who take part (Level 1 registered, Level 2 live sharing). Their cameras name them
-- by cameras.owner_id.
CREATE TABLE owners (
  id           VARCHAR(64)              PRIMARY KEY,
  display_name VARCHAR(200)             NOT NULL,
  organization VARCHAR(200)             NOT NULL,
  email        VARCHAR(254)             NOT NULL,
  phone        VARCHAR(16)              NOT NULL,
  owner_type   VARCHAR(32)              NOT NULL,
  time_zone    VARCHAR(64)              NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX cameras_owner ON cameras (owner_id);
