package dev.berth.engine.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplicaTransitionsTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final ServiceKey KEY = new ServiceKey("shop", "production", "web");

  static ReplicaStatus status(boolean ready, int port) {
    return new ReplicaStatus(
        "r-1",
        ReplicaState.RUNNING,
        ready,
        0,
        new Incarnation(42, 7, port),
        "local",
        NOW,
        "",
        "",
        null,
        null,
        -1,
        -1);
  }

  /** The record of a replica whose process 42 runs, ready or not. */
  static ReplicaRecord recorded(boolean ready, int port) {
    return new ReplicaRecord(
        "r-1",
        KEY,
        "hash",
        100,
        1 << 20,
        ReplicaState.RUNNING,
        ready,
        0,
        new Incarnation(42, 7, port),
        "local",
        NOW,
        "",
        "",
        false,
        NOW,
        NOW,
        ready ? NOW : null);
  }

  static Event only(ReplicaRecord r, ReplicaStatus s, String type) {
    return ReplicaTransitions.apply(r, s, NOW).events().stream()
        .filter(e -> e.type().equals(type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aWebReplicaThatBecomesReadyReceivesTraffic() {
    assertThat(only(recorded(false, 20001), status(true, 20001), "ReplicaReady").message())
        .isEqualTo("receiving traffic on port 20001");
    assertThat(only(recorded(true, 20001), status(false, 20001), "ReplicaNotReady").message())
        .isEqualTo("taken out of traffic");
  }

  @Test
  void aWorkerThatBecomesReadyIsNotSaidToReceiveTraffic() {
    assertThat(only(recorded(false, 0), status(true, 0), "ReplicaReady").message())
        .isEqualTo("ready (a worker receives no traffic)");
    assertThat(only(recorded(true, 0), status(false, 0), "ReplicaNotReady").message())
        .isEqualTo("no longer ready");
  }
}
