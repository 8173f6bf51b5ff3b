package dev.berth.runtime.local.internal.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Finds lines in a {@link LogSegments} stream, forwards (for following) and backwards (for "the
 * last N lines" without reading the whole file). Lines end at a newline (a trailing CR is dropped)
 * or at a gap. A line longer than {@link #PIECE} bytes is cut into pieces of at most that size,
 * never inside a UTF-8 character, always at the same places reading forwards. A final line without
 * newline is returned only when {@code tailComplete} (the caller decides: the log has been idle for
 * a second, or its process has exited); otherwise it waits for more output.
 */
final class LineScanner {
  static final int PIECE = 16 * 1024;

  /** Backward scans give up looking for a line start this far back and start a piece there. */
  static final int MAX_BACK = 1024 * 1024;

  private static final int BLOCK = 64 * 1024;

  /**
   * One line or piece of a line.
   *
   * @param start logical offset of its first byte
   * @param end logical offset after it, including its newline
   * @param content its bytes without the newline
   */
  record RawLine(long start, long end, byte[] content) {}

  private final LogSegments segs;
  private final boolean tailComplete;
  private final byte[] cache = new byte[BLOCK];
  private long cacheStart = -1;
  private int cacheLen;

  LineScanner(LogSegments segs, boolean tailComplete) {
    this.segs = segs;
    this.tailComplete = tailComplete;
  }

  /** The line starting at {@code pos}, or null when no complete line is there (yet). */
  RawLine next(long from) throws IOException {
    long pos = segs.normalize(from);
    long end = segs.end();
    if (pos >= end) {
      return null;
    }
    byte[] acc = new byte[PIECE];
    int n = 0;
    long p = pos;
    long boundary = segmentEnd(p);
    while (true) {
      if (p >= end) {
        return n > 0 && tailComplete ? line(pos, p, acc, n, false) : null;
      }
      if (p == boundary) {
        if (segs.isBreak(p)) {
          return line(pos, p, acc, n, false);
        }
        boundary = segmentEnd(p);
      }
      int b = byteAt(p, false);
      if (b < 0) {
        return line(pos, p, acc, n, false);
      }
      if (b == '\n') {
        return line(pos, p + 1, acc, n, true);
      }
      acc[n++] = (byte) b;
      p++;
      if (n == PIECE) {
        int cut = utf8Cut(acc, n);
        if (cut < n) {
          return line(pos, pos + cut, acc, cut, false);
        }
        if (p >= end) {
          return tailComplete ? line(pos, p, acc, n, false) : null;
        }
        boolean gap = p == boundary && segs.isBreak(p);
        if (!gap && byteAt(p, false) == '\n') {
          return line(pos, p + 1, acc, n, true);
        }
        return line(pos, p, acc, n, false);
      }
    }
  }

  /**
   * The start of the line that ends at {@code e} (after its newline, or at a gap or the end), not
   * before {@code floor} and at most {@link #MAX_BACK} bytes back.
   */
  long lineStartBefore(long e, long floor) throws IOException {
    // Invariant: returns a position below e whenever e > floor, so a backward scan always moves.
    long limit = Math.max(floor, e - MAX_BACK);
    long q = e - 1;
    if (q >= limit && byteAt(q, true) == '\n') {
      q--;
    }
    while (q >= limit) {
      if (segs.isBreak(q + 1) && q + 1 < e) {
        return q + 1;
      }
      int b = byteAt(q, true);
      if ((b == '\n' || b < 0) && q + 1 < e) {
        return q + 1;
      }
      q--; // a missing byte right before e (a gap) is skipped: the result is always below e
    }
    return limit;
  }

  private long segmentEnd(long p) {
    LogSegments.Segment s = segs.at(p);
    return s == null ? segs.end() : s.end();
  }

  private static RawLine line(long start, long end, byte[] acc, int n, boolean terminated) {
    int len = n;
    if (terminated && len > 0 && acc[len - 1] == '\r') {
      len--;
    }
    return new RawLine(start, end, Arrays.copyOf(acc, len));
  }

  /** Where to cut {@code n} bytes so no UTF-8 sequence is split (a complete one is kept). */
  static int utf8Cut(byte[] b, int n) {
    int i = n - 1;
    while (i >= 0 && i > n - 4 && (b[i] & 0xC0) == 0x80) {
      i--;
    }
    if (i < 0) {
      return n;
    }
    int lead = b[i] & 0xff;
    int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return (lead >= 0xC0 && n - i < need && i > 0) ? i : n;
  }

  private int byteAt(long p, boolean backward) throws IOException {
    if (p >= cacheStart && p < cacheStart + cacheLen) {
      return cache[(int) (p - cacheStart)] & 0xff;
    }
    LogSegments.Segment s = segs.at(p);
    if (s == null || p < s.start()) {
      return -1;
    }
    long start = backward ? Math.max(s.start(), p + 1 - BLOCK) : p;
    ByteBuffer bb = ByteBuffer.wrap(cache);
    int n = segs.read(start, bb);
    cacheStart = start;
    cacheLen = n;
    return p - start < n ? cache[(int) (p - start)] & 0xff : -1;
  }
}
