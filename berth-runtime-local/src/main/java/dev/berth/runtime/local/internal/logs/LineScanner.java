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
 *
 * <p>Works as {@code tail} and {@code less} do: bytes are read in blocks of {@link #BLOCK} into one
 * buffer and searched with a tight loop, forwards or backwards; a segment is looked up (binary
 * search) only when a scan leaves the block, and a gap is crossed in one step. Every block read is
 * charged to the read's {@link ScanBudget}.
 */
final class LineScanner {
  static final int PIECE = 16 * 1024;

  /** Backward scans give up looking for a line start this far back and start a piece there. */
  static final int MAX_BACK = 1024 * 1024;

  static final int BLOCK = 64 * 1024;

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
  private final ScanBudget budget;
  private final int block;
  private final byte[] cache;
  private final ByteBuffer cacheBuf;
  private final byte[] acc = new byte[PIECE];
  private long cacheStart = -1;
  private int cacheLen;

  LineScanner(LogSegments segs, boolean tailComplete, ScanBudget budget) {
    this(segs, tailComplete, budget, BLOCK);
  }

  /** With another block size: tests use tiny blocks so lines and gaps cross block edges. */
  LineScanner(LogSegments segs, boolean tailComplete, ScanBudget budget, int block) {
    if (block <= 0) {
      throw new IllegalArgumentException("block size must be positive");
    }
    this.segs = segs;
    this.tailComplete = tailComplete;
    this.budget = budget;
    this.block = block;
    this.cache = new byte[block];
    this.cacheBuf = ByteBuffer.wrap(cache);
  }

  /** The line starting at {@code from}, or null when no complete line is there (yet). */
  RawLine next(long from) throws IOException, ScanBudget.Exhausted {
    long pos = segs.normalize(from);
    long end = segs.end();
    if (pos >= end) {
      return null;
    }
    int n = 0;
    long p = pos;
    while (true) {
      if (p >= end) {
        return n > 0 && tailComplete ? line(pos, p, n, false) : null;
      }
      if (!load(p, false)) {
        // a gap ends the line; at the line's start it means a file shorter than when opened
        return n > 0 ? line(pos, p, n, false) : null;
      }
      int off = (int) (p - cacheStart);
      int take = Math.min(cacheLen - off, PIECE - n);
      int nl = indexOfNewline(cache, off, off + take);
      if (nl >= 0) {
        System.arraycopy(cache, off, acc, n, nl - off);
        n += nl - off;
        return line(pos, cacheStart + nl + 1, n, true);
      }
      System.arraycopy(cache, off, acc, n, take);
      n += take;
      p += take;
      if (n == PIECE) {
        int cut = utf8Cut(acc, n);
        if (cut < n) {
          return line(pos, pos + cut, cut, false);
        }
        if (p >= end) {
          return tailComplete ? line(pos, p, n, false) : null;
        }
        if (load(p, false) && cache[(int) (p - cacheStart)] == '\n') {
          return line(pos, p + 1, n, true);
        }
        return line(pos, p, n, false);
      }
    }
  }

  /**
   * The start of the line that ends at {@code e} (after its newline, or at a gap or the end), not
   * before {@code floor}, not before the gap or stream start that precedes {@code e}, and at most
   * {@link #MAX_BACK} bytes back. When byte {@code e - 1} exists and {@code e > floor}, the result
   * is below {@code e}, so a backward scan always moves; when it does not exist (e is the end of a
   * gap), {@code e} itself is the line's start.
   */
  long lineStartBefore(long e, long floor) throws IOException, ScanBudget.Exhausted {
    long limit = Math.max(Math.max(floor, e - MAX_BACK), segs.runStart(e));
    long q = e - 1;
    if (q >= limit && load(q, true) && cache[(int) (q - cacheStart)] == '\n') {
      q--;
    }
    while (q >= limit) {
      if (!load(q, true)) {
        return Math.max(limit, Math.min(q + 1, e - 1)); // a file shorter than when opened
      }
      long lo = Math.max(cacheStart, limit);
      int nl = lastIndexOfNewline(cache, (int) (lo - cacheStart), (int) (q - cacheStart));
      if (nl >= 0) {
        return cacheStart + nl + 1;
      }
      q = lo - 1;
    }
    return limit;
  }

  /**
   * Makes the block cache hold byte {@code p}: a block starting at {@code p} when reading forwards,
   * ending at it when reading backwards, always within {@code p}'s segment. False when the byte
   * does not exist (a gap, the end, or a file shorter than when it was opened).
   */
  private boolean load(long p, boolean backward) throws IOException, ScanBudget.Exhausted {
    if (p >= cacheStart && p < cacheStart + cacheLen) {
      return true;
    }
    LogSegments.Segment s = segs.at(p);
    if (s == null || p < s.start()) {
      return false;
    }
    long start = backward ? Math.max(s.start(), p + 1 - block) : p;
    int want = (int) Math.min(block, s.end() - start);
    budget.charge(want);
    cacheBuf.clear().limit(want);
    int n = segs.read(start, cacheBuf);
    cacheStart = start;
    cacheLen = n;
    return p - start < n;
  }

  private static int indexOfNewline(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The last newline in {@code b[from..to]} (both inclusive), or -1. */
  private static int lastIndexOfNewline(byte[] b, int from, int to) {
    for (int i = to; i >= from; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private RawLine line(long start, long end, int n, boolean terminated) {
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
}
