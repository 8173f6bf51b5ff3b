package dev.berth.runtime.local.internal.logs;

import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogPage;
import dev.berth.engine.logs.LogQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Reads replicas' logs for {@code LogSource.read}: without a cursor the last {@code limit} lines
 * (found by scanning backwards from the end, never loading a file whole), with a cursor the lines
 * after it; lines of several replicas merged by time. Each line's time is the time of the first
 * index mark at or after its end (when the watcher saw it), or the live file's modification time
 * for output not yet observed.
 *
 * <p>A final line without newline is returned once the log has been idle for {@link #IDLE}: a
 * prompt or a last message before a crash still shows, and a line being written is not cut. If the
 * replica later continues that line, the continuation is returned as a new line.
 */
public final class LogReader {
  public static final Duration IDLE = Duration.ofSeconds(1);

  /**
   * The most bytes one read scans, over all its replicas: bounds the work of any request, whatever
   * the logs hold. A read that reaches it returns the newest lines found (without a cursor) or the
   * lines up to where it stopped (with one; the next read continues there).
   */
  public static final long SCAN_BUDGET = 64L << 20;

  /** Each replica may scan at least this much, however many replicas a read merges. */
  static final long MIN_REPLICA_BUDGET = 4L << 20;

  private static final Comparator<Entry> ORDER =
      Comparator.comparing(Entry::time).thenComparing(Entry::id).thenComparingLong(Entry::end);

  private final Clock clock;
  private final LogLocks locks;
  private final Function<String, Optional<LogFiles>> locator;

  public LogReader(Clock clock, LogLocks locks, Function<String, Optional<LogFiles>> locator) {
    this.clock = clock;
    this.locks = locks;
    this.locator = locator;
  }

  private record Entry(Instant time, String id, long end, String text) {}

  /** Lines of one replica, and how far they cover its stream. */
  private record Found(String id, List<Entry> entries, long from, long scannedTo) {}

  public LogPage read(LogQuery q) {
    return read(q, () -> false);
  }

  /**
   * Reads as {@link #read(LogQuery)}, scanning at most {@link #SCAN_BUDGET} bytes in all and
   * stopping (with a {@link java.util.concurrent.CancellationException}) once {@code cancelled}
   * turns true, which it is asked before every block.
   */
  public LogPage read(LogQuery q, BooleanSupplier cancelled) {
    LogCursor cursor = q.cursor() == null ? null : LogCursor.decode(q.cursor());
    Map<String, Long> next = new LinkedHashMap<>();
    List<Found> found = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>(q.replicaIds());
    long share = Math.max(MIN_REPLICA_BUDGET, SCAN_BUDGET / Math.max(1, ids.size()));
    for (String id : ids) {
      LogFiles.requireName(id, "replica id");
      Optional<LogFiles> files = locator.apply(id);
      Long at = cursor == null ? null : cursor.offsets().getOrDefault(id, 0L);
      if (files.isEmpty()) {
        if (at != null) {
          next.put(id, at);
        }
        continue;
      }
      ScanBudget budget = new ScanBudget(share, cancelled);
      Found f = readReplica(files.get(), q.since(), at, q.limit(), budget);
      found.add(f);
      next.put(id, f.scannedTo());
    }
    List<Entry> all = new ArrayList<>();
    found.forEach(f -> all.addAll(f.entries()));
    all.sort(ORDER);
    List<Entry> page;
    if (cursor == null) {
      page = all.subList(Math.max(0, all.size() - q.limit()), all.size());
    } else {
      page = all.subList(0, Math.min(q.limit(), all.size()));
      for (Found f : found) {
        next.put(f.id(), forwardCursor(f, page));
      }
    }
    List<LogLine> lines = new ArrayList<>(page.size());
    for (Entry e : page) {
      lines.add(new LogLine(e.time(), e.id(), e.text()));
    }
    return new LogPage(lines, new LogCursor(next).encode());
  }

  /** Where a follower continues in one replica after a page that may not include all its lines. */
  private static long forwardCursor(Found f, List<Entry> page) {
    if (f.entries().isEmpty()) {
      return f.scannedTo();
    }
    Entry lastOwn = f.entries().get(f.entries().size() - 1);
    long lastIncluded = -1;
    for (Entry e : page) {
      if (e.id().equals(f.id())) {
        lastIncluded = e.end();
      }
    }
    if (lastIncluded == lastOwn.end()) {
      return f.scannedTo();
    }
    return lastIncluded >= 0 ? lastIncluded : f.from();
  }

  /**
   * The last lines of one replica's output written since {@code fromLogical}, for an exit message:
   * the process has exited, so a final line without newline counts as complete.
   */
  public List<String> tail(LogFiles f, long fromLogical, int maxLines) {
    ScanBudget budget = new ScanBudget(SCAN_BUDGET, () -> false);
    Found found = withSegments(f, null, fromLogical, maxLines, true, true, budget);
    return found.entries().stream().map(Entry::text).toList();
  }

  private Found readReplica(LogFiles f, Instant since, Long from, int limit, ScanBudget budget) {
    return withSegments(f, since, from == null ? -1 : from, limit, from == null, false, budget);
  }

  /**
   * Opens the replica's files under the log's read lock, then scans them without it.
   *
   * <p>Why the lock is released before scanning: a rotation waits for it, and while the rotation
   * waits the pump cannot write, so the replica's writes block on its full pipe; a long read must
   * not stall the replica. Why that is safe: once opened, this read's view cannot change. Rotation
   * and every rewrite of the layout or the index go by rename or delete (never truncating or
   * rewriting a file in place), an open file that is renamed or deleted stays readable through its
   * channel, and each segment's size and the index's record count are fixed when opened, so bytes
   * and marks appended later are not part of this view. The lock only keeps the layout and the
   * files it names consistent while they are read and opened.
   */
  private Found withSegments(
      LogFiles f,
      Instant since,
      long from,
      int limit,
      boolean backward,
      boolean exited,
      ScanBudget budget) {
    LogSegments opened;
    MarkIndex openedIdx;
    long now;
    long fileTime;
    Lock lock = locks.of(f.replicaId()).readLock();
    lock.lock();
    try {
      opened = LogSegments.open(f, LogLayout.read(f.positions()));
      try {
        openedIdx = MarkIndex.open(f.index());
      } catch (IOException | RuntimeException e) {
        opened.close();
        throw e;
      }
      now = clock.millis();
      fileTime = fileTime(f, now);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of " + f.replicaId() + ": " + e, e);
    } finally {
      lock.unlock();
    }
    try (LogSegments segs = opened;
        MarkIndex idx = openedIdx) {
      boolean tailComplete = exited || idle(idx, segs.end(), fileTime, now);
      LineScanner sc = new LineScanner(segs, tailComplete, budget);
      long cutoff = -1;
      if (since != null) {
        long i = idx.lastBefore(epochMillis(since));
        cutoff = i >= 0 ? idx.offsetAt(i) : -1;
      }
      Times times = new Times(idx, fileTime, since);
      return backward
          ? backward(f.replicaId(), segs, sc, times, limit, cutoff, Math.max(from, segs.start()))
          : forward(f.replicaId(), segs, sc, times, limit, cutoff, from);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of " + f.replicaId() + ": " + e, e);
    }
  }

  private static Found forward(
      String id, LogSegments segs, LineScanner sc, Times times, int limit, long cutoff, long from)
      throws IOException {
    long pos = segs.normalize(Math.max(from, segs.start()));
    long start = pos;
    List<Entry> out = new ArrayList<>();
    try {
      if (cutoff >= pos && cutoff < segs.end()) {
        pos = Math.max(pos, sc.lineStartBefore(segs.normalize(cutoff + 1), pos));
        start = pos;
      }
      while (out.size() < limit) {
        LineScanner.RawLine l = sc.next(pos);
        if (l == null) {
          break;
        }
        pos = l.end();
        Instant t = times.of(l.end());
        if (l.end() > cutoff && t != null) {
          out.add(new Entry(t, id, l.end(), LineDecoder.decode(l.content())));
        }
      }
    } catch (ScanBudget.Exhausted e) {
      // the page ends here; the cursor continues after the last whole line returned
    }
    return new Found(id, out, start, pos);
  }

  /**
   * The last lines ending after {@code floor}: steps back one line at a time (a gap is crossed in
   * one step), then reads that line forwards, so long lines are cut where a forward read cuts them.
   */
  private static Found backward(
      String id, LogSegments segs, LineScanner sc, Times times, int limit, long cutoff, long floor)
      throws IOException {
    Deque<Entry> out = new ArrayDeque<>();
    long e = segs.end();
    long scannedTo = -1;
    List<LineScanner.RawLine> pieces = new ArrayList<>();
    try {
      while (out.size() < limit) {
        e = segs.backOverGap(e);
        if (e <= floor) {
          break;
        }
        long s = sc.lineStartBefore(e, floor);
        if (s >= e) {
          break; // never loop without progress, whatever the scanner answers
        }
        pieces.clear();
        long p = s;
        while (p < e) {
          LineScanner.RawLine l = sc.next(p);
          if (l == null || l.end() > e) {
            break;
          }
          pieces.add(l);
          p = l.end();
        }
        if (scannedTo < 0) {
          scannedTo = pieces.isEmpty() ? s : pieces.get(pieces.size() - 1).end();
        }
        if (!addNewestFirst(out, pieces, id, times, limit, cutoff)) {
          break;
        }
        e = s;
      }
    } catch (ScanBudget.Exhausted spent) {
      // the page holds the newest lines found within the budget
    }
    return new Found(id, new ArrayList<>(out), floor, scannedTo < 0 ? segs.end() : scannedTo);
  }

  /** Prepends the pieces of one line, newest first; false once a piece is before the cutoff. */
  private static boolean addNewestFirst(
      Deque<Entry> out,
      List<LineScanner.RawLine> pieces,
      String id,
      Times times,
      int limit,
      long cutoff)
      throws IOException {
    for (int i = pieces.size() - 1; i >= 0 && out.size() < limit; i--) {
      LineScanner.RawLine l = pieces.get(i);
      Instant t = times.of(l.end());
      if (l.end() <= cutoff || t == null) {
        return false;
      }
      out.addFirst(new Entry(t, id, l.end(), LineDecoder.decode(l.content())));
    }
    return true;
  }

  /** {@code t} in epoch millis, clamped to the range a long holds (no instant is out of range). */
  static long epochMillis(Instant t) {
    if (t.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
      return Long.MAX_VALUE;
    }
    if (t.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE))) {
      return Long.MIN_VALUE;
    }
    return t.toEpochMilli();
  }

  private static boolean idle(MarkIndex idx, long end, long fileTime, long now) throws IOException {
    long i = idx.firstAtOrAfter(end);
    long seen = i < idx.count() ? idx.timeAt(i) : fileTime;
    return seen <= now - IDLE.toMillis();
  }

  private static long fileTime(LogFiles f, long now) {
    try {
      return Files.getLastModifiedTime(f.live()).toMillis();
    } catch (IOException e) {
      return now;
    }
  }

  /**
   * Line times from the index, {@code null} for lines before {@code since}. Remembers the last mark
   * found: lines are asked in order, and many share a mark, so most lookups read nothing.
   *
   * <p>Invariant: within one replica, times never decrease with the offset, so merging by time
   * keeps each replica's lines in the order written. Lines after the last mark take the live file's
   * modification time, but never less than that last mark's (the mtime is set when the bytes are
   * written, the mark a moment later, so it can be the older of the two).
   */
  private static final class Times {
    private final MarkIndex idx;
    private final long fileTime;
    private final Instant since;
    private long after = Long.MAX_VALUE; // the cached mark covers ends in (after, upTo]
    private long upTo = Long.MIN_VALUE;
    private Instant time;

    Times(MarkIndex idx, long fileTime, Instant since) {
      this.idx = idx;
      this.fileTime = fileTime;
      this.since = since;
    }

    Instant of(long end) throws IOException {
      if (end <= after || end > upTo) {
        long i = idx.firstAtOrAfter(end);
        after = i > 0 ? idx.offsetAt(i - 1) : Long.MIN_VALUE;
        upTo = i < idx.count() ? idx.offsetAt(i) : Long.MAX_VALUE;
        long t = i < idx.count() ? idx.timeAt(i) : fileTime;
        if (i == idx.count() && i > 0) {
          t = Math.max(t, idx.timeAt(i - 1)); // the file's mtime may be older than its last mark
        }
        time = Instant.ofEpochMilli(t);
      }
      return since != null && time.isBefore(since) ? null : time;
    }
  }
}
