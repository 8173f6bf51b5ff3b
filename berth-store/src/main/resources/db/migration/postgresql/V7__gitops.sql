-- Berth store, schema version 7, PostgreSQL dialect: GitOps sync, webhook deliveries, token policies.
-- Keep this file and ../sqlite/V7__gitops.sql describing the same tables.

-- An environment that tracks a git branch, and where its sync stands. Not a foreign key to
-- environments: an environment can be tracked before its first sync applies it.
CREATE TABLE git_sources (
  project         TEXT COLLATE "C"   NOT NULL,
  environment     TEXT COLLATE "C"   NOT NULL,
  url             TEXT    NOT NULL,
  branch          TEXT    NOT NULL,
  path            TEXT    NOT NULL,
  auto_sync       BOOLEAN NOT NULL,
  interval_ms     BIGINT  NOT NULL,
  clone_of        TEXT    NOT NULL,
  previews        BOOLEAN NOT NULL,
  state           TEXT    NOT NULL,
  observed_commit TEXT    NOT NULL,
  synced_commit   TEXT    NOT NULL,
  synced_message  TEXT    NOT NULL,
  plan            TEXT    NOT NULL,
  error           TEXT    NOT NULL,
  checked_at      BIGINT,
  PRIMARY KEY (project, environment)
);

-- Webhook delivery ids seen (X-GitHub-Delivery, X-Berth-Delivery): a replay is refused. Rows older
-- than the retention window are deleted by every insert, so the table stays bounded.
CREATE TABLE webhook_deliveries (
  id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  received_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries (received_at);

-- What a token may do; a token without a row is an admin token of every project.
CREATE TABLE token_policies (
  token_id    BIGINT NOT NULL PRIMARY KEY REFERENCES tokens (id) ON DELETE CASCADE,
  project     TEXT   NOT NULL,
  environment TEXT   NOT NULL,
  role        TEXT   NOT NULL,
  expires_at  BIGINT,
  revoked_at  BIGINT
);
