-- Berth store, schema version 3, SQLite dialect: releases and the audit log.
-- Keep this file and ../postgresql/V3__releases_audit.sql describing the same tables.

-- One row per release of an environment (v1, v2, ...). Immutable but for status, reason and
-- finished_at. Deleted with its environment (berth destroy): a re-created environment starts at v1.
CREATE TABLE releases (
  project      TEXT   NOT NULL,
  environment  TEXT   NOT NULL,
  version      BIGINT NOT NULL,
  status       TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  finished_at  BIGINT,
  live_at      BIGINT,
  created_by   TEXT   NOT NULL,
  message      TEXT   NOT NULL,
  reason       TEXT   NOT NULL,
  source_json  TEXT   NOT NULL,
  changes_json TEXT   NOT NULL,
  templates_json TEXT NOT NULL,
  phase        TEXT   NOT NULL,
  spec_file    TEXT   NOT NULL,
  spec_yaml    TEXT   NOT NULL,
  procfile     TEXT,
  PRIMARY KEY (project, environment, version),
  FOREIGN KEY (project, environment)
    REFERENCES environments (project, environment) ON DELETE CASCADE
);
CREATE INDEX releases_by_status ON releases (project, environment, status, version);

-- Every change made through the API. Append-only; outlives the environments it names.
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          BIGINT NOT NULL,
  actor       TEXT   NOT NULL,
  action      TEXT   NOT NULL,
  project     TEXT   NOT NULL,
  environment TEXT   NOT NULL,
  summary     TEXT   NOT NULL
);
CREATE INDEX audit_by_scope ON audit (project, environment, id);

-- When a replica last became ready (NULL while not ready): a rollout counts it as available once it
-- has been ready for the service's minReady.
ALTER TABLE replicas ADD COLUMN ready_since BIGINT;

-- The rollout in progress of a service, if any: what the rollout decision remembers between steps
-- (RolloutState), persisted so a restarted control plane keeps the same deadline. Deleted with the
-- service.
CREATE TABLE rollouts (
  project          TEXT    NOT NULL,
  environment      TEXT    NOT NULL,
  service          TEXT    NOT NULL,
  template_hash    TEXT    NOT NULL,
  started_at       BIGINT  NOT NULL,
  last_progress_at BIGINT  NOT NULL,
  updated_available INTEGER NOT NULL,
  rollback         INTEGER NOT NULL CHECK (rollback IN (0, 1)),
  PRIMARY KEY (project, environment, service),
  FOREIGN KEY (project, environment, service)
    REFERENCES services (project, environment, name) ON DELETE CASCADE
);
