package dev.berth.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import dev.berth.engine.artifact.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link ArtifactStore} does, run against the real store and the fake, so that tests
 * written against the fake hold for the real one.
 */
abstract class ArtifactStoreContract {
  static final long LIMIT = 1 << 20;

  @TempDir Path tmp;

  abstract ArtifactStore store();

  static InputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void storesUnderTheSha256OfTheBytesAndUnpacksTheTree() throws Exception {
    byte[] tar =
        Tars.tar()
            .dir("app")
            .file("app/run.sh", "echo hi\n", 0755)
            .file("app/data/x.txt", "x")
            .symlink("app/current", "data/x.txt")
            .bytes();

    Artifact a = store().put(in(tar), LIMIT);

    assertThat(a.digest()).isEqualTo(sha256(tar));
    assertThat(a.size()).isEqualTo(tar.length);
    assertThat(a.files()).isEqualTo(3);
    assertThat(store().exists(a.digest())).isTrue();
    assertThat(store().list()).containsExactly(a);

    Path target = tmp.resolve("release");
    store().unpack(a.digest(), target);
    assertThat(target.resolve("app/run.sh")).hasContent("echo hi");
    assertThat(Files.isExecutable(target.resolve("app/run.sh"))).isTrue();
    assertThat(Files.isExecutable(target.resolve("app/data/x.txt"))).isFalse();
    assertThat(Files.readSymbolicLink(target.resolve("app/current")))
        .isEqualTo(Path.of("data/x.txt"));
    assertThat(target.resolve("app/current")).hasContent("x");
  }

  @Test
  void identicalUploadsAreStoredOnce() {
    byte[] tar = Tars.tar().file("a", "1").bytes();
    Artifact first = store().put(in(tar), LIMIT);
    Artifact second = store().put(in(tar), LIMIT);
    assertThat(second).isEqualTo(first);
    assertThat(store().list()).hasSize(1);
  }

  @Test
  void refusesAnUploadOverTheLimitWithoutReadingItAll() {
    InputStream endless =
        new InputStream() {
          long read;

          @Override
          public int read() {
            read++;
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            read += len;
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            return len;
          }
        };
    assertThatThrownBy(() -> store().put(endless, 10_000))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
        .hasMessageContaining(".berthignore");
    assertThat(store().list()).isEmpty();
  }

  @Test
  void acceptsAnUploadOfExactlyTheLimitAndRefusesOneByteMore() {
    byte[] tar = Tars.tar().file("a", "1").bytes();
    assertThatThrownBy(() -> store().put(in(tar), tar.length - 1))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE));
    assertThat(store().put(in(tar), tar.length).size()).isEqualTo(tar.length);
    assertThat(store().put(in(tar), Long.MAX_VALUE).size()).isEqualTo(tar.length);
  }

  static Object[][] badTars() {
    return new Object[][] {
      {"absolute path", Tars.tar().file("/etc/cron.d/x", "boom").bytes(), "absolute"},
      {"dot dot", Tars.tar().file("app/../../x", "boom").bytes(), "'..'"},
      {"absolute link", Tars.tar().symlink("passwd", "/etc/passwd").bytes(), "outside the tree"},
      {"escaping link", Tars.tar().symlink("a/up", "../../x").bytes(), "outside the tree"},
      {"fifo", Tars.tar().special("pipe", TarConstants.LF_FIFO).bytes(), "FIFO"},
      {"char device", Tars.tar().special("null", TarConstants.LF_CHR).bytes(), "device"},
      {"block device", Tars.tar().special("sda", TarConstants.LF_BLK).bytes(), "device"},
      {
        "write through a link",
        Tars.tar().symlink("l", ".").file("l/x", "boom").bytes(),
        "not a directory"
      },
      {
        "link over a directory",
        Tars.tar().file("d/x", "1").symlink("d", ".").bytes(),
        "earlier entries lie below"
      },
      {"duplicate", Tars.tar().file("a", "1").file("a", "2").bytes(), "twice"},
      {"not a tar", "hello, this is not a tar archive at all".repeat(20).getBytes(), "tar"},
      {"empty", new byte[0], "empty"},
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTars")
  void refusesBadTarsAndKeepsNothing(String what, byte[] tar, String message) {
    assertThatThrownBy(() -> store().put(in(tar), LIMIT))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
        .hasMessageContaining(message);
    assertThat(store().list()).isEmpty();
  }

  @Test
  void unpackOfAMissingArtifactSaysSo() {
    String digest = "sha256:" + "0".repeat(64);
    assertThatThrownBy(() -> store().unpack(digest, tmp.resolve("r")))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessageContaining(digest);
    assertThat(tmp.resolve("r")).doesNotExist();
  }

  @Test
  void aDigestIsNeverAPath() {
    assertThat(store().exists("sha256:../../etc/passwd")).isFalse();
    assertThat(store().delete("../x")).isFalse();
    assertThatThrownBy(() -> store().unpack("sha256:../../x", tmp.resolve("r")))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
  }

  @Test
  void unpackRefusesAnExistingTarget() throws Exception {
    Artifact a = store().put(in(Tars.tar().file("a", "1").bytes()), LIMIT);
    Files.createDirectory(tmp.resolve("r"));
    assertThatThrownBy(() -> store().unpack(a.digest(), tmp.resolve("r")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void deleteRemovesOnlyThatArtifact() {
    Artifact a = store().put(in(Tars.tar().file("a", "1").bytes()), LIMIT);
    Artifact b = store().put(in(Tars.tar().file("b", "2").bytes()), LIMIT);
    assertThat(store().delete(a.digest())).isTrue();
    assertThat(store().delete(a.digest())).isFalse();
    assertThat(store().exists(a.digest())).isFalse();
    assertThat(store().list()).containsExactly(b);
  }

  @Test
  void anArtifactIsUsedWhenStoredAgainOrClaimedAndOnlyIfStored() {
    byte[] tar = Tars.tar().file("a", "1").bytes();
    assertThat(store().claim(sha256Unchecked(tar))).isFalse();
    assertThat(store().lastUsed(sha256Unchecked(tar))).isEmpty();
    assertThat(store().claim("../etc/passwd")).isFalse();

    Artifact a = store().put(in(tar), LIMIT);
    java.time.Instant stored = store().lastUsed(a.digest()).orElseThrow();
    assertThat(store().claim(a.digest())).isTrue();
    assertThat(store().lastUsed(a.digest()))
        .hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(stored));

    store().delete(a.digest());
    assertThat(store().lastUsed(a.digest())).isEmpty();
    assertThat(store().claim(a.digest())).isFalse();
  }

  static String sha256Unchecked(byte[] bytes) {
    try {
      return sha256(bytes);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
