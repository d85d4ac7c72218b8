-- Each replica's evidence of each route in time buckets (10 s; compacted to 1 min, then 1 h). A
-- replica that restarts keeps its name and writes as a new instance, so it never overwrites its past.
CREATE TABLE evidence_bucket (
  route          VARCHAR(200) NOT NULL,
  replica        VARCHAR(200) NOT NULL,
  instance       VARCHAR(40)  NOT NULL,
  source         VARCHAR(20)  NOT NULL,
  start_ms       BIGINT       NOT NULL,
  length_ms      BIGINT       NOT NULL,
  stage          VARCHAR(10)  NOT NULL,
  share          INTEGER,
  figures        TEXT         NOT NULL,
  latency_legacy BYTEA,
  latency_new    BYTEA,
  written_at_ms  BIGINT       NOT NULL,
  PRIMARY KEY (route, replica, instance, source, start_ms)
);
CREATE INDEX evidence_bucket_by_time ON evidence_bucket (route, source, start_ms);
