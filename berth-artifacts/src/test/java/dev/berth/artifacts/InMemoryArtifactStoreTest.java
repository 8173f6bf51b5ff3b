package dev.berth.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import dev.berth.engine.artifact.ArtifactStore;
import dev.berth.testkit.artifact.InMemoryArtifactStore;
import org.junit.jupiter.api.Test;

class InMemoryArtifactStoreTest extends ArtifactStoreContract {
  private final InMemoryArtifactStore store = new InMemoryArtifactStore();

  @Override
  ArtifactStore store() {
    return store;
  }

  @Test
  void playsAFullDiskOnce() {
    store.failNextPutWithFullDisk();
    byte[] tar = Tars.tar().file("a", "1").bytes();
    assertThatThrownBy(() -> store.put(in(tar), LIMIT))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SPACE));
    assertThat(store.list()).isEmpty();
    assertThat(store.put(in(tar), LIMIT).files()).isEqualTo(1);
    assertThat(store.puts()).isEqualTo(2);
  }
}
