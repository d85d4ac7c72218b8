-- The autopilot's state shared by the fleet: which replica drives each route (a lease renewed every
-- second), whether an operator paused it or a failure stopped it, and the steps it took.
CREATE TABLE autopilot_route (
  route        VARCHAR(200) PRIMARY KEY,
  holder       VARCHAR(200),
  until_ms     BIGINT       NOT NULL,
  stopped      VARCHAR(20),
  stopped_why  VARCHAR(2000),
  stopped_at_ms BIGINT
);
CREATE TABLE autopilot_step (
  id           BIGSERIAL    PRIMARY KEY,
  route        VARCHAR(200) NOT NULL,
  at_ms        BIGINT       NOT NULL,
  action       VARCHAR(20)  NOT NULL,
  from_step    VARCHAR(40)  NOT NULL,
  to_step      VARCHAR(40)  NOT NULL,
  reason       VARCHAR(2000) NOT NULL,
  by_replica   VARCHAR(200) NOT NULL
);
CREATE INDEX autopilot_step_by_route ON autopilot_step (route, at_ms);
