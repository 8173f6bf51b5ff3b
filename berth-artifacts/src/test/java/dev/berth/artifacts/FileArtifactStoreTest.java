package dev.berth.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import dev.berth.engine.artifact.ArtifactStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileArtifactStoreTest extends ArtifactStoreContract {
  private Path root;
  private FileArtifactStore store;
  private final AtomicBoolean diskFull = new AtomicBoolean();

  @BeforeEach
  void open() {
    root = tmp.resolve("data/artifacts");
    store = new FileArtifactStore(root, this::open);
  }

  /** The seam: writes go to the real file until the "disk" fills up after 100 bytes. */
  private OutputStream open(Path file) throws IOException {
    OutputStream real = Files.newOutputStream(file);
    return new FilterOutputStream(real) {
      long written;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (diskFull.get() && written > 100) {
          throw new IOException("No space left on device");
        }
        out.write(b, off, len);
      }
    };
  }

  @Override
  ArtifactStore store() {
    return store;
  }

  @Test
  void keepsTheStorePrivate() throws Exception {
    Artifact a = store.put(in(Tars.tar().file("a", "1").bytes()), LIMIT);
    Path file = root.resolve("sha256/" + a.hex() + ".tar");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    for (Path dir : new Path[] {root, root.resolve("sha256"), root.resolve("tmp")}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
    }
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void aFullDiskStoresNothingAndLeavesNothingBehind() {
    diskFull.set(true);
    byte[] tar = Tars.tar().file("a", "x".repeat(5000)).bytes();
    assertThatThrownBy(() -> store.put(in(tar), LIMIT))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SPACE))
        .hasMessageContaining("full")
        .hasMessageContaining("free some space");
    assertThat(tempFiles()).isEmpty();
    assertThat(store.list()).isEmpty();

    diskFull.set(false);
    assertThat(store.put(in(tar), LIMIT).files()).isEqualTo(1);
  }

  @Test
  void aFullDiskWhileUnpackingLeavesNoHalfTree() throws Exception {
    Artifact a =
        store.put(in(Tars.tar().file("a", "1").file("b", "x".repeat(5000)).bytes()), LIMIT);
    diskFull.set(true);
    Path target = tmp.resolve("releases/v1");
    Files.createDirectories(target.getParent());
    assertThatThrownBy(() -> store.unpack(a.digest(), target))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SPACE));
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void tooLargeLeavesNothingBehind() {
    byte[] tar = Tars.tar().file("a", "x".repeat(50_000)).bytes();
    assertThatThrownBy(() -> store.put(in(tar), 20_000))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
        .hasMessageContaining("19.5 KiB");
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void invalidTarLeavesNothingBehind() {
    assertThatThrownBy(() -> store.put(in(Tars.tar().file("../x", "1").bytes()), LIMIT))
        .isInstanceOf(ArtifactException.class);
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void reopeningFindsArtifactsAndRemovesInterruptedUploads() throws Exception {
    Artifact a = store.put(in(Tars.tar().file("a", "1").file("b", "2").bytes()), LIMIT);
    Files.writeString(root.resolve("tmp/upload-123.tar"), "half an upload");

    FileArtifactStore reopened = new FileArtifactStore(root);

    assertThat(reopened.list()).containsExactly(a);
    assertThat(tempFiles()).isEmpty();
  }

  private java.util.List<Path> tempFiles() {
    try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
      return s.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
