package dev.berth.runtime.local.internal.logs;

import dev.berth.engine.logs.LogPage;
import dev.berth.engine.logs.LogQuery;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * All replica logs under {@code <dataDir>/logs}: where each replica's files are, watching them,
 * reading them (also for replicas that no longer run or that a previous control plane started), and
 * retention. Thread-safe.
 */
public final class LogStore implements ReplicaLogs {
  private final Path root;
  private final Clock clock;
  private final LogLocks locks = new LogLocks();
  private final LogWatcher watcher;
  private final LogReader reader;
  private final Map<String, LogFiles> known = new ConcurrentHashMap<>();

  public LogStore(Path dataDir, Clock clock, long maxBytes, int maxFiles) {
    this.root = dataDir.resolve("logs");
    this.clock = clock;
    this.watcher = new LogWatcher(clock, maxBytes, maxFiles, locks);
    this.reader = new LogReader(clock, locks, this::locate);
  }

  public Path root() {
    return root;
  }

  @Override
  public Path prepare(String project, String environment, String service, String replicaId)
      throws IOException {
    LogFiles f = LogFiles.of(root, project, environment, service, replicaId);
    Files.createDirectories(f.dir());
    known.put(replicaId, f);
    return f.live();
  }

  @Override
  public long logicalEnd(String replicaId) {
    return locate(replicaId).map(watcher::logicalEnd).orElse(0L);
  }

  @Override
  public void watch(String replicaId) {
    locate(replicaId).ifPresent(watcher::watch);
  }

  @Override
  public void unwatch(String replicaId) {
    watcher.unwatch(replicaId);
  }

  @Override
  public List<String> tail(String replicaId, long fromLogical, int maxLines) {
    watcher.observeNow(replicaId);
    return locate(replicaId).map(f -> reader.tail(f, fromLogical, maxLines)).orElse(List.of());
  }

  /** Observes every watched log: one stat each, a time mark on growth, rotation when over size. */
  public void tick() {
    watcher.tick();
  }

  public LogPage read(LogQuery query) {
    return reader.read(query);
  }

  /** Deletes logs of replicas not watched whose last write is older than {@code retention}. */
  public List<String> sweep(Duration retention) {
    List<String> deleted = LogRetention.sweep(root, clock.instant(), retention, watcher::isWatched);
    deleted.forEach(known::remove);
    return deleted;
  }

  /** Replica ids of one service that have logs on disk, running or not, sorted. */
  public List<String> replicaIdsWithLogs(String project, String environment, String service) {
    Path dir = LogFiles.serviceDir(root, project, environment, service);
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return ids;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.log")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        ids.add(name.substring(0, name.length() - ".log".length()));
      }
    } catch (IOException e) {
      return ids;
    }
    ids.sort(null);
    return ids;
  }

  /** The files of a replica: registered ones, else found on disk (replicas of earlier runs). */
  public Optional<LogFiles> locate(String replicaId) {
    LogFiles f = known.get(replicaId);
    if (f != null) {
      return Optional.of(f);
    }
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    String name = LogFiles.requireName(replicaId, "replica id") + ".log";
    try (Stream<Path> s = Files.walk(root, 4)) {
      Optional<Path> hit =
          s.filter(p -> p.getNameCount() - root.getNameCount() == 4)
              .filter(p -> p.getFileName().toString().equals(name))
              .findFirst();
      hit.ifPresent(p -> known.put(replicaId, new LogFiles(p.getParent(), replicaId)));
      return hit.map(p -> new LogFiles(p.getParent(), replicaId));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
