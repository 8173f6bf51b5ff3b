package dev.berth.testkit.store;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.ReleaseTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The release table of one {@link MemoryTx}: per environment a list in version order. Instants are
 * truncated to milliseconds as the SQL stores keep them.
 */
final class MemoryReleases implements ReleaseTable {
  private final Supplier<Map<EnvironmentKey, List<ReleaseRecord>>> view;
  private final Supplier<Map<EnvironmentKey, List<ReleaseRecord>>> forWrite;

  MemoryReleases(
      Supplier<Map<EnvironmentKey, List<ReleaseRecord>>> view,
      Supplier<Map<EnvironmentKey, List<ReleaseRecord>>> forWrite) {
    this.view = view;
    this.forWrite = forWrite;
  }

  @Override
  public void insert(ReleaseRecord r) {
    Objects.requireNonNull(r, "release");
    if (get(r.key(), r.version()).isPresent()) {
      throw new IllegalStateException("release " + r.label() + " of " + r.key() + " exists");
    }
    List<ReleaseRecord> list = forWrite.get().computeIfAbsent(r.key(), k -> new ArrayList<>());
    list.add(truncated(r));
    list.sort((a, b) -> Long.compare(a.version(), b.version()));
  }

  @Override
  public void finish(ReleaseRecord r) {
    List<ReleaseRecord> list = forWrite.get().get(r.key());
    for (int i = 0; list != null && i < list.size(); i++) {
      ReleaseRecord old = list.get(i);
      if (old.version() == r.version()) {
        ReleaseRecord done =
            new ReleaseRecord(
                old.key(),
                old.version(),
                r.status(),
                old.createdAt(),
                r.finishedAt(),
                old.liveAt() != null ? old.liveAt() : r.liveAt(), // kept once set
                old.createdBy(),
                old.message(),
                r.reason(),
                old.source(),
                old.changes(),
                old.templates(),
                r.phase(),
                old.specFile(),
                old.specYaml(),
                old.procfile());
        list.set(i, truncated(done));
        return;
      }
    }
    throw new IllegalStateException("no release " + r.label() + " of " + r.key());
  }

  @Override
  public Optional<ReleaseRecord> get(EnvironmentKey env, long version) {
    for (ReleaseRecord r : view.get().getOrDefault(env, List.of())) {
      if (r.version() == version) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<ReleaseRecord> list(EnvironmentKey env, int limit) {
    List<ReleaseRecord> all = new ArrayList<>(view.get().getOrDefault(env, List.of()));
    java.util.Collections.reverse(all);
    return limit > 0 && all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all;
  }

  @Override
  public List<ReleaseRecord> withStatus(EnvironmentKey env, ReleaseStatus status) {
    List<ReleaseRecord> out = new ArrayList<>();
    for (ReleaseRecord r : list(env, 0)) {
      if (r.status() == status) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public long latestVersion(EnvironmentKey env) {
    List<ReleaseRecord> list = view.get().getOrDefault(env, List.of());
    return list.isEmpty() ? 0 : list.get(list.size() - 1).version();
  }

  private static ReleaseRecord truncated(ReleaseRecord r) {
    return new ReleaseRecord(
        r.key(),
        r.version(),
        r.status(),
        MemoryTx.millis(r.createdAt()),
        MemoryTx.millis(r.finishedAt()),
        MemoryTx.millis(r.liveAt()),
        r.createdBy(),
        r.message(),
        r.reason(),
        r.source(),
        r.changes(),
        r.templates(),
        r.phase(),
        r.specFile(),
        r.specYaml(),
        r.procfile());
  }
}
