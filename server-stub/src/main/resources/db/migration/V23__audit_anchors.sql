-- Audit anchors: the chain's head (sequence and hash) as the broker signed and published it, kept
-- for good, so anyone holding an earlier anchor can check that history was not rewritten since.
CREATE TABLE audit_anchors (
  sequence    BIGINT                   NOT NULL,
  head_hash   CHAR(64)                 NOT NULL,
  anchored_at TIMESTAMP WITH TIME ZONE NOT NULL,
  occasion    VARCHAR(32)              NOT NULL,
  signature   VARCHAR(200)             NOT NULL,
  PRIMARY KEY (anchored_at, sequence)
);
