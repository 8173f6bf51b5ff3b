package dev.berth.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One control plane per data directory: two would both supervise the same replicas. An OS file lock
 * on {@code berth.lock} (released by the kernel when the process dies, even with {@code kill -9},
 * so a crash never leaves a stale lock) holding the owner's pid for the error message.
 */
public final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock or fails with a message naming the other control plane's pid. */
  public static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve("berth.lock");
    try {
      Files.createDirectories(dataDir);
      FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
        l = null;
      }
      if (l == null) {
        String other = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        ch.close();
        throw new IllegalStateException(
            "another control plane (pid "
                + (other.isEmpty() ? "?" : other)
                + ") is running with data directory "
                + dataDir
                + "; stop it first or pass another --data-dir");
      }
      ch.truncate(0);
      ch.write(
          java.nio.ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
          0);
      ch.force(true);
      return new DataDirLock(ch, l);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot use data directory "
              + dataDir
              + ": "
              + e.getMessage()
              + "; choose another with --data-dir",
          e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the kernel releases it when the process exits anyway
    }
  }
}
