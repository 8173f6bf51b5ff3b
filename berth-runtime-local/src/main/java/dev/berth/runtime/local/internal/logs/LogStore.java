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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All replica logs under {@code <dataDir>/logs}: where each replica's files are, draining each
 * running replica's pipe into its log ({@link LogPump}, one thread per running replica), reading
 * them (also for replicas that no longer run or that a previous control plane started), and
 * retention. Thread-safe.
 */
public final class LogStore implements ReplicaLogs, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);

  /** How long {@link #unwatch} waits for the last output of a replica that exited. */
  static final Duration DRAIN_WAIT = Duration.ofSeconds(1);

  /** How long {@link #close} waits for each pump to stop. */
  static final Duration STOP_WAIT = Duration.ofSeconds(2);

  private final Path root;
  private final Clock clock;
  private final long maxBytes;
  private final int maxFiles;
  private final LogLocks locks = new LogLocks();
  private final LogReader reader;
  private final Map<String, LogFiles> known = new ConcurrentHashMap<>();
  private final Map<String, LogPump> pumps = new ConcurrentHashMap<>();
  private boolean closed; // guarded by this

  public LogStore(Path dataDir, Clock clock, long maxBytes, int maxFiles) {
    this.root = dataDir.resolve("logs");
    this.clock = clock;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
    this.reader = new LogReader(clock, locks, this::locate);
  }

  public Path root() {
    return root;
  }

  @Override
  public Path prepare(String project, String environment, String service, String replicaId)
      throws IOException {
    LogFiles f = LogFiles.of(root, project, environment, service, replicaId);
    PrivateFiles.directories(root, f.dir());
    PrivateFiles.file(f.live());
    PrivateFiles.restrict(f.index());
    PrivateFiles.restrict(f.positions());
    for (int k = 1; k <= maxFiles; k++) {
      PrivateFiles.restrict(f.rotated(k));
    }
    Fifos.ensure(f.pipe());
    known.put(replicaId, f);
    return f.pipe();
  }

  @Override
  public long logicalEnd(String replicaId) {
    LogPump p = pumps.get(replicaId);
    if (p != null) {
      return p.writer().logicalEnd();
    }
    return locate(replicaId).map(LogStore::endOnDisk).orElse(0L);
  }

  private static long endOnDisk(LogFiles f) {
    long base = LogLayout.read(f.positions()).base();
    try {
      return base + Files.size(f.live());
    } catch (IOException e) {
      return base;
    }
  }

  @Override
  public synchronized void watch(String replicaId) throws IOException {
    LogFiles f =
        locate(replicaId)
            .orElseThrow(() -> new IOException("no log prepared for replica " + replicaId));
    drain(f, f.pipe());
  }

  @Override
  public synchronized void watch(String replicaId, Path output) throws IOException {
    LogFiles f =
        locate(replicaId)
            .orElseThrow(() -> new IOException("replica " + replicaId + " has no log here"));
    if (!isPipe(output)) {
      // draining a file or a device would read end-of-file forever while the pump holds on
      throw new IOException("its output " + output + " is not a pipe");
    }
    Path source = f.pipe();
    if (!Files.exists(source) || !Files.isSameFile(output, source)) {
      source = output;
      LOG.info(
          "the log pipe file of {} is not the pipe it writes to (deleted or replaced while no"
              + " control plane ran); draining {} instead",
          replicaId,
          output);
    }
    drain(f, source);
  }

  /** True when {@code p} (links followed, as {@code /proc/PID/fd/1} must be) is a pipe. */
  private static boolean isPipe(Path p) throws IOException {
    int mode = (Integer) Files.getAttribute(p, "unix:mode");
    return (mode & 0170000) == 0010000;
  }

  /** Keeps the pump of {@code source} running, or starts one (after any pump of another pipe). */
  private void drain(LogFiles f, Path source) throws IOException {
    if (closed) {
      throw new IOException("the log store is closed");
    }
    String replicaId = f.replicaId();
    LogPump running = pumps.get(replicaId);
    if (running != null) {
      if (running.source().equals(source) && running.rearm()) {
        return;
      }
      // it is ending, or drains another pipe (an adopted run's /proc/PID/fd/1): its writer must
      // close before another opens, so let it finish what is left, then stop it
      if (!running.release(DRAIN_WAIT) && !running.stop(STOP_WAIT)) {
        throw new IOException("the previous log pump of " + replicaId + " did not stop");
      }
    }
    LogWriter w = writer(f);
    try {
      pumps.put(replicaId, LogPump.start(f, source, w, clock, p -> pumps.remove(replicaId, p)));
    } catch (IOException | RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /** Opens the writer of a replica's log (tests write through it instead of a pipe). */
  LogWriter writer(LogFiles f) throws IOException {
    return LogWriter.open(f, maxBytes, maxFiles, locks, clock.millis());
  }

  @Override
  public void unwatch(String replicaId) {
    LogPump p = pumps.get(replicaId);
    if (p != null && !p.release(DRAIN_WAIT)) {
      LOG.info(
          "the log pipe of {} is still held by a process that left the replica's process group;"
              + " its output keeps being logged until it exits",
          replicaId);
    }
  }

  /** True while the replica's pipe is being drained. */
  public boolean isWatched(String replicaId) {
    return pumps.containsKey(replicaId);
  }

  @Override
  public List<String> tail(String replicaId, long fromLogical, int maxLines) {
    return locate(replicaId).map(f -> reader.tail(f, fromLogical, maxLines)).orElse(List.of());
  }

  public LogPage read(LogQuery query) {
    return reader.read(query);
  }

  /** As {@link LogReader#read(LogQuery, java.util.function.BooleanSupplier)}. */
  public LogPage read(LogQuery query, java.util.function.BooleanSupplier cancelled) {
    return reader.read(query, cancelled);
  }

  /**
   * Stops draining every pipe (the control plane closes): what replicas write meanwhile waits in
   * their pipes, up to 64 KiB each, for the next control plane to adopt them and drain it.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    for (LogPump p : pumps.values()) {
      if (!p.stop(STOP_WAIT)) {
        LOG.warn("the log pump of a replica did not stop within {}", STOP_WAIT);
      }
    }
  }

  /** Deletes logs of replicas not drained whose last write is older than {@code retention}. */
  public List<String> sweep(Duration retention) {
    List<String> deleted = LogRetention.sweep(root, clock.instant(), retention, this::isWatched);
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
