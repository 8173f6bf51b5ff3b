package dev.berth.engine.store;

import java.util.List;

/** The audit log: append-only, ids increasing; nothing updates or deletes an entry. */
public interface AuditTable {
  /** Appends and returns the entry with its assigned id. */
  AuditEntry append(AuditEntry entry);

  /**
   * Matching entries, oldest first, at most {@code limit}: the most recent ones, or with {@code
   * afterId > 0} the first ones after it.
   *
   * @param project only this project, or null
   * @param environment only this environment (with project), or null
   */
  List<AuditEntry> list(String project, String environment, long afterId, int limit);
}
