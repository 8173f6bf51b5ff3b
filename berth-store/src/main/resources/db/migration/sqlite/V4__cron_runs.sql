-- Berth store, schema version 4, SQLite dialect: cron runs and scheduler state.
-- Keep this file and ../postgresql/V4__cron_runs.sql describing the same tables.

-- One row per run of a cron service: a scheduled time that got a run, or was recorded missed or
-- skipped, or a manual run. The primary key is what makes "exactly once" hold: a scheduled run's id
-- is the service and the scheduled instant, so two decisions of the same time (after a restart, or
-- by two control planes on this database) cannot both insert it. Deleted with the service.
CREATE TABLE cron_runs (
  project      TEXT NOT NULL,
  environment  TEXT NOT NULL,
  service      TEXT NOT NULL,
  id           TEXT NOT NULL,
  scheduled_at INTEGER  NOT NULL,
  manual       INTEGER NOT NULL,
  state        TEXT    NOT NULL,
  attempt      INTEGER NOT NULL,
  started_at   INTEGER,
  ended_at     INTEGER,
  exit_code    INTEGER,
  retry_at     INTEGER,
  stopping     TEXT,
  PRIMARY KEY (project, environment, id),
  FOREIGN KEY (project, environment, service)
    REFERENCES services (project, environment, name) ON DELETE CASCADE
);
CREATE INDEX cron_runs_by_service ON cron_runs (project, environment, service, scheduled_at);

-- What each cron service's scheduler remembers between decisions: the latest scheduled time
-- handled (never decided again) and whether berth cron suspend suspended it. Deleted with the
-- service.
CREATE TABLE cron_state (
  project        TEXT NOT NULL,
  environment    TEXT NOT NULL,
  service        TEXT NOT NULL,
  last_scheduled INTEGER  NOT NULL,
  suspended      INTEGER NOT NULL,
  PRIMARY KEY (project, environment, service),
  FOREIGN KEY (project, environment, service)
    REFERENCES services (project, environment, name) ON DELETE CASCADE
);
