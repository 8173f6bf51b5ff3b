package dev.berth.engine.store;

import java.util.List;
import java.util.Optional;

/** Environments that track a git branch (see {@link GitSourceRecord}). */
public interface GitSourceTable {
  Optional<GitSourceRecord> get(EnvironmentKey key);

  /** All, ordered by project then environment. */
  List<GitSourceRecord> list();

  /** Inserts or replaces (keyed by {@link GitSourceRecord#key()}). */
  void put(GitSourceRecord record);

  /** Stops tracking; nothing happens if it was not tracked. */
  void delete(EnvironmentKey key);
}
