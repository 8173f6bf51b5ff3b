package dev.berth.runtime.local.internal.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The retained files of one replica's log opened as one logical byte stream: rotated files oldest
 * first, then the live file, each at its logical start. Where a file does not begin where the
 * previous one ended (dropped output), the stream has a gap, which readers treat as a line break.
 * Open it under the log's read lock; the sizes are fixed at opening, so bytes appended later are
 * simply not part of this view.
 *
 * <p>Invariant: segment starts and ends are non-decreasing (an overlapping or out-of-order older
 * file is trimmed or dropped at opening), so every lookup by offset is a binary search: a gap costs
 * O(log n) to find or cross, whatever its size.
 */
final class LogSegments implements Closeable {
  /** One file in the stream. */
  record Segment(long start, long size, FileChannel channel) {
    long end() {
      return start + size;
    }
  }

  /** The files that hold bytes: empty ones are left out of every lookup. */
  private final Segment[] segments;

  private final List<FileChannel> channels;
  private final long start;
  private final long end;

  /**
   * Segments as given, which must keep the invariant above; {@link #open} builds them. Empty files
   * (a live file just rotated, a file begun after a gap) only count for the stream's start and end:
   * a lookup never lands on one, since a line cannot start in a file with no bytes.
   */
  LogSegments(List<Segment> segments) {
    this.segments = segments.stream().filter(s -> s.size > 0).toArray(Segment[]::new);
    this.channels = segments.stream().map(Segment::channel).toList();
    this.start = segments.isEmpty() ? 0 : segments.get(0).start;
    this.end = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).end();
  }

  static LogSegments open(LogFiles f, LogLayout layout) throws IOException {
    List<Segment> list = new ArrayList<>();
    List<FileChannel> dropped = new ArrayList<>();
    try {
      List<Long> starts = layout.rotatedStarts();
      for (int k = starts.size(); k >= 1; k--) {
        add(list, dropped, f.rotated(k), starts.get(k - 1));
      }
      add(list, dropped, f.live(), layout.base());
    } catch (IOException | RuntimeException e) {
      for (Segment s : list) {
        s.channel.close();
      }
      throw e;
    } finally {
      for (FileChannel ch : dropped) {
        ch.close();
      }
    }
    return new LogSegments(list);
  }

  private static void add(List<Segment> list, List<FileChannel> dropped, Path file, long start)
      throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return;
    }
    long size = ch.size();
    // a damaged layout: trust the newer file, trimming or dropping older ones that overlap it
    while (!list.isEmpty() && list.get(list.size() - 1).start > start) {
      dropped.add(list.remove(list.size() - 1).channel);
    }
    if (!list.isEmpty()) {
      Segment prev = list.get(list.size() - 1);
      if (prev.end() > start) {
        list.set(list.size() - 1, new Segment(prev.start, start - prev.start, prev.channel));
      }
    }
    list.add(new Segment(start, size, ch));
  }

  /** The first retained logical offset. */
  long start() {
    return start;
  }

  /** The logical offset after the last byte. */
  long end() {
    return end;
  }

  int count() {
    return segments.length;
  }

  Segment get(int i) {
    return segments[i];
  }

  /**
   * Index of the segment containing {@code offset}, or of the first one after it (when the offset
   * is in a gap or before the start), or {@link #count()} when none is; O(log n).
   */
  int indexAt(long offset) {
    int lo = 0;
    int hi = segments.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (segments[mid].end() <= offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The segment containing {@code offset}, or the first one after it (a gap), or null. */
  Segment at(long offset) {
    int i = indexAt(offset);
    return i < segments.length ? segments[i] : null;
  }

  /**
   * Where the bytes before {@code offset} begin without a break: the start of the run of abutting
   * segments that holds byte {@code offset - 1}, or {@code offset} itself when that byte is in a
   * gap or before the stream. A line never starts before this; O(log n) plus the run's length in
   * segments (abutting segments are few: the retained files).
   */
  long runStart(long offset) {
    int i = indexAt(offset - 1);
    if (i >= segments.length || segments[i].start > offset - 1) {
      return offset;
    }
    while (i > 0 && segments[i - 1].end() == segments[i].start) {
      i--;
    }
    return segments[i].start;
  }

  /**
   * The end of the last byte that exists before {@code offset}: {@code offset} itself when byte
   * {@code offset - 1} exists, else the end of the segment before the gap (or the stream's start).
   */
  long backOverGap(long offset) {
    int i = indexAt(offset - 1);
    if (i < segments.length && segments[i].start <= offset - 1) {
      return offset;
    }
    for (int j = Math.min(i, segments.length) - 1; j >= 0; j--) {
      if (segments[j].size > 0) {
        return segments[j].end();
      }
    }
    return start();
  }

  /** True when a line must start at {@code offset}: the stream's start or the end of a gap. */
  boolean isBreak(long offset) {
    return runStart(offset) == offset;
  }

  /** Moves an offset out of a gap (or from before the start) to the next byte that exists. */
  long normalize(long offset) {
    Segment s = at(offset);
    if (s == null) {
      return Math.max(offset, end());
    }
    return Math.max(offset, s.start);
  }

  /**
   * Reads bytes at {@code offset} within its segment into {@code buf}; returns the count, 0 at a
   * gap or the end (or where a file turned out shorter than when it was opened).
   */
  int read(long offset, ByteBuffer buf) throws IOException {
    Segment s = at(offset);
    if (s == null || offset < s.start) {
      return 0;
    }
    int want = (int) Math.min(buf.remaining(), s.end() - offset);
    ByteBuffer slice = buf.slice();
    slice.limit(want);
    int total = 0;
    while (slice.hasRemaining()) {
      int n = s.channel.read(slice, offset - s.start + total);
      if (n <= 0) {
        break;
      }
      total += n;
    }
    buf.position(buf.position() + total);
    return total;
  }

  @Override
  public void close() throws IOException {
    for (FileChannel ch : channels) {
      ch.close();
    }
  }
}
