package dev.berth.runtime.local.internal.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the live log files of running replicas: on every {@link #tick()} (about every 200 ms) it
 * stats each file's size, appends a time mark when it grew, and rotates it when it is over the
 * limit. It never reads log content, so a replica writing gigabytes costs the control plane one
 * stat per tick plus a bounded copy per rotation.
 *
 * <p>Marks carry the time the growth was <em>observed</em>: output written while the control plane
 * was down gets the time it was next observed.
 */
public final class LogWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(LogWatcher.class);

  private final Clock clock;
  private final LogRotator rotator;
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();

  public LogWatcher(Clock clock, long maxBytes, int maxFiles, LogLocks locks) {
    this.clock = clock;
    this.rotator = new LogRotator(maxBytes, maxFiles, locks);
  }

  /** Mutable per-file state, guarded by its own monitor. */
  private static final class Watched {
    final LogFiles files;
    LogLayout layout;
    long lastLogical;
    long lastMillis;

    Watched(LogFiles files) {
      this.files = files;
    }
  }

  /** Starts watching (idempotent), continuing the layout and marks already on disk. */
  public void watch(LogFiles files) {
    watched.computeIfAbsent(files.replicaId(), id -> load(files));
  }

  /** Observes one last time and stops watching. */
  public void unwatch(String replicaId) {
    Watched w = watched.remove(replicaId);
    if (w != null) {
      observe(w);
    }
  }

  public boolean isWatched(String replicaId) {
    return watched.containsKey(replicaId);
  }

  /** Observes every watched file once. */
  public void tick() {
    for (Watched w : watched.values()) {
      observe(w);
    }
  }

  /** Observes one file now (e.g. right before its process's exit is reported). */
  public void observeNow(String replicaId) {
    Watched w = watched.get(replicaId);
    if (w != null) {
      observe(w);
    }
  }

  /** The logical offset of the end of the replica's output as of now. */
  public long logicalEnd(LogFiles files) {
    Watched w = watched.get(files.replicaId());
    LogLayout layout;
    if (w != null) {
      synchronized (w) {
        layout = w.layout;
      }
    } else {
      layout = LogLayout.read(files.positions());
    }
    try {
      return layout.base() + Files.size(files.live());
    } catch (IOException e) {
      return layout.base();
    }
  }

  private Watched load(LogFiles files) {
    Watched w = new Watched(files);
    w.layout = LogLayout.read(files.positions());
    w.lastLogical = w.layout.base();
    try (MarkIndex idx = MarkIndex.open(files.index())) {
      if (idx.count() > 0) {
        w.lastLogical = idx.offsetAt(idx.count() - 1);
        w.lastMillis = idx.timeAt(idx.count() - 1);
      }
    } catch (IOException e) {
      LOG.warn("cannot read time index {}: {}", files.index(), e.toString());
    }
    return w;
  }

  private void observe(Watched w) {
    synchronized (w) {
      try {
        long size;
        try {
          size = Files.size(w.files.live());
        } catch (NoSuchFileException e) {
          return;
        }
        long now = Math.max(clock.millis(), w.lastMillis);
        if (w.layout.base() + size < w.lastLogical) {
          // truncated by someone else: continue the logical stream after what was seen
          w.layout = new LogLayout(w.lastLogical, w.layout.rotatedStarts());
          w.layout.write(w.files.positions());
        }
        long logical = w.layout.base() + size;
        if (logical > w.lastLogical) {
          MarkIndex.append(w.files.index(), logical, now);
          w.lastLogical = logical;
          w.lastMillis = now;
        }
        if (rotator.needsRotation(size)) {
          w.layout = rotator.rotate(w.files, w.layout);
          if (w.layout.base() > w.lastLogical) {
            MarkIndex.append(w.files.index(), w.layout.base(), now);
            w.lastLogical = w.layout.base();
            w.lastMillis = now;
          }
        }
      } catch (IOException e) {
        LOG.warn("cannot observe log {}: {}", w.files.live(), e.toString());
      }
    }
  }
}
