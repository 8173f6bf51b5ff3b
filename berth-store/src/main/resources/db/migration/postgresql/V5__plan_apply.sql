-- Berth store, schema version 5, PostgreSQL dialect: saved plans' state serials and apply locks.
-- Keep this file and ../sqlite/V5__plan_apply.sql describing the same tables.

-- The state serial of each environment: bumped by every change of its desired state; a saved plan
-- records it and is refused once it moved. No foreign key to environments: the serial outlives a
-- destroyed environment, so a plan made before the destroy never matches a re-created one.
CREATE TABLE environment_serials (
  project     TEXT COLLATE "C" NOT NULL,
  environment TEXT COLLATE "C" NOT NULL,
  serial      BIGINT NOT NULL,
  PRIMARY KEY (project, environment)
);

-- The apply lock of an environment: one row while an apply runs. A live holder keeps expires_at in
-- the future by heartbeating; a row past expires_at belongs to a control plane that died and may be
-- taken over. No foreign key: the first apply locks an environment that does not exist yet.
CREATE TABLE environment_locks (
  project     TEXT COLLATE "C" NOT NULL,
  environment TEXT COLLATE "C" NOT NULL,
  id          TEXT   NOT NULL,
  instance    TEXT   NOT NULL,
  owner       TEXT   NOT NULL,
  operation   TEXT   NOT NULL,
  acquired_at BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  PRIMARY KEY (project, environment)
);
CREATE INDEX environment_locks_by_instance ON environment_locks (instance);
