-- Evidence exports: prepared by a supervisor (the plan: what to download, the holds placed), sealed
-- once the payload's hashes came back. The plan is the EvidenceExportPlan's protobuf encoding with
-- its download URLs removed (they are short-lived secrets).
CREATE TABLE evidence_exports (
  id            VARCHAR(64)  PRIMARY KEY,
  incident_id   VARCHAR(64)  NOT NULL REFERENCES incidents (id),
  exporter_id   VARCHAR(64)  NOT NULL,
  exporter_name VARCHAR(200) NOT NULL,
  case_number   VARCHAR(64)  NOT NULL,
  reason        VARCHAR(500) NOT NULL,
  workstation   VARCHAR(100) NOT NULL,
  prepared_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  sealed_at     TIMESTAMP WITH TIME ZONE,
  plan          BYTEA        NOT NULL,
  session_ids   VARCHAR(2000) NOT NULL
);
