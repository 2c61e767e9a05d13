-- A deleted camera's upstream URLs (sealed, as in camera_upstreams), kept so that an admin's undo
-- of the deletion, which makes the camera again with its id, brings it back whole: the broker never
-- gives these URLs to a client, so the client cannot send them back. The retention purge removes
-- them after their period (deletedCameraAddresses).
CREATE TABLE deleted_camera_upstreams (
  camera_id  VARCHAR(64)              NOT NULL,
  profile    VARCHAR(64)              NOT NULL,
  url        VARCHAR(2000)            NOT NULL,
  deleted_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (camera_id, profile)
);
CREATE INDEX deleted_camera_upstreams_deleted_at ON deleted_camera_upstreams (deleted_at);
