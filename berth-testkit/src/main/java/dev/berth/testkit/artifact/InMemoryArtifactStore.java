package dev.berth.testkit.artifact;

import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import dev.berth.engine.artifact.ArtifactStore;
import dev.berth.engine.artifact.internal.TarRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link ArtifactStore} fake: artifacts in memory, the same validation rules ({@link TarRules})
 * and digests as the real store, and {@link #failNextPut} to play a full disk or any other refusal.
 *
 * <p>It reads the ustar and PAX tars {@code SourcePacker} writes (not GNU sparse files or base-256
 * sizes). {@link #unpack} writes real files, into a temp sibling renamed at the end, so code under
 * test can run from them.
 */
public final class InMemoryArtifactStore implements ArtifactStore {
  private final Map<String, byte[]> tars = new TreeMap<>();
  private final Map<String, Artifact> artifacts = new TreeMap<>();
  private final Map<String, Instant> used = new TreeMap<>();
  private final Clock clock;
  private ArtifactException nextPutFailure;
  private int puts;

  public InMemoryArtifactStore() {
    this(Clock.systemUTC());
  }

  /** A store timing each artifact's last use with {@code clock}. */
  public InMemoryArtifactStore(Clock clock) {
    this.clock = clock;
  }

  /** Makes the next {@link #put} read its input, store nothing and throw {@code failure}. */
  public synchronized void failNextPut(ArtifactException failure) {
    nextPutFailure = failure;
  }

  /** Makes the next {@link #put} fail as the real store does when the disk is full. */
  public void failNextPutWithFullDisk() {
    failNextPut(
        new ArtifactException(
            Kind.NO_SPACE, "no space left on the disk holding the artifact store (fake)"));
  }

  /** How many times {@link #put} was called, successful or not. */
  public synchronized int puts() {
    return puts;
  }

  @Override
  public synchronized Artifact put(InputStream tar, long maxBytes) {
    puts++;
    byte[] bytes = readAtMost(tar, maxBytes);
    if (nextPutFailure != null) {
      ArtifactException failure = nextPutFailure;
      nextPutFailure = null;
      throw failure;
    }
    if (bytes.length == 0) {
      throw new ArtifactException(Kind.INVALID, "the upload is empty, not a tar (fake)");
    }
    TarRules rules = new TarRules();
    for (Entry e : entries(bytes)) {
      rules.add(e.name, e.type, e.link);
    }
    Artifact artifact = new Artifact(sha256(bytes), bytes.length, rules.files());
    tars.putIfAbsent(artifact.digest(), bytes);
    artifacts.putIfAbsent(artifact.digest(), artifact);
    used.put(artifact.digest(), clock.instant());
    return artifact;
  }

  @Override
  public synchronized boolean exists(String digest) {
    return Artifact.isDigest(digest) && tars.containsKey(digest);
  }

  @Override
  public synchronized void unpack(String digest, Path target) {
    Artifact.requireDigest(digest);
    byte[] bytes = tars.get(digest);
    if (bytes == null) {
      throw new ArtifactException(Kind.NOT_FOUND, "artifact " + digest + " is not stored (fake)");
    }
    if (Files.exists(target)) {
      throw new IllegalStateException("unpack target exists: " + target);
    }
    try {
      Path temp = Files.createTempDirectory(target.getParent(), ".unpack-");
      List<Entry> links = new ArrayList<>();
      for (Entry e : entries(bytes)) {
        String name = TarRules.normalize(e.name);
        Path p = temp.resolve(name);
        switch (e.type) {
          case DIRECTORY -> Files.createDirectories(p);
          case SYMLINK -> links.add(e);
          case FILE -> {
            Files.createDirectories(p.getParent());
            Files.write(p, e.content);
            p.toFile().setExecutable((e.mode & 0100) != 0, true);
          }
        }
      }
      for (Entry e : links) {
        Path p = temp.resolve(TarRules.normalize(e.name));
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(e.link));
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized boolean delete(String digest) {
    artifacts.remove(digest);
    used.remove(digest);
    return tars.remove(digest) != null;
  }

  @Override
  public synchronized List<Artifact> list() {
    return List.copyOf(artifacts.values());
  }

  @Override
  public synchronized Optional<Instant> lastUsed(String digest) {
    return Optional.ofNullable(used.get(digest));
  }

  @Override
  public synchronized boolean claim(String digest) {
    if (!exists(digest)) {
      return false;
    }
    used.put(digest, clock.instant());
    return true;
  }

  private static byte[] readAtMost(InputStream in, long maxBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        if (out.size() > maxBytes) {
          throw new ArtifactException(
              Kind.TOO_LARGE,
              "the artifact is larger than the limit of "
                  + maxBytes
                  + " bytes: list what the app does not need in .berthignore (fake)");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Entry(String name, TarRules.Type type, String link, int mode, byte[] content) {}

  /** A minimal ustar/PAX reader: enough for the tars Berth writes and the refusals tests need. */
  private static List<Entry> entries(byte[] tar) {
    List<Entry> out = new ArrayList<>();
    String paxPath = null;
    String paxLink = null;
    int pos = 0;
    while (pos + 512 <= tar.length && !zeroBlock(tar, pos)) {
      if (!checksumOk(tar, pos)) {
        throw new ArtifactException(
            Kind.INVALID, "the upload is not a valid tar: bad header checksum (fake)");
      }
      String name = text(tar, pos, 100);
      int mode = (int) octal(tar, pos + 100, 8);
      long size = octal(tar, pos + 124, 12);
      char flag = (char) tar[pos + 156];
      String link = text(tar, pos + 157, 100);
      String prefix = "ustar".equals(text(tar, pos + 257, 5)) ? text(tar, pos + 345, 155) : "";
      int data = pos + 512;
      if (data + size > tar.length) {
        throw new ArtifactException(Kind.INVALID, "artifact is not a tar: it ends inside an entry");
      }
      pos = data + (int) ((size + 511) / 512 * 512);
      if (flag == 'x') {
        for (String rec : new String(tar, data, (int) size, StandardCharsets.UTF_8).split("\n")) {
          String kv = rec.substring(rec.indexOf(' ') + 1);
          if (kv.startsWith("path=")) {
            paxPath = kv.substring(5);
          } else if (kv.startsWith("linkpath=")) {
            paxLink = kv.substring(9);
          }
        }
        continue;
      }
      String fullName = paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name;
      String fullLink = paxLink != null ? paxLink : link;
      paxPath = null;
      paxLink = null;
      TarRules.Type type =
          switch (flag) {
            case '0', '\0', '7' -> TarRules.Type.FILE;
            case '5' -> TarRules.Type.DIRECTORY;
            case '2' -> TarRules.Type.SYMLINK;
            case '1' -> throw TarRules.unsupported(fullName, "hard link");
            case '3', '4' -> throw TarRules.unsupported(fullName, "device");
            case '6' -> throw TarRules.unsupported(fullName, "FIFO");
            default -> throw TarRules.unsupported(fullName, "tar entry of type '" + flag + "'");
          };
      byte[] content = new byte[(int) size];
      System.arraycopy(tar, data, content, 0, (int) size);
      out.add(new Entry(fullName, type, fullLink, mode, content));
    }
    return out;
  }

  private static boolean checksumOk(byte[] tar, int pos) {
    long sum = 0;
    for (int i = pos; i < pos + 512; i++) {
      sum += (i >= pos + 148 && i < pos + 156) ? ' ' : (tar[i] & 0xff);
    }
    try {
      return sum == octal(tar, pos + 148, 8);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean zeroBlock(byte[] tar, int pos) {
    for (int i = pos; i < pos + 512; i++) {
      if (tar[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    String s = text(b, off, len).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }
}
