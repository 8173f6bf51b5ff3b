package dev.berth.runtime.local.internal.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The write side of a replica's time index ({@link MarkIndex}'s 16-byte records: logical offset,
 * epoch millis). The writer calls {@link #reached} as bytes arrive; marks are kept at least {@link
 * #SPACING_MS} apart, so a line's time is at most that late, and the index grows by at most about
 * 200 records a second whatever the replica writes.
 *
 * <p>Invariants: offsets and times never decrease; bytes not yet marked are only ever the newest
 * ones, while more output is arriving (readers take their time from the live file's modification
 * time); the writer marks the last chunk before a pause before writing it ({@link #force}), so no
 * mark is owed while the log is idle. A mark may therefore name an offset a moment before its bytes
 * are in the file. Its file stays under {@code cap} bytes: past it, every other mark is dropped
 * (older lines' times get coarser, never wrong by more than the gap between the marks kept), and
 * after a rotation marks of dropped files go.
 */
final class MarkWriter implements Closeable {
  /** The smallest time between two marks. */
  static final long SPACING_MS = 10;

  private final Path file;
  private final long cap;
  private FileChannel out;
  private long size;
  private long lastOffset;
  private long lastMillis;
  private long pendingOffset = -1;
  private long pendingMillis;
  private final ByteBuffer record = ByteBuffer.allocate(MarkIndex.RECORD);

  private MarkWriter(Path file, long cap) {
    this.file = file;
    this.cap = Math.max(cap, 64L * MarkIndex.RECORD);
  }

  /** Opens the index, continuing after its last mark (a torn last record is cut off). */
  static MarkWriter open(Path file, long cap) throws IOException {
    MarkWriter w = new MarkWriter(file, cap);
    try (MarkIndex idx = MarkIndex.open(file)) {
      if (idx.count() > 0) {
        w.lastOffset = idx.offsetAt(idx.count() - 1);
        w.lastMillis = idx.timeAt(idx.count() - 1);
      }
      w.size = idx.count() * MarkIndex.RECORD;
    }
    w.reopen();
    if (w.out.size() != w.size) {
      w.out.truncate(w.size);
    }
    return w;
  }

  private void reopen() throws IOException {
    if (out != null) {
      out.close();
    }
    out = PrivateFiles.append(file);
  }

  /** The time of the newest mark, written or pending: later marks never go below it. */
  long lastMillis() {
    return Math.max(lastMillis, pendingOffset >= 0 ? pendingMillis : 0);
  }

  /** The log's logical end reached {@code offset} at {@code millis}. */
  void reached(long offset, long millis) throws IOException {
    long t = Math.max(millis, lastMillis());
    if (offset <= lastOffset || offset <= pendingOffset) {
      return;
    }
    if (t - lastMillis >= SPACING_MS) {
      flush();
      if (t - lastMillis >= SPACING_MS) {
        append(offset, t);
        return;
      }
    }
    pendingOffset = offset;
    pendingMillis = t;
  }

  /** Writes the pending mark, if any (before a rotation, and when the writer stops). */
  void flush() throws IOException {
    if (pendingOffset > lastOffset) {
      append(pendingOffset, pendingMillis);
    }
    pendingOffset = -1;
  }

  /** Writes a mark now, whatever the spacing: the end of a file about to be rotated. */
  void force(long offset, long millis) throws IOException {
    flush();
    if (offset > lastOffset) {
      append(offset, Math.max(millis, lastMillis));
    }
  }

  private void append(long offset, long millis) throws IOException {
    record.clear();
    record.putLong(offset).putLong(millis).flip();
    while (record.hasRemaining()) {
      out.write(record);
    }
    size += MarkIndex.RECORD;
    lastOffset = offset;
    lastMillis = millis;
    if (size > cap) {
      rewrite(Long.MIN_VALUE, true);
    }
  }

  /** Drops marks before {@code minOffset}: what rotation no longer keeps. */
  void compact(long minOffset) throws IOException {
    flush();
    rewrite(minOffset, false);
  }

  /**
   * Rewrites the index from {@code minOffset}, every other mark only when {@code thin} (the last is
   * always kept), to a temporary file renamed over it: readers see the old or the new index.
   */
  private void rewrite(long minOffset, boolean thin) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    long kept = 0;
    try (MarkIndex idx = MarkIndex.open(file);
        FileChannel dst = PrivateFiles.replace(tmp)) {
      long n = idx.count();
      ByteBuffer buf = ByteBuffer.allocate(MarkIndex.RECORD * 512);
      for (long i = idx.firstAtOrAfter(minOffset); i < n; i++) {
        boolean keep = !thin || (n - 1 - i) % 2 == 0;
        if (keep) {
          buf.putLong(idx.offsetAt(i)).putLong(idx.timeAt(i));
          kept++;
          if (!buf.hasRemaining()) {
            drain(buf, dst);
          }
        }
      }
      drain(buf, dst);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    size = kept * MarkIndex.RECORD;
    reopen();
  }

  private static void drain(ByteBuffer buf, FileChannel dst) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      dst.write(buf);
    }
    buf.clear();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }
}
