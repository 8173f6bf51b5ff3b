package dev.berth.artifacts;

import static dev.berth.artifacts.internal.TarEntries.isNoSpace;

import dev.berth.artifacts.internal.TarEntries;
import dev.berth.artifacts.internal.UploadTee;
import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import dev.berth.engine.artifact.ArtifactStore;
import dev.berth.engine.artifact.internal.TarRules;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The {@link ArtifactStore} on the local disk, under a root directory ({@code
 * <data-dir>/artifacts}):
 *
 * <pre>
 *   root/            0700
 *     sha256/        0700   sealed artifacts, sha256/&lt;hex&gt;.tar (0600), never rewritten
 *     tmp/           0700   uploads in flight; emptied when the store opens
 * </pre>
 *
 * <p>An upload is read once: copied to a temp file, hashed, counted and parsed entry by entry as it
 * arrives (see {@link UploadTee}). Only a complete, valid upload within the limit is fsynced and
 * renamed to its digest's name; every other outcome deletes the temp file before it throws. The
 * rename is atomic, so a reader sees a whole artifact or none, and a crash leaves at most a temp
 * file, removed at the next start.
 *
 * <p>Thread-safe: concurrent identical uploads both succeed and leave one file (a rename replaces
 * identical bytes with identical bytes). Open one instance per root: opening removes the temp files
 * of uploads in flight.
 */
public final class FileArtifactStore implements ArtifactStore {

  /**
   * Opens the files the store writes (uploads and unpacked files). The seam tests use to play a
   * full disk: the real one is {@link Files#newOutputStream}.
   */
  @FunctionalInterface
  interface FileSink {
    OutputStream open(Path file) throws IOException;
  }

  private final Path root;
  private final Path sealed;
  private final Path tmp;
  private final FileSink sink;
  private final Clock clock;
  private final Map<String, Artifact> known = new ConcurrentHashMap<>();

  /** Opens (creating if needed) the store under {@code root} and removes leftover uploads. */
  public FileArtifactStore(Path root) {
    this(root, Clock.systemUTC());
  }

  /** As {@link #FileArtifactStore(Path)}, with the clock that times an artifact's last use. */
  public FileArtifactStore(Path root, Clock clock) {
    this(root, file -> Files.newOutputStream(file, StandardOpenOption.WRITE), clock);
  }

  FileArtifactStore(Path root, FileSink sink) {
    this(root, sink, Clock.systemUTC());
  }

  FileArtifactStore(Path root, FileSink sink, Clock clock) {
    this.clock = clock;
    this.root = TarEntries.privateDir(root.toAbsolutePath().normalize());
    this.sealed = TarEntries.privateDir(this.root.resolve("sha256"));
    this.tmp = TarEntries.privateDir(this.root.resolve("tmp"));
    this.sink = sink;
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
      for (Path p : leftovers) {
        TarEntries.deleteTree(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + tmp, e);
    }
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  @Override
  public Artifact put(InputStream tar, long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    Path temp = null;
    UploadTee tee = null;
    boolean parsing = false;
    try {
      temp =
          Files.createTempFile(
              tmp,
              "upload-",
              ".tar",
              PosixFilePermissions.asFileAttribute(TarEntries.PRIVATE_FILE));
      long files;
      try (OutputStream out = sink.open(temp)) {
        tee = new UploadTee(tar, out, maxBytes);
        parsing = true;
        files = validate(tee);
        tee.drain();
        parsing = false;
      }
      if (tee.count() == 0) {
        throw new ArtifactException(
            Kind.INVALID, "the upload is empty, not a tar: pack the directory with `berth apply`");
      }
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Artifact artifact = new Artifact(tee.digest(), tee.count(), files);
      Path target = file(artifact.digest());
      if (Files.exists(target)) {
        Files.delete(temp); // identical bytes are already stored: keep the existing file
        touch(target);
      } else {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
      temp = null;
      known.put(artifact.digest(), artifact);
      return artifact;
    } catch (ArtifactException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw classify(e, tee, parsing, maxBytes);
    } finally {
      if (temp != null) {
        TarEntries.deleteTree(temp);
      }
    }
  }

  private static long validate(InputStream in) throws IOException {
    TarRules rules = new TarRules();
    TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
    for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
      rules.add(e.getName(), TarEntries.typeOf(e), e.getLinkName());
    }
    return rules.files();
  }

  private ArtifactException classify(Exception e, UploadTee tee, boolean parsing, long maxBytes) {
    if (tee != null && tee.tooLarge()) {
      return new ArtifactException(
          Kind.TOO_LARGE,
          "the artifact is larger than the limit of "
              + TarEntries.human(maxBytes)
              + ": list what the app does not need at run time (build outputs, data, caches) in"
              + " .berthignore, or raise the server's artifact size limit",
          e);
    }
    IOException sinkFailure = tee == null ? null : tee.sinkFailure();
    if (isNoSpace(e) || isNoSpace(sinkFailure)) {
      return noSpace(e);
    }
    if (sinkFailure != null) {
      throw new UncheckedIOException("cannot write to the artifact store " + root, sinkFailure);
    }
    if (tee != null && tee.sourceFailure() != null) {
      throw new UncheckedIOException("the upload broke off", tee.sourceFailure());
    }
    if (parsing) { // anything else while parsing is the tar's fault
      return new ArtifactException(
          Kind.INVALID,
          "the upload is not a valid tar ("
              + e.getMessage()
              + "): pack the directory with `berth apply`, which writes a plain tar",
          e);
    }
    throw e instanceof IOException io
        ? new UncheckedIOException("artifact store " + root + " failed", io)
        : (RuntimeException) e;
  }

  private ArtifactException noSpace(Exception cause) {
    return new ArtifactException(
        Kind.NO_SPACE,
        "the disk holding the artifact store ("
            + root
            + ") is full; nothing was stored: free some space on it (older artifacts are removed"
            + " by retention) and try again",
        cause);
  }

  @Override
  public boolean exists(String digest) {
    return Artifact.isDigest(digest) && Files.isRegularFile(file(digest));
  }

  @Override
  public void unpack(String digest, Path target) {
    Path tarFile = file(Artifact.requireDigest(digest));
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException("unpack target already exists: " + target);
    }
    Path temp = null;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tarFile))) {
      Path parent = target.toAbsolutePath().getParent();
      temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".unpack-");
      Files.setPosixFilePermissions(temp, TarEntries.DIR);
      Unpacker.extract(in, temp, sink);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (java.nio.file.NoSuchFileException e) {
      if (!Files.exists(tarFile)) {
        throw notFound(digest);
      }
      throw new UncheckedIOException(e);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("unpack target already exists: " + target, e);
    } catch (IOException e) {
      if (isNoSpace(e)) {
        throw new ArtifactException(
            Kind.NO_SPACE,
            "the disk is full while unpacking "
                + digest
                + " into "
                + target
                + "; nothing was left behind: free some space and try again",
            e);
      }
      throw new UncheckedIOException("cannot unpack " + digest + " into " + target, e);
    } finally {
      if (temp != null) {
        TarEntries.deleteTree(temp);
      }
    }
  }

  private static ArtifactException notFound(String digest) {
    return new ArtifactException(
        Kind.NOT_FOUND,
        "artifact "
            + digest
            + " is not in the store (never uploaded, or removed by retention): apply the source"
            + " again to upload it");
  }

  @Override
  public boolean delete(String digest) {
    if (!Artifact.isDigest(digest)) {
      return false;
    }
    known.remove(digest);
    try {
      return Files.deleteIfExists(file(digest));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete artifact " + digest, e);
    }
  }

  @Override
  public List<Artifact> list() {
    List<Artifact> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(sealed, "*.tar")) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        String digest = "sha256:" + name.substring(0, name.length() - ".tar".length());
        if (Artifact.isDigest(digest)) {
          Artifact a = known.computeIfAbsent(digest, d -> describe(d, p));
          if (a != null) {
            out.add(a);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + sealed, e);
    }
    out.sort((a, b) -> a.digest().compareTo(b.digest()));
    return out;
  }

  @Override
  public Optional<Instant> lastUsed(String digest) {
    if (!Artifact.isDigest(digest)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.getLastModifiedTime(file(digest)).toInstant());
    } catch (java.nio.file.NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the time of " + digest, e);
    }
  }

  @Override
  public boolean claim(String digest) {
    if (!Artifact.isDigest(digest)) {
      return false;
    }
    Path f = file(digest);
    try {
      touch(f);
      return true;
    } catch (java.nio.file.NoSuchFileException gone) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark " + digest + " used", e);
    }
  }

  /**
   * Marks a stored tar used now: its modification time is its last use (the bytes never change).
   */
  private void touch(Path f) throws IOException {
    Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(clock.instant()));
  }

  /** Reads a stored artifact's size and file count (once per process; then it is cached). */
  private static Artifact describe(String digest, Path p) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(p))) {
      long size = Files.size(p);
      return new Artifact(digest, size, validate(in));
    } catch (java.nio.file.NoSuchFileException gone) {
      return null; // deleted while listing
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + p, e);
    }
  }

  private Path file(String digest) {
    return sealed.resolve(digest.substring("sha256:".length()) + ".tar");
  }
}
