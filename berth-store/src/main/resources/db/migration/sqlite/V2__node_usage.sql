-- Berth store, schema version 2, SQLite dialect: per-node usage kept by triggers.
-- Keep this file and ../postgresql/V2__node_usage.sql describing the same table and behaviour.
--
-- Admission needs what the replicas placed on a node request. Summing the replicas table on every
-- reconcile grows with the machine; these triggers keep the sum in one row per node instead, in the
-- same transaction as the change, whatever statement changes a replica. A replica counts while its
-- state is neither PENDING nor TERMINATED (NodeUsage.counts in the engine); stopping_* is the part
-- held by replicas asked to stop. (No INSERT OR IGNORE in the bodies: the conflict clause of the
-- statement that fires a trigger overrides the one inside it, and replicas are written by upsert.)

CREATE TABLE node_usage (
  node                  TEXT   NOT NULL PRIMARY KEY,
  cpu_millis            BIGINT NOT NULL,
  memory_bytes          BIGINT NOT NULL,
  replicas              BIGINT NOT NULL,
  stopping_cpu_millis   BIGINT NOT NULL,
  stopping_memory_bytes BIGINT NOT NULL,
  stopping_replicas     BIGINT NOT NULL
);

INSERT INTO node_usage
  SELECT node, SUM(cpu_millis), SUM(memory_bytes), COUNT(*),
         SUM(stop_requested * cpu_millis), SUM(stop_requested * memory_bytes), SUM(stop_requested)
  FROM replicas
  WHERE state NOT IN ('PENDING', 'TERMINATED')
  GROUP BY node;

CREATE TRIGGER replicas_usage_insert AFTER INSERT ON replicas
WHEN NEW.state NOT IN ('PENDING', 'TERMINATED')
BEGIN
  INSERT INTO node_usage SELECT NEW.node, 0, 0, 0, 0, 0, 0
    WHERE NOT EXISTS (SELECT 1 FROM node_usage WHERE node = NEW.node);
  UPDATE node_usage SET
    cpu_millis = cpu_millis + NEW.cpu_millis,
    memory_bytes = memory_bytes + NEW.memory_bytes,
    replicas = replicas + 1,
    stopping_cpu_millis = stopping_cpu_millis + NEW.stop_requested * NEW.cpu_millis,
    stopping_memory_bytes = stopping_memory_bytes + NEW.stop_requested * NEW.memory_bytes,
    stopping_replicas = stopping_replicas + NEW.stop_requested
  WHERE node = NEW.node;
END;

CREATE TRIGGER replicas_usage_delete AFTER DELETE ON replicas
WHEN OLD.state NOT IN ('PENDING', 'TERMINATED')
BEGIN
  UPDATE node_usage SET
    cpu_millis = cpu_millis - OLD.cpu_millis,
    memory_bytes = memory_bytes - OLD.memory_bytes,
    replicas = replicas - 1,
    stopping_cpu_millis = stopping_cpu_millis - OLD.stop_requested * OLD.cpu_millis,
    stopping_memory_bytes = stopping_memory_bytes - OLD.stop_requested * OLD.memory_bytes,
    stopping_replicas = stopping_replicas - OLD.stop_requested
  WHERE node = OLD.node;
END;

-- Fires only when something usage depends on changed: most updates (readiness, restarts, messages)
-- leave node_usage alone.
CREATE TRIGGER replicas_usage_update AFTER UPDATE ON replicas
WHEN OLD.node IS NOT NEW.node OR OLD.state IS NOT NEW.state
  OR OLD.cpu_millis IS NOT NEW.cpu_millis OR OLD.memory_bytes IS NOT NEW.memory_bytes
  OR OLD.stop_requested IS NOT NEW.stop_requested
BEGIN
  UPDATE node_usage SET
    cpu_millis = cpu_millis - OLD.cpu_millis,
    memory_bytes = memory_bytes - OLD.memory_bytes,
    replicas = replicas - 1,
    stopping_cpu_millis = stopping_cpu_millis - OLD.stop_requested * OLD.cpu_millis,
    stopping_memory_bytes = stopping_memory_bytes - OLD.stop_requested * OLD.memory_bytes,
    stopping_replicas = stopping_replicas - OLD.stop_requested
  WHERE node = OLD.node AND OLD.state NOT IN ('PENDING', 'TERMINATED');
  INSERT INTO node_usage SELECT NEW.node, 0, 0, 0, 0, 0, 0
    WHERE NEW.state NOT IN ('PENDING', 'TERMINATED')
      AND NOT EXISTS (SELECT 1 FROM node_usage WHERE node = NEW.node);
  UPDATE node_usage SET
    cpu_millis = cpu_millis + NEW.cpu_millis,
    memory_bytes = memory_bytes + NEW.memory_bytes,
    replicas = replicas + 1,
    stopping_cpu_millis = stopping_cpu_millis + NEW.stop_requested * NEW.cpu_millis,
    stopping_memory_bytes = stopping_memory_bytes + NEW.stop_requested * NEW.memory_bytes,
    stopping_replicas = stopping_replicas + NEW.stop_requested
  WHERE node = NEW.node AND NEW.state NOT IN ('PENDING', 'TERMINATED');
END;
