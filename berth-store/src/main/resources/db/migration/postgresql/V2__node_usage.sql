-- Berth store, schema version 2, PostgreSQL dialect: per-node usage kept by a trigger.
-- Keep this file and ../sqlite/V2__node_usage.sql describing the same table and behaviour.
--
-- Admission needs what the replicas placed on a node request. Summing the replicas table on every
-- reconcile grows with the machine; this trigger keeps the sum in one row per node instead, in the
-- same transaction as the change, whatever statement changes a replica. A replica counts while its
-- state is neither PENDING nor TERMINATED (NodeUsage.counts in the engine); stopping_* is the part
-- held by replicas asked to stop. Writes run one at a time (PostgresTransactor's advisory lock), so
-- the row is never updated from two transactions at once.

CREATE TABLE node_usage (
  node                  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  cpu_millis            BIGINT NOT NULL,
  memory_bytes          BIGINT NOT NULL,
  replicas              BIGINT NOT NULL,
  stopping_cpu_millis   BIGINT NOT NULL,
  stopping_memory_bytes BIGINT NOT NULL,
  stopping_replicas     BIGINT NOT NULL
);

INSERT INTO node_usage
  SELECT node, SUM(cpu_millis), SUM(memory_bytes), COUNT(*),
         SUM(CASE WHEN stop_requested THEN cpu_millis ELSE 0 END),
         SUM(CASE WHEN stop_requested THEN memory_bytes ELSE 0 END),
         SUM(CASE WHEN stop_requested THEN 1 ELSE 0 END)
  FROM replicas
  WHERE state NOT IN ('PENDING', 'TERMINATED')
  GROUP BY node;

-- SET search_path FROM CURRENT: the function finds node_usage in Berth's schema whatever the
-- search_path of the session that fires it.
CREATE FUNCTION replicas_track_node_usage() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  s BIGINT;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD.state NOT IN ('PENDING', 'TERMINATED') THEN
      s := CASE WHEN OLD.stop_requested THEN 1 ELSE 0 END;
      UPDATE node_usage SET
        cpu_millis = cpu_millis - OLD.cpu_millis,
        memory_bytes = memory_bytes - OLD.memory_bytes,
        replicas = replicas - 1,
        stopping_cpu_millis = stopping_cpu_millis - s * OLD.cpu_millis,
        stopping_memory_bytes = stopping_memory_bytes - s * OLD.memory_bytes,
        stopping_replicas = stopping_replicas - s
      WHERE node = OLD.node;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW.state NOT IN ('PENDING', 'TERMINATED') THEN
      s := CASE WHEN NEW.stop_requested THEN 1 ELSE 0 END;
      INSERT INTO node_usage VALUES (NEW.node, 0, 0, 0, 0, 0, 0) ON CONFLICT (node) DO NOTHING;
      UPDATE node_usage SET
        cpu_millis = cpu_millis + NEW.cpu_millis,
        memory_bytes = memory_bytes + NEW.memory_bytes,
        replicas = replicas + 1,
        stopping_cpu_millis = stopping_cpu_millis + s * NEW.cpu_millis,
        stopping_memory_bytes = stopping_memory_bytes + s * NEW.memory_bytes,
        stopping_replicas = stopping_replicas + s
      WHERE node = NEW.node;
    END IF;
  END IF;
  RETURN NULL;
END
$$;

-- Most updates (readiness, restarts, messages) change nothing usage depends on: skip them.
CREATE TRIGGER replicas_usage_insert_delete AFTER INSERT OR DELETE ON replicas
  FOR EACH ROW EXECUTE FUNCTION replicas_track_node_usage();
CREATE TRIGGER replicas_usage_update AFTER UPDATE ON replicas
  FOR EACH ROW
  WHEN (OLD.node IS DISTINCT FROM NEW.node OR OLD.state IS DISTINCT FROM NEW.state
    OR OLD.cpu_millis IS DISTINCT FROM NEW.cpu_millis
    OR OLD.memory_bytes IS DISTINCT FROM NEW.memory_bytes
    OR OLD.stop_requested IS DISTINCT FROM NEW.stop_requested)
  EXECUTE FUNCTION replicas_track_node_usage();
