package dev.berth.runtime.local.internal.logs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Lock;

/**
 * Copy-truncate rotation: shift {@code .1..N-1} to {@code .2..N}, copy the live file to {@code .1},
 * truncate the live file. Safe because the writer holds the file with {@code O_APPEND}: its next
 * write lands at the new end. Bytes written during the copy are copied too, except in a flood.
 *
 * <p>Flood bound: a rotated file keeps at most 1.25 x {@code maxBytes} (the newest part); older
 * output that a replica wrote within one observation interval beyond that is dropped, leaving a gap
 * in logical offsets. Disk use per replica thus stays near ({@code maxFiles} + 1) x {@code
 * maxBytes} plus one interval of growth, however fast the replica writes.
 */
final class LogRotator {
  private final long maxBytes;
  private final int maxFiles;
  private final LogLocks locks;

  LogRotator(long maxBytes, int maxFiles, LogLocks locks) {
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
    this.locks = locks;
  }

  boolean needsRotation(long liveSize) {
    return liveSize > maxBytes;
  }

  /** Rotates and returns the new layout, already written to disk with the compacted index. */
  LogLayout rotate(LogFiles f, LogLayout layout) throws IOException {
    Lock lock = locks.of(f.replicaId()).writeLock();
    lock.lock();
    try (FileChannel live =
        FileChannel.open(f.live(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size0 = live.size();
      long keep = Math.min(size0, maxBytes + maxBytes / 4);
      long sizeFinal = size0;
      long startOfNewest = layout.base() + size0 - keep;
      if (maxFiles > 0) {
        Files.deleteIfExists(f.rotated(maxFiles));
        for (int k = maxFiles - 1; k >= 1; k--) {
          if (Files.exists(f.rotated(k))) {
            Files.move(f.rotated(k), f.rotated(k + 1), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        try (FileChannel out =
            FileChannel.open(
                f.rotated(1),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
          copy(live, size0 - keep, size0, out);
          long size1 = live.size();
          if (size1 > size0 && size1 - size0 <= maxBytes / 4) {
            copy(live, size0, size1, out);
            sizeFinal = size1;
          } else if (size1 > size0) {
            sizeFinal = size1; // flood: the bytes of this window are dropped
          }
        }
      } else {
        sizeFinal = live.size();
      }
      live.truncate(0);
      LogLayout next = layout.rotated(layout.base() + sizeFinal, startOfNewest, maxFiles);
      next.write(f.positions());
      MarkIndex.compact(f.index(), next.oldestStart());
      return next;
    } finally {
      lock.unlock();
    }
  }

  private static void copy(FileChannel in, long from, long to, FileChannel out) throws IOException {
    long pos = from;
    while (pos < to) {
      long n = in.transferTo(pos, to - pos, out);
      if (n <= 0) {
        break;
      }
      pos += n;
    }
  }
}
