package dev.berth.engine.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.decide.Admission;
import dev.berth.engine.runtime.ReplicaState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceStateTest {
  /**
   * Replicas as compact strings: {@code state[:ready][:old][:waiting]}, e.g. {@code running:ready},
   * {@code running:ready:old}, {@code backoff}, {@code pending}, {@code pending:waiting} (waits for
   * replicas being stopped).
   */
  static List<ReplicaView> replicas(String spec) {
    List<ReplicaView> out = new ArrayList<>();
    if (spec.isBlank()) {
      return out;
    }
    int n = 0;
    for (String r : spec.split(" ")) {
      String[] p = r.split(":");
      boolean ready = List.of(p).contains("ready");
      boolean old = List.of(p).contains("old");
      String reason = List.of(p).contains("waiting") ? Admission.WAITING_FOR_STOPS : "";
      out.add(
          new ReplicaView(
              "r" + n++,
              ReplicaState.valueOf(p[0].toUpperCase(Locale.ROOT)),
              ready,
              0,
              1,
              1,
              "local",
              Instant.EPOCH,
              reason,
              "",
              old,
              -1,
              -1,
              "v1"));
    }
    return out;
  }

  @ParameterizedTest(name = "{0} stopped={1} desired={2} [{3}] -> {4}")
  @CsvSource(
      delimiter = ';',
      value = {
        "false; false; 2; running:ready running:ready; running",
        "false; false; 2; running:ready starting; starting",
        "false; false; 2; running:ready; starting",
        "false; false; 2; running:ready running; degraded",
        "false; false; 2; running:ready backoff; crashing",
        "false; false; 2; running:ready pending; pending",
        "false; false; 2; running:ready:old running:ready:old pending:waiting; deploying",
        "false; false; 2; running:ready pending:waiting; starting",
        "false; false; 2; pending:waiting pending; pending",
        "false; false; 2; running:ready:old running:ready:old starting; deploying",
        "false; false; 1; running:ready running:ready; stopping",
        "false; false; 0; ; scaled-to-zero",
        "false; false; 0; running:ready; stopping",
        "false; true; 2; running; stopping",
        "false; true; 2; ; stopped",
        "true; false; 0; ; scheduled",
        "true; true; 0; ; stopped",
      })
  void summarizes(boolean cron, boolean stopped, int desired, String rs, String expected) {
    assertThat(
            ServiceState.summarize(cron, stopped, desired, replicas(rs == null ? "" : rs))
                .wireName())
        .isEqualTo(expected);
  }

  @Test
  void wireNamesAreTheLowerCaseWordsOfTheJsonContract() {
    assertThat(ServiceState.values())
        .extracting(ServiceState::wireName)
        .containsExactly(
            "running",
            "starting",
            "deploying",
            "degraded",
            "crashing",
            "pending",
            "stopped",
            "stopping",
            "scaled-to-zero",
            "scheduled");
    for (ServiceState s : ServiceState.values()) {
      assertThat(ServiceState.fromWire(s.wireName())).contains(s);
    }
    assertThat(ServiceState.fromWire("Running")).isEmpty();
    assertThat(ServiceState.fromWire("rebooting")).isEmpty();
  }

  @Test
  void settledAreTheStatesADeployWaitsFor() {
    assertThat(ServiceState.values())
        .filteredOn(ServiceState::settled)
        .containsExactlyInAnyOrder(
            ServiceState.RUNNING,
            ServiceState.SCHEDULED,
            ServiceState.STOPPED,
            ServiceState.SCALED_TO_ZERO);
  }
}
