package dev.berth.artifacts.internal;

import dev.berth.engine.artifact.internal.TarRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Small helpers around tar entries and files shared by the store, the packer and the builder. */
public final class TarEntries {
  public static final Set<PosixFilePermission> PRIVATE_DIR =
      PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> PRIVATE_FILE =
      PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-xr-x");
  public static final Set<PosixFilePermission> EXECUTABLE = DIR;
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

  private TarEntries() {}

  /**
   * What a stored tar may hold this entry as.
   *
   * @throws dev.berth.engine.artifact.ArtifactException {@code INVALID} for hard links, devices,
   *     FIFOs, sparse files and other entry types
   */
  public static TarRules.Type typeOf(TarArchiveEntry e) {
    if (e.isSymbolicLink()) {
      return TarRules.Type.SYMLINK;
    }
    if (e.isLink()) {
      throw TarRules.unsupported(e.getName(), "hard link");
    }
    if (e.isCharacterDevice() || e.isBlockDevice()) {
      throw TarRules.unsupported(e.getName(), "device");
    }
    if (e.isFIFO()) {
      throw TarRules.unsupported(e.getName(), "FIFO");
    }
    if (e.isSparse()) {
      throw TarRules.unsupported(e.getName(), "sparse file");
    }
    if (e.isDirectory()) {
      return TarRules.Type.DIRECTORY;
    }
    if (e.isFile()) {
      return TarRules.Type.FILE;
    }
    throw TarRules.unsupported(e.getName(), "tar entry of type '" + (char) e.getLinkFlag() + "'");
  }

  /** Whether this failure, or one of its causes, is the disk being full (or over quota). */
  public static boolean isNoSpace(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null
          && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  /** Deletes a file or a tree, not following links; quietly does nothing if it is gone. */
  public static void deleteTree(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              try { // a build may leave read-only directories behind (chmod -R a-w)
                Files.setPosixFilePermissions(dir, PRIVATE_DIR);
              } catch (IOException | UnsupportedOperationException ignored) {
                // deleting below will say what is wrong
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException gone) {
      // someone else removed it: fine
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  /** Creates a directory (and its parents) and makes it private (0700) whatever the umask. */
  public static Path privateDir(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PRIVATE_DIR);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** {@code 100 MiB}, {@code 512 bytes}: a size for messages. */
  public static String human(long bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.3g %s", v, units[u]);
  }
}
