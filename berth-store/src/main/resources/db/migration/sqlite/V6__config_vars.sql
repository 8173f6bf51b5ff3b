-- Berth store, schema version 6, SQLite dialect: config vars and secrets (berth config).
-- Keep this file and ../postgresql/V6__config_vars.sql describing the same table.

-- One row per config var of an environment. Not tied to the environment's row: config can be set
-- before the first apply. For a secret, value is the base64 AES-256-GCM ciphertext under a
-- per-value data key and wrapped_key that data key encrypted by the master key (both bound to
-- project, environment and name as associated data); the plain text is never stored. A plain var
-- has its text in value and an empty wrapped_key.
CREATE TABLE config_vars (
  project      TEXT NOT NULL,
  environment  TEXT NOT NULL,
  name         TEXT NOT NULL,
  secret       INTEGER NOT NULL,
  value        TEXT NOT NULL,
  wrapped_key  TEXT NOT NULL,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (project, environment, name)
);
CREATE INDEX config_vars_secrets ON config_vars (secret, project, environment, name);
