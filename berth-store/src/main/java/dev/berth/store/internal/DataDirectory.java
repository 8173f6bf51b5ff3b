package dev.berth.store.internal;

import dev.berth.store.StoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes sure the data directory exists and can be written before SQLite touches it, so the person
 * gets "cannot use data directory X: why; choose another with --data-dir" instead of an
 * SQLITE_CANTOPEN from deep inside a migration.
 *
 * <p>Writability is tested by creating and deleting a file, not by permission bits: that is the
 * only check that is right for root, read-only mounts, immutable directories and ACLs alike.
 */
final class DataDirectory {
  private DataDirectory() {}

  /** The absolute, existing, writable directory; or a {@link StoreException} saying why not. */
  static Path prepare(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw unusable(dir, whyNotCreated(dir, e), e);
    }
    try {
      Path probe = Files.createTempFile(dir, ".berth-write-check-", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw unusable(dir, notWritable(e), e);
    }
    Path db = dir.resolve(dev.berth.store.Stores.SQLITE_FILE);
    if (Files.exists(db) && (!Files.isRegularFile(db) || !Files.isWritable(db))) {
      throw unusable(
          dir, db.getFileName() + " in it is not a writable file for user " + user(), null);
    }
    return dir;
  }

  private static String whyNotCreated(Path dir, Exception e) {
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      return existing.equals(dir)
          ? "it is a file, not a directory"
          : existing + " is a file, not a directory";
    }
    return "cannot create it: " + notWritable(e);
  }

  private static String notWritable(Exception e) {
    String base = "not writable by user " + user();
    if (e instanceof AccessDeniedException) {
      return base;
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return base + " (" + fse.getReason() + ")";
    }
    return e.getMessage() == null ? base : base + " (" + e.getMessage() + ")";
  }

  private static String user() {
    return System.getProperty("user.name", "?");
  }

  private static StoreException unusable(Path dir, String why, Exception cause) {
    return new StoreException(
        "cannot use data directory " + dir + ": " + why + "; choose another with --data-dir",
        cause);
  }
}
