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
 */
final class LogSegments implements Closeable {
  /** One file in the stream. */
  record Segment(long start, long size, FileChannel channel) {
    long end() {
      return start + size;
    }
  }

  private final List<Segment> segments;

  private LogSegments(List<Segment> segments) {
    this.segments = segments;
  }

  static LogSegments open(LogFiles f, LogLayout layout) throws IOException {
    List<Segment> list = new ArrayList<>();
    List<Long> starts = layout.rotatedStarts();
    for (int k = starts.size(); k >= 1; k--) {
      add(list, f.rotated(k), starts.get(k - 1));
    }
    add(list, f.live(), layout.base());
    return new LogSegments(list);
  }

  private static void add(List<Segment> list, Path file, long start) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return;
    }
    long size = ch.size();
    if (!list.isEmpty()) {
      Segment prev = list.get(list.size() - 1);
      if (prev.end() > start) {
        // overlapping (a damaged layout): trust the newer file
        list.set(
            list.size() - 1,
            new Segment(prev.start, Math.max(0, start - prev.start), prev.channel));
      }
    }
    list.add(new Segment(start, size, ch));
  }

  /** The first retained logical offset. */
  long start() {
    return segments.isEmpty() ? 0 : segments.get(0).start;
  }

  /** The logical offset after the last byte. */
  long end() {
    return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).end();
  }

  /** The segment containing {@code offset}, or the first one after it (a gap), or null. */
  Segment at(long offset) {
    for (Segment s : segments) {
      if (offset < s.end()) {
        return s;
      }
    }
    return null;
  }

  /** The segment right after {@code s}, or null. */
  Segment after(Segment s) {
    int i = segments.indexOf(s);
    return i >= 0 && i + 1 < segments.size() ? segments.get(i + 1) : null;
  }

  /** True when a line must start at {@code offset}: the stream's start or the end of a gap. */
  boolean isBreak(long offset) {
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.start == offset && (i == 0 || segments.get(i - 1).end() < offset)) {
        return true;
      }
    }
    return false;
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
   * gap or the end.
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

  /** The byte at {@code offset}, or -1 when there is none (end or gap). */
  int byteAt(long offset) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return read(offset, one) == 1 ? one.get(0) & 0xff : -1;
  }

  @Override
  public void close() throws IOException {
    for (Segment s : segments) {
      s.channel.close();
    }
  }
}
