package dev.berth.engine.store;

import dev.berth.core.cron.CronRun;
import java.util.List;
import java.util.Optional;

/**
 * Cron services' runs and scheduler state. Runs and state are deleted with their service.
 *
 * <p>Invariant that makes "exactly once" hold: a run's id is unique within its environment, and
 * {@link #insert} of an id that exists changes nothing and returns {@code false}, even when another
 * transaction (another control plane on the same PostgreSQL store) inserted it concurrently and
 * committed first. A caller that gets {@code false} must abandon its decision (throw, so the
 * transaction rolls back) and decide again from what is stored.
 */
public interface CronTable {

  /** The service's scheduler state, or empty before its first decision. */
  Optional<CronState> state(ServiceKey key);

  /** Inserts or replaces the service's scheduler state; the service must exist. */
  void putState(CronState state);

  /**
   * Inserts a new run of service {@code key}; {@code false} (and nothing changed) when a run with
   * its id already exists in the environment.
   */
  boolean insert(ServiceKey key, CronRun run);

  /** Replaces the stored run with this id (its scheduled time and service do not change). */
  void update(ServiceKey key, CronRun run);

  Optional<CronRun> get(ServiceKey key, String id);

  /** The service's runs, newest scheduled first (then by id, descending). */
  List<CronRun> list(ServiceKey key);

  /** Forgets a run; nothing happens if there is none. */
  void delete(ServiceKey key, String id);
}
