package dev.berth.server.secrets;

import dev.berth.engine.app.AppException;
import dev.berth.engine.config.MasterKey;
import dev.berth.engine.config.MasterKeyStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The master key of the config secrets: {@code BERTH_MASTER_KEY} when set (the content of a key
 * file, as JSON or base64 of it; Berth never writes it), else the file {@code
 * <data-dir>/master.key} (Tink JSON keyset, mode 0600, created on first use).
 *
 * <p>Invariants: a key that exists but cannot be read is an error, never replaced; a key file that
 * others can read is refused (as ssh refuses such a private key); a save writes a sibling file with
 * mode 0600, forces it to disk and renames it over the old one, so a crash leaves the old key or
 * the new one, whole.
 */
public final class MasterKeyFile implements MasterKeyStore {
  /** The variable that supplies the key instead of the file. */
  public static final String VARIABLE = "BERTH_MASTER_KEY";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path file;
  private final String supplied;

  /**
   * @param file {@code <data-dir>/master.key}
   * @param supplied the value of {@value #VARIABLE}, or null/blank when unset
   */
  public MasterKeyFile(Path file, String supplied) {
    this.file = file;
    this.supplied = supplied == null || supplied.isBlank() ? null : supplied.strip();
  }

  /** The file under {@code dataDir}, or the variable from the process environment. */
  public static MasterKeyFile in(Path dataDir) {
    return new MasterKeyFile(dataDir.resolve("master.key"), System.getenv(VARIABLE));
  }

  @Override
  public Optional<MasterKey> load() {
    if (supplied != null) {
      try {
        String json =
            supplied.startsWith("{")
                ? supplied
                : new String(Base64.getDecoder().decode(supplied), StandardCharsets.UTF_8);
        return Optional.of(MasterKey.fromJson(json));
      } catch (IllegalArgumentException e) {
        throw unreadable(
            VARIABLE
                + " is set but holds no master key (it must be the content of a master.key file,"
                + " as JSON or base64 of it); fix or unset it");
      }
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw unreadable(file + " is not a regular file; restore the master key file there");
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        throw unreadable(
            "the master key file "
                + file
                + " can be read by other users (mode "
                + PosixFilePermissions.toString(perms)
                + "): run chmod 600 "
                + file
                + " and retry");
      }
      return Optional.of(MasterKey.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      throw unreadable(
          "the master key file "
              + file
              + " is not a master key ("
              + e.getMessage()
              + "); restore it from your backup. Berth does not replace it: the stored secrets"
              + " need it");
    } catch (IOException e) {
      throw unreadable("cannot read the master key file " + file + ": " + e.getMessage());
    }
  }

  @Override
  public void save(MasterKey key) {
    if (supplied != null) {
      throw new AppException(
          AppException.Kind.CONFLICT,
          "master_key_readonly",
          "the master key comes from "
              + VARIABLE
              + ", which Berth cannot change: to rotate it, unset "
              + VARIABLE
              + ", put its value in "
              + file
              + " (mode 0600), restart and rotate again");
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(key.toJson().getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException ignored) {
        // not every file system syncs a directory; the rename itself is atomic
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write the master key file " + file + ": " + e.getMessage() + "; nothing changed",
          e);
    }
  }

  @Override
  public String where() {
    return supplied != null ? VARIABLE : file.toString();
  }

  private static AppException unreadable(String message) {
    return new AppException(AppException.Kind.CONFLICT, "master_key_unreadable", message);
  }
}
