package dev.berth.testkit.store;

import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.AuditTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The audit log of one {@link MemoryTx}: a list in id order, ids counting up from 1. */
final class MemoryAudit implements AuditTable {
  private final Supplier<List<AuditEntry>> view;
  private final Supplier<List<AuditEntry>> forWrite;

  MemoryAudit(Supplier<List<AuditEntry>> view, Supplier<List<AuditEntry>> forWrite) {
    this.view = view;
    this.forWrite = forWrite;
  }

  @Override
  public AuditEntry append(AuditEntry e) {
    Objects.requireNonNull(e, "entry");
    List<AuditEntry> all = forWrite.get();
    long id = all.isEmpty() ? 1 : all.get(all.size() - 1).id() + 1;
    AuditEntry stored =
        new AuditEntry(
            id,
            MemoryTx.millis(e.at()),
            e.actor(),
            e.action(),
            e.project(),
            e.environment(),
            e.summary());
    all.add(stored);
    return stored;
  }

  @Override
  public List<AuditEntry> list(String project, String environment, long afterId, int limit) {
    List<AuditEntry> matching = new ArrayList<>();
    for (AuditEntry e : view.get()) {
      if (e.id() > afterId
          && (project == null || project.equals(e.project()))
          && (environment == null || environment.equals(e.environment()))) {
        matching.add(e);
      }
    }
    if (limit <= 0 || matching.size() <= limit) {
      return matching;
    }
    return afterId > 0
        ? new ArrayList<>(matching.subList(0, limit))
        : new ArrayList<>(matching.subList(matching.size() - limit, matching.size()));
  }
}
