package dev.berth.artifacts;

import dev.berth.artifacts.internal.IgnoreRules;
import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import dev.berth.engine.artifact.ArtifactStore;
import dev.berth.engine.artifact.internal.TarRules;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Packs a directory into a deterministic tar: the same content gives the same bytes, hence the same
 * digest, whoever packs it, whenever, in whatever order the files were made.
 *
 * <p>What makes it deterministic: entries in depth-first order with each directory's children
 * sorted by name; every entry's time is {@link #MTIME}; modes are 0755 for directories and files
 * their owner may execute, 0644 for other files, 0777 for links; no uid, gid, user or group names;
 * names in UTF-8 (POSIX/PAX headers for long names, carrying nothing else).
 *
 * <p>What goes in: regular files, directories (empty ones too) and symbolic links that are relative
 * and stay inside the tree (kept as links, never followed). Never {@code .git} (a directory or a
 * submodule's file, at any level). {@link #withIgnoreRules()} also leaves out what {@code
 * .gitignore} files, {@code .git/info/exclude} and a root {@code .berthignore} exclude (see {@link
 * IgnoreRules}); {@link #everything()} (for build outputs) keeps the rest. Anything else (a link
 * leaving the tree, a FIFO, a socket, a device) is refused with a message saying to ignore it.
 */
public final class SourcePacker {
  /** The time written for every entry: 1980-01-01T00:00:00Z, as reproducible builds do. */
  public static final Instant MTIME = Instant.parse("1980-01-01T00:00:00Z");

  /** Receives progress after each file: tar bytes written so far and files packed so far. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (bytes, files) -> {};

    void update(long bytes, long files);
  }

  private final boolean ignoreRules;
  private final java.util.Set<String> excluded;

  private SourcePacker(boolean ignoreRules, java.util.Set<String> excluded) {
    this.ignoreRules = ignoreRules;
    this.excluded = java.util.Set.copyOf(excluded);
  }

  /** For an app's source directory: honours .gitignore, .git/info/exclude and .berthignore. */
  public static SourcePacker withIgnoreRules() {
    return new SourcePacker(true, java.util.Set.of());
  }

  /** For a build's output: everything but {@code .git}. */
  public static SourcePacker everything() {
    return new SourcePacker(false, java.util.Set.of());
  }

  /**
   * The same packer leaving out these paths (relative to the packed directory, {@code /}
   * separated): the spec being applied, which the release stores on its own, so that a change of
   * configuration alone (an environment variable, a replica count) is not new code and replaces
   * only the services whose settings changed.
   */
  public SourcePacker excluding(java.util.Collection<String> relativePaths) {
    java.util.Set<String> all = new java.util.HashSet<>(excluded);
    relativePaths.forEach(p -> all.add(p.replace('\\', '/')));
    return new SourcePacker(ignoreRules, all);
  }

  /**
   * Writes the tar of {@code dir} to {@code out} (flushed, not closed) and returns what it wrote:
   * its digest, size and file count, so a client knows the digest the store will report.
   *
   * @throws ArtifactException {@code INVALID} for a link leaving the tree or a special file
   * @throws UncheckedIOException if a file cannot be read or changes while it is packed
   */
  public Artifact pack(Path dir, OutputStream out, Progress progress) {
    Objects.requireNonNull(progress, "progress");
    if (!Files.isDirectory(dir)) {
      throw new ArtifactException(Kind.NOT_FOUND, "source directory " + dir + " does not exist");
    }
    Counting counting = new Counting(out);
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(counting, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      Walk walk = new Walk(dir, tar, counting, progress, excluded);
      walk.directory(dir, "", ignoreRules ? IgnoreRules.forRoot(dir) : IgnoreRules.NONE);
      tar.finish();
      tar.flush();
      progress.update(counting.count, walk.files);
      return new Artifact(counting.digest(), counting.count, walk.files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The artifact {@link #pack} would produce, without keeping the tar ("already uploaded?"). */
  public Artifact digest(Path dir) {
    return pack(dir, OutputStream.nullOutputStream(), Progress.NONE);
  }

  /**
   * Packs {@code dir} straight into {@code store} (through a pipe, on a second thread), never
   * holding the tar in memory or on disk twice. If packing fails part way, the store sees a broken
   * upload and keeps nothing, and the packing failure is what this throws.
   *
   * @throws ArtifactException from packing ({@code INVALID}) or from the store ({@code TOO_LARGE},
   *     {@code NO_SPACE})
   */
  public Artifact packInto(ArtifactStore store, Path dir, long maxBytes, Progress progress) {
    PipedInputStream pipeIn = new PipedInputStream(1 << 16);
    AtomicReference<RuntimeException> packFailure = new AtomicReference<>();
    AtomicBoolean reportedToStore = new AtomicBoolean();
    Thread packer;
    try {
      PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
      packer =
          new Thread(
              () -> {
                try {
                  pack(dir, pipeOut, progress);
                } catch (RuntimeException e) {
                  packFailure.set(e); // before the close below, so the reader sees it at EOF
                } finally {
                  closeQuietly(pipeOut);
                }
              },
              "berth-pack");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    packer.setDaemon(true);
    packer.start();
    InputStream checked =
        new FilterInputStream(pipeIn) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0 && packFailure.get() != null) {
              reportedToStore.set(true);
              throw new IOException("packing " + dir + " failed", packFailure.get());
            }
            return n;
          }
        };
    try {
      return store.put(checked, maxBytes);
    } catch (RuntimeException e) {
      throw reportedToStore.get() ? packFailure.get() : e;
    } finally {
      closeQuietly(pipeIn); // unblocks the packer if the store stopped reading early
      try {
        packer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing to add: the other side reports its own failure
    }
  }

  private static final class Walk {
    private final Path root;
    private final TarArchiveOutputStream tar;
    private final Counting counting;
    private final Progress progress;
    private final java.util.Set<String> excluded;
    private long files;

    Walk(
        Path root,
        TarArchiveOutputStream tar,
        Counting counting,
        Progress progress,
        java.util.Set<String> excluded) {
      this.excluded = excluded;
      this.root = root;
      this.tar = tar;
      this.counting = counting;
      this.progress = progress;
    }

    void directory(Path dir, String rel, IgnoreRules rules) throws IOException {
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        stream.forEach(children::add);
      }
      children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (name.equals(".git")) {
          continue;
        }
        String childRel = rel.isEmpty() ? name : rel + "/" + name;
        if (excluded.contains(childRel)) {
          continue;
        }
        PosixFileAttributes attrs =
            Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (rules.ignored(childRel, attrs.isDirectory())) {
          continue;
        }
        if (attrs.isSymbolicLink()) {
          link(child, childRel);
        } else if (attrs.isDirectory()) {
          tar.putArchiveEntry(entry(childRel + "/", TarConstants.LF_DIR, 040755));
          tar.closeArchiveEntry();
          directory(child, childRel, rules.enter(child, childRel));
        } else if (attrs.isRegularFile()) {
          file(child, childRel, attrs);
        } else {
          throw new ArtifactException(
              Kind.INVALID,
              "'"
                  + childRel
                  + "' in "
                  + root
                  + " is a FIFO, socket or device, which an artifact cannot hold: list it in"
                  + " .berthignore");
        }
      }
    }

    private void file(Path path, String rel, PosixFileAttributes attrs) throws IOException {
      boolean executable = attrs.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
      TarArchiveEntry e = entry(rel, TarConstants.LF_NORMAL, executable ? 0100755 : 0100644);
      e.setSize(attrs.size());
      tar.putArchiveEntry(e);
      long copied = Files.copy(path, tar);
      if (copied != attrs.size()) {
        throw new IOException("'" + rel + "' changed while it was packed; apply again");
      }
      tar.closeArchiveEntry();
      files++;
      progress.update(counting.count, files);
    }

    private void link(Path path, String rel) throws IOException {
      String target = Files.readSymbolicLink(path).toString();
      try {
        TarRules.checkLink(rel, target);
      } catch (ArtifactException e) {
        throw new ArtifactException(
            Kind.INVALID,
            "symbolic link '"
                + rel
                + "' in "
                + root
                + " points to '"
                + target
                + "', outside the directory: replace it with a copy of what it points to, make it"
                + " relative, or list it in .berthignore");
      }
      TarArchiveEntry e = entry(rel, TarConstants.LF_SYMLINK, 0120777);
      e.setLinkName(target);
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
      files++;
      progress.update(counting.count, files);
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
      TarArchiveEntry e = new TarArchiveEntry(name, type);
      e.setMode(mode);
      e.setModTime(FileTime.from(MTIME));
      e.setIds(0, 0);
      e.setUserName("");
      e.setGroupName("");
      return e;
    }
  }

  /** Counts and hashes what passes; flushes but never closes the caller's stream. */
  private static final class Counting extends FilterOutputStream {
    private final MessageDigest sha256;
    long count;

    Counting(OutputStream out) {
      super(out);
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      sha256.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      sha256.update(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }

    String digest() {
      return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }
  }
}
