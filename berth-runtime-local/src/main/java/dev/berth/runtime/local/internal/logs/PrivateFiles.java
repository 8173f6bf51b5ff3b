package dev.berth.runtime.local.internal.logs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Log files and directories readable by the control plane's user only: directories 0700, files
 * 0600. Why: a replica's output can hold secrets (tokens it printed, request bodies), and other
 * users on the machine must not read it. Permissions are set when a path is created and enforced
 * again on paths that already exist (logs written by an earlier version were 0644 in 0755
 * directories).
 */
final class PrivateFiles {
  static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTR =
      PosixFilePermissions.asFileAttribute(FILE);

  private PrivateFiles() {}

  /** Creates {@code dir} and every missing parent below {@code root} (root too), all 0700. */
  static void directories(Path root, Path dir) throws IOException {
    Path rel = root.relativize(dir);
    Path p = root;
    directory(p);
    for (Path part : rel) {
      p = p.resolve(part);
      directory(p);
    }
  }

  private static void directory(Path p) throws IOException {
    try {
      Files.createDirectories(p, PosixFilePermissions.asFileAttribute(DIR));
    } catch (FileAlreadyExistsException e) {
      // a symlink to a directory: fine
    }
    Files.setPosixFilePermissions(p, DIR); // also when it existed, and whatever the umask
  }

  /** Creates an empty 0600 file unless it exists; an existing one is made 0600. */
  static void file(Path p) throws IOException {
    try {
      Files.createFile(p, FILE_ATTR);
    } catch (FileAlreadyExistsException e) {
      restrict(p);
    }
  }

  /** Makes an existing file 0600; a missing one is ignored. */
  static void restrict(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, FILE);
    } catch (NoSuchFileException e) {
      // nothing to restrict
    }
  }

  /** Opens {@code p} for appending, creating it 0600 when missing. */
  static FileChannel append(Path p) throws IOException {
    return FileChannel.open(
        p, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND), FILE_ATTR);
  }

  /** Opens {@code p} for writing from its start, created 0600 or truncated. */
  static FileChannel replace(Path p) throws IOException {
    return FileChannel.open(
        p,
        Set.of(
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING),
        FILE_ATTR);
  }
}
