package dev.berth.runtime.local.internal.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.Lock;

/**
 * The only writer of one replica's log files: appends output to the live file and rotates it by
 * rename at exactly {@code maxBytes}, so the log files never hold more than ({@code maxFiles} + 1)
 * x {@code maxBytes} at any instant (rotation deletes the oldest file before the live one becomes
 * {@code .1}, and nothing is copied). The time index stays under {@link #indexCap}.
 *
 * <p>Output that cannot be written (a full disk) is counted, not kept, and recorded with {@link
 * #skip} as a gap in the logical stream: the live file is rotated and the next one starts that many
 * bytes later, with a line {@code [berth: N bytes of output dropped]} that Berth writes there, so
 * {@code berth logs} shows where output is missing and how much (readers also break the line at the
 * gap). Logical offsets count those notes too.
 *
 * <p>Not thread-safe: one pump thread (or a test) writes; {@link #logicalEnd()} may be read from
 * any thread. Rotation holds the log's write lock, so readers never see files half-shifted.
 */
final class LogWriter implements Closeable {
  private final LogFiles files;
  private final long maxBytes;
  private final int maxFiles;
  private final LogLocks locks;
  private final MarkWriter marks;
  private LogLayout layout;
  private FileChannel live;
  private long liveSize;
  private volatile long end;

  private LogWriter(LogFiles files, long maxBytes, int maxFiles, LogLocks locks, MarkWriter marks) {
    this.files = files;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
    this.locks = locks;
    this.marks = marks;
  }

  /**
   * The time index's size limit for logs rotated at {@code maxBytes}: 1/16 of it, 64 KiB at least.
   */
  static long indexCap(long maxBytes) {
    return Math.max(64 * 1024, maxBytes / 16);
  }

  /** Opens the replica's log where it ended (its layout, live file and last mark on disk). */
  static LogWriter open(LogFiles f, long maxBytes, int maxFiles, LogLocks locks, long nowMillis)
      throws IOException {
    MarkWriter marks = MarkWriter.open(f.index(), indexCap(maxBytes));
    LogWriter w = new LogWriter(f, maxBytes, maxFiles, locks, marks);
    try {
      w.layout = LogLayout.read(f.positions());
      w.live = PrivateFiles.append(f.live());
      w.liveSize = w.live.size();
      w.end = w.layout.base() + w.liveSize;
      if (w.liveSize >= maxBytes) {
        w.rotate(nowMillis); // an earlier version's oversized file: the bound holds from now on
      }
    } catch (IOException | RuntimeException e) {
      w.closeQuietly();
      throw e;
    }
    return w;
  }

  /** The logical offset after the last byte written. */
  long logicalEnd() {
    return end;
  }

  /**
   * Appends {@code src} (consumed whole), rotating whenever the live file reaches {@code maxBytes}.
   * On an IO error the bytes before it are kept and counted; the rest of {@code src} is left
   * unconsumed for the caller to count as dropped.
   */
  void write(ByteBuffer src, long nowMillis) throws IOException {
    while (src.hasRemaining()) {
      int n = (int) Math.min(src.remaining(), maxBytes - liveSize);
      ByteBuffer part = src.slice();
      part.limit(n);
      try {
        while (part.hasRemaining()) {
          int w = live.write(part);
          liveSize += w;
          end += w;
        }
      } finally {
        src.position(src.position() + part.position());
      }
      if (liveSize >= maxBytes) {
        rotate(nowMillis);
      }
    }
  }

  /** Records that the output up to the logical end had arrived by {@code nowMillis}. */
  void mark(long nowMillis) throws IOException {
    marks.reached(end, nowMillis);
  }

  /**
   * Marks now, whatever the spacing, that the next {@code bytes} have arrived by {@code nowMillis}:
   * called before writing them, so no reader ever sees them without a time in the index. If the
   * write then fails, {@link #skip} of the rest brings the logical end to the same offset.
   */
  void markAhead(long bytes, long nowMillis) throws IOException {
    marks.force(end + bytes, nowMillis);
  }

  /** Writes a mark held back by the spacing (when the writer pauses or stops). */
  void flushMarks() throws IOException {
    marks.flush();
  }

  /**
   * Records {@code dropped} bytes of output that were not written, as a gap before what follows,
   * then writes {@link #dropNote} after the gap, so {@code berth logs} shows where output is
   * missing and how much. Throws only when the gap could not be recorded (the caller keeps
   * counting); a note that cannot be written is left out.
   */
  void dropped(long dropped, long nowMillis) throws IOException {
    if (dropped <= 0) {
      return;
    }
    skip(dropped, nowMillis);
    try {
      write(ByteBuffer.wrap(dropNote(dropped)), nowMillis);
      marks.force(end, nowMillis);
    } catch (IOException e) {
      // the gap is recorded (readers break the line there); the note is only a courtesy, and the
      // caller must not count the dropped bytes twice
    }
  }

  /**
   * Records {@code dropped} bytes of output that were not written, as a gap before what follows.
   *
   * <p>Why a gap rotates a live file that holds bytes, although that deletes the oldest rotated
   * file: the layout gives each file one logical start, so a file is one unbroken run of the stream
   * (every offset lookup stays a binary search over files, and {@code .pos} stays a few hundred
   * bytes) and a gap needs a new file. Deleting {@code .N} is also what a failed write (usually a
   * full disk) calls for: it gives back space so the newest output can be written, the output that
   * says why an app died. The accepted cost: a file cut short by a gap takes one of the {@code
   * maxFiles} places until it ages out, so while writes keep failing less history is kept. A gap
   * while the live file is empty (nothing written since the last gap, e.g. a disk that stays full)
   * rotates nothing, so it costs one file per recovery, not one per failed chunk.
   */
  void skip(long dropped, long nowMillis) throws IOException {
    if (dropped <= 0) {
      return;
    }
    if (liveSize > 0) {
      rotate(nowMillis);
    }
    Lock lock = locks.of(files.replicaId()).writeLock();
    lock.lock();
    try {
      LogLayout next = new LogLayout(layout.base() + dropped, layout.rotatedStarts());
      next.write(files.positions());
      layout = next;
      end = layout.base();
    } finally {
      lock.unlock();
    }
  }

  /** The line Berth writes where output was dropped: {@code [berth: N bytes of output dropped]}. */
  static byte[] dropNote(long dropped) {
    String text =
        "[berth: " + dropped + (dropped == 1 ? " byte" : " bytes") + " of output dropped]\n";
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Shifts {@code .1..N-1} to {@code .2..N} (deleting {@code .N} first), renames the live file to
   * {@code .1} and starts an empty one. Disk use never rises during it: every step deletes or
   * renames.
   */
  private void rotate(long nowMillis) throws IOException {
    marks.force(end, nowMillis); // lines of the file leaving need their time
    Lock lock = locks.of(files.replicaId()).writeLock();
    lock.lock();
    try {
      live.close();
      long liveEnd = layout.base() + liveSize;
      if (maxFiles > 0) {
        Files.deleteIfExists(files.rotated(maxFiles));
        for (int k = maxFiles - 1; k >= 1; k--) {
          if (Files.exists(files.rotated(k))) {
            Files.move(files.rotated(k), files.rotated(k + 1), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.move(files.live(), files.rotated(1), StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(files.live());
      }
      layout = layout.rotated(liveEnd, layout.base(), maxFiles);
      liveSize = 0;
      end = liveEnd;
      layout.write(files.positions());
      marks.compact(layout.oldestStart());
    } finally {
      if (!live.isOpen()) {
        live = PrivateFiles.append(files.live());
        liveSize = live.size();
      }
      lock.unlock();
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      // closing after a failed open: the first error is the one to report
    }
  }

  @Override
  public void close() throws IOException {
    try {
      marks.close();
    } finally {
      if (live != null) {
        live.close();
      }
    }
  }
}
