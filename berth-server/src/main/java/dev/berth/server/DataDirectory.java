package dev.berth.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The data directory is readable by its owner only (mode 0700). It holds the store (token hashes,
 * every app's environment variables), replica logs and the CLI config when it lives in {@code
 * $HOME/.berth}; deployed apps may run as other users, and other users of the machine must not read
 * any of it. A new directory is made 0700; an existing one that grants anything to group or others
 * is tightened to 0700, and the caller is told so (a user who opened it on purpose should know).
 */
public final class DataDirectory {
  static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private DataDirectory() {}

  /**
   * Creates {@code dir} with mode 0700 (its missing parents with the usual mode), or tightens an
   * existing one to 0700.
   *
   * @return a message for the user when an existing directory was tightened or could not be
   * @throws IOException when it cannot be created or is not a directory
   */
  public static Optional<String> secure(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath();
    if (!Files.exists(abs)) {
      Path parent = abs.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (UnsupportedOperationException notPosix) {
        Files.createDirectory(abs);
        return Optional.empty();
      } catch (FileAlreadyExistsException raced) {
        // made by someone else in between: judge it below like any existing directory
      }
    }
    if (!Files.isDirectory(abs)) {
      throw new IOException(abs + " exists and is not a directory");
    }
    Set<PosixFilePermission> now;
    try {
      now = Files.getPosixFilePermissions(abs);
    } catch (UnsupportedOperationException notPosix) {
      return Optional.empty();
    }
    if (now.equals(OWNER_ONLY)) {
      return Optional.empty();
    }
    String before = PosixFilePermissions.toString(now);
    Set<PosixFilePermission> wanted = EnumSet.copyOf(OWNER_ONLY);
    try {
      Files.setPosixFilePermissions(abs, wanted);
    } catch (IOException e) {
      return Optional.of(
          "data directory "
              + abs
              + " is "
              + before
              + " and could not be made rwx------ (0700): "
              + e.getMessage()
              + "; other users may read its state and logs");
    }
    if (now.stream().noneMatch(p -> !OWNER_ONLY.contains(p))) {
      return Optional.empty(); // it was tighter than 0700 (e.g. 0500): restored the owner's access
    }
    return Optional.of(
        "data directory "
            + abs
            + " was "
            + before
            + ", readable by others; made it rwx------ (0700): it holds token hashes, app"
            + " settings and logs");
  }
}
