-- Evidence holds (exempt data from retention until lifted) and the purge's schedule row, whose row
-- lock makes one broker run each scheduled purge even when several share the database.
CREATE TABLE evidence_holds (
  id                VARCHAR(64)              PRIMARY KEY,
  incident_id       VARCHAR(64),
  camera_id         VARCHAR(64),
  window_start      TIMESTAMP WITH TIME ZONE,
  window_end        TIMESTAMP WITH TIME ZONE,
  case_number       VARCHAR(100)             NOT NULL,
  reason            VARCHAR(2000)            NOT NULL,
  placed_by_user_id VARCHAR(100)             NOT NULL,
  placed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  lifted_at         TIMESTAMP WITH TIME ZONE,
  lifted_by_user_id VARCHAR(100),
  lift_reason       VARCHAR(2000)
);
CREATE INDEX evidence_holds_active ON evidence_holds (lifted_at, incident_id);

CREATE TABLE retention_schedule (
  name           VARCHAR(32)              PRIMARY KEY,
  last_slot      TIMESTAMP WITH TIME ZONE,
  last_run_at    TIMESTAMP WITH TIME ZONE
);
INSERT INTO retention_schedule (name, last_slot, last_run_at) VALUES ('purge', NULL, NULL);

-- The purge finds expired plate reads and ended sessions by time.
CREATE INDEX timeline_events_type_at ON timeline_events (event_type, at);
CREATE INDEX stream_sessions_ended ON stream_sessions (ended_at);
