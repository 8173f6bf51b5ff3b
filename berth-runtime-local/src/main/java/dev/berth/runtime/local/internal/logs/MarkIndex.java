package dev.berth.runtime.local.internal.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The time index of one replica's log: fixed 16-byte records (logical offset, epoch millis), both
 * non-decreasing, appended by the watcher when it sees the log grow ("at this time the log had this
 * many bytes"). A line was therefore written at or before the time of the first mark at or after
 * its end offset. Fixed records allow binary search on disk, so a long-lived log with millions of
 * marks is never loaded whole; a torn last record (a crash mid-append) is ignored.
 */
public final class MarkIndex implements Closeable {
  static final int RECORD = 16;
  private static final int BLOCK_RECORDS = 256;

  private final FileChannel channel;
  private final long count;
  private final ByteBuffer block = ByteBuffer.allocate(RECORD * BLOCK_RECORDS);
  private long blockFirst = -1;
  private int blockCount;

  private MarkIndex(FileChannel channel, long count) {
    this.channel = channel;
    this.count = count;
  }

  /** Opens the index for reading; a missing file is an empty index. */
  public static MarkIndex open(Path file) throws IOException {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      return new MarkIndex(ch, ch.size() / RECORD);
    } catch (NoSuchFileException e) {
      return new MarkIndex(null, 0);
    }
  }

  /** Appends one record. Records of 16 bytes appended with O_APPEND are not interleaved. */
  public static void append(Path file, long offset, long epochMillis) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(RECORD).putLong(offset).putLong(epochMillis).flip();
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
  }

  /** Rewrites the index keeping only marks at or after {@code minOffset} (after a rotation). */
  public static void compact(Path file, long minOffset) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (MarkIndex idx = open(file);
        FileChannel out =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
      long from = idx.firstAtOrAfter(minOffset);
      if (idx.channel != null && from < idx.count) {
        long pos = from * RECORD;
        long end = idx.count * RECORD;
        while (pos < end) {
          pos += idx.channel.transferTo(pos, end - pos, out);
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public long count() {
    return count;
  }

  public long offsetAt(long i) throws IOException {
    load(i);
    return block.getLong((int) (i - blockFirst) * RECORD);
  }

  public long timeAt(long i) throws IOException {
    load(i);
    return block.getLong((int) (i - blockFirst) * RECORD + 8);
  }

  /** Index of the first mark with offset >= {@code offset}, or {@link #count()} if none. */
  public long firstAtOrAfter(long offset) throws IOException {
    long lo = 0;
    long hi = count;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (offsetAt(mid) < offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Index of the last mark with time < {@code epochMillis}, or -1 if none. */
  public long lastBefore(long epochMillis) throws IOException {
    long lo = 0;
    long hi = count;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (timeAt(mid) < epochMillis) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }

  private void load(long i) throws IOException {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("mark " + i + " of " + count);
    }
    if (blockFirst >= 0 && i >= blockFirst && i < blockFirst + blockCount) {
      return;
    }
    long first = (i / BLOCK_RECORDS) * BLOCK_RECORDS;
    int n = (int) Math.min(BLOCK_RECORDS, count - first);
    block.clear().limit(n * RECORD);
    long pos = first * RECORD;
    while (block.hasRemaining()) {
      int r = channel.read(block, pos + block.position());
      if (r < 0) {
        throw new IOException("time index shrank while reading");
      }
    }
    blockFirst = first;
    blockCount = n;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
