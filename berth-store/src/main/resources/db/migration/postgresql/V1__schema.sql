-- Berth store, schema version 1, PostgreSQL dialect.
-- Instants are epoch milliseconds (BIGINT). Text that is sorted on uses COLLATE "C" so that
-- PostgreSQL orders by code point, exactly as SQLite's BINARY collation and the in-memory store do.
-- Keep this file and ../sqlite/V1__schema.sql describing the same tables.

CREATE TABLE environments (
  project     TEXT COLLATE "C" NOT NULL,
  environment TEXT COLLATE "C" NOT NULL,
  target      TEXT   NOT NULL,
  spec_file   TEXT   NOT NULL,
  spec_yaml   TEXT   NOT NULL,
  procfile    TEXT,
  source_dir  TEXT   NOT NULL,
  generation  BIGINT NOT NULL,
  applied_at  BIGINT NOT NULL,
  PRIMARY KEY (project, environment)
);

CREATE TABLE services (
  project       TEXT COLLATE "C" NOT NULL,
  environment   TEXT COLLATE "C" NOT NULL,
  name          TEXT COLLATE "C" NOT NULL,
  position      BIGINT  NOT NULL,
  spec_json     TEXT    NOT NULL,
  template_hash TEXT    NOT NULL,
  release_label TEXT    NOT NULL,
  spec_replicas INTEGER NOT NULL,
  replicas      INTEGER NOT NULL,
  stopped       BOOLEAN NOT NULL,
  updated_at    BIGINT  NOT NULL,
  PRIMARY KEY (project, environment, name),
  FOREIGN KEY (project, environment)
    REFERENCES environments (project, environment) ON DELETE CASCADE
);
CREATE INDEX services_by_position ON services (project, environment, position);

-- No foreign key to services: a replica outlives its service record while it is being stopped.
CREATE TABLE replicas (
  id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  project         TEXT COLLATE "C" NOT NULL,
  environment     TEXT COLLATE "C" NOT NULL,
  service         TEXT COLLATE "C" NOT NULL,
  template_hash   TEXT    NOT NULL,
  cpu_millis      BIGINT  NOT NULL,
  memory_bytes    BIGINT  NOT NULL,
  state           TEXT    NOT NULL,
  ready           BOOLEAN NOT NULL,
  restarts        INTEGER NOT NULL,
  pid             BIGINT,
  pid_start_ticks BIGINT,
  port            INTEGER,
  node            TEXT    NOT NULL,
  started_at      BIGINT,
  reason          TEXT    NOT NULL,
  message         TEXT    NOT NULL,
  stop_requested  BOOLEAN NOT NULL,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL
);
CREATE INDEX replicas_by_service ON replicas (project, environment, service, created_at, id);
CREATE INDEX replicas_by_age ON replicas (created_at, id);

CREATE TABLE events (
  id          BIGSERIAL PRIMARY KEY,
  at          BIGINT NOT NULL,
  project     TEXT COLLATE "C" NOT NULL,
  environment TEXT COLLATE "C" NOT NULL,
  service     TEXT COLLATE "C" NOT NULL,
  replica     TEXT   NOT NULL,
  type        TEXT   NOT NULL,
  message     TEXT   NOT NULL
);
CREATE INDEX events_by_scope ON events (project, environment, service, id);

CREATE TABLE tokens (
  id         BIGSERIAL PRIMARY KEY,
  name       TEXT   NOT NULL,
  sha256     TEXT   NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
