package dev.berth.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two control planes with different data directories never take each other's token away. */
class AdminTokenTest {
  @TempDir Path tmp;
  private final Clock clock = Clock.systemUTC();

  @Test
  void aSecondControlPlaneKeepsTheFirstOnesTokenAndSaysSo() throws Exception {
    Path config = tmp.resolve("config.json");
    InMemoryStore storeA = new InMemoryStore();
    InMemoryStore storeB = new InMemoryStore();

    var a = AdminToken.save(storeA, config, "http://127.0.0.1:7070", tmp.resolve("a"), clock);
    var b = AdminToken.save(storeB, config, "http://127.0.0.1:7071", tmp.resolve("b"), clock);

    assertThat(a.previous()).isEmpty();
    assertThat(b.token()).isNotEqualTo(a.token());
    assertThat(b.previous()).get().extracting(ClientConfig.Target::token).isEqualTo(a.token());
    ClientConfig saved = ClientConfig.read(config).orElseThrow();
    assertThat(saved.token()).isEqualTo(b.token());
    assertThat(saved.at("http://127.0.0.1:7070"))
        .extracting(ClientConfig.Target::token)
        .containsExactly(a.token());
  }

  @Test
  void restartingTheFirstReusesItsSavedTokenAndPointsBackAtIt() throws Exception {
    Path config = tmp.resolve("config.json");
    InMemoryStore storeA = new InMemoryStore();
    InMemoryStore storeB = new InMemoryStore();
    var a = AdminToken.save(storeA, config, "http://127.0.0.1:7070", tmp.resolve("a"), clock);
    var b = AdminToken.save(storeB, config, "http://127.0.0.1:7071", tmp.resolve("b"), clock);

    var again = AdminToken.save(storeA, config, "http://127.0.0.1:7070", tmp.resolve("a"), clock);

    assertThat(again.token()).isEqualTo(a.token());
    assertThat(again.previous()).get().extracting(ClientConfig.Target::token).isEqualTo(b.token());
    ClientConfig saved = ClientConfig.read(config).orElseThrow();
    assertThat(saved.token()).isEqualTo(a.token());
    assertThat(saved.others()).extracting(ClientConfig.Target::token).containsExactly(b.token());
  }

  @Test
  void restartingTheSameControlPlaneReportsNoOther() throws Exception {
    Path config = tmp.resolve("config.json");
    InMemoryStore store = new InMemoryStore();
    var first = AdminToken.save(store, config, "http://127.0.0.1:7070", tmp.resolve("a"), clock);

    var second = AdminToken.save(store, config, "http://127.0.0.1:7070", tmp.resolve("a"), clock);

    assertThat(second.token()).isEqualTo(first.token());
    assertThat(second.previous()).isEmpty();
  }

  @Test
  void aStoreThatForgotItsTokenGetsANewOneInPlaceOfTheOld() throws Exception {
    Path config = tmp.resolve("config.json");
    AdminToken.save(new InMemoryStore(), config, "http://127.0.0.1:7070", tmp.resolve("a"), clock);

    var fresh =
        AdminToken.save(
            new InMemoryStore(), config, "http://127.0.0.1:7070", tmp.resolve("a"), clock);

    assertThat(fresh.previous()).isEmpty();
    assertThat(ClientConfig.read(config).orElseThrow().others()).isEmpty();
  }
}
