package dev.berth.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.app.status.EnvironmentView;
import dev.berth.engine.app.status.ReplicaView;
import dev.berth.engine.app.status.ServiceState;
import dev.berth.engine.app.status.ServiceView;
import dev.berth.engine.runtime.ReplicaState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code berth status -o json} writes service and replica states as the lower-case words of the
 * DESIGN.md contract, and reads them back into the same enums the CLI uses.
 */
class StatusJsonTest {

  static ReplicaView replica(String id, ReplicaState state) {
    return new ReplicaView(
        id, state, false, 0, 0, 0, "local", Instant.EPOCH, "", "", false, -1, -1, "v1");
  }

  static ServiceView service(String name, ServiceState state, List<ReplicaView> replicas) {
    return new ServiceView(
        name, "web", "v1", 1, 0, state, null, "./web", "100m", "128Mi", null, null, null, replicas);
  }

  /** One service per service state, each with one replica per replica state. */
  static EnvironmentView everyState() {
    List<ServiceView> services = new ArrayList<>();
    for (ServiceState s : ServiceState.values()) {
      List<ReplicaView> rs = new ArrayList<>();
      for (ReplicaState r : ReplicaState.values()) {
        rs.add(replica(s.wireName() + "-" + r.wireName(), r));
      }
      services.add(service(s.wireName(), s, rs));
    }
    return new EnvironmentView(
        "shop", "production", "v1", "local", "/srv/shop", Instant.EPOCH, services, null);
  }

  @Test
  void statesAreWrittenAsTheContractsLowerCaseWords() {
    JsonNode json = Json.mapper().valueToTree(everyState());
    List<String> serviceStates = new ArrayList<>();
    json.path("services").forEach(s -> serviceStates.add(s.path("state").asText()));
    assertThat(serviceStates)
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
    List<String> replicaStates = new ArrayList<>();
    json.path("services")
        .get(0)
        .path("replicas")
        .forEach(r -> replicaStates.add(r.path("state").asText()));
    assertThat(replicaStates)
        .containsExactly("pending", "starting", "running", "backoff", "terminating", "terminated");
  }

  @Test
  void statusJsonRoundTripsThroughTheEnums() throws JsonProcessingException {
    EnvironmentView view = everyState();
    String text = Json.mapper().writeValueAsString(view);
    assertThat(Json.mapper().readValue(text, EnvironmentView.class)).isEqualTo(view);
  }

  @Test
  void anUnknownStateWordIsRefusedWhenReadIntoTheEnum() {
    assertThatThrownBy(() -> Json.mapper().readValue("\"rebooting\"", ServiceState.class))
        .hasMessageContaining("not a service state: rebooting");
    assertThatThrownBy(() -> Json.mapper().readValue("\"RUNNING\"", ReplicaState.class))
        .hasMessageContaining("not a replica state: RUNNING");
  }

  @Test
  void anAutoscaledServiceShowsItsBoundsAndLatestDecision() {
    ServiceView v = service("worker", ServiceState.RUNNING, List.of());
    ServiceView auto =
        new ServiceView(
            v.name(),
            "worker",
            "v1",
            4,
            4,
            ServiceState.RUNNING,
            null,
            "./w",
            "100m",
            "128Mi",
            null,
            null,
            null,
            List.of(),
            new dev.berth.engine.app.status.AutoscaleView(
                1,
                10,
                dev.berth.core.autoscale.AutoscaleOutcome.Reason.SCALE_UP,
                "jobs = 20 recommends 4; now 4",
                Instant.parse("2026-01-01T00:00:00Z")));
    JsonNode json = Json.mapper().valueToTree(auto);
    assertThat(json.path("desired").asInt()).isEqualTo(4);
    assertThat(json.path("autoscale").path("min").asInt()).isEqualTo(1);
    assertThat(json.path("autoscale").path("max").asInt()).isEqualTo(10);
    assertThat(json.path("autoscale").path("reason").asText()).isEqualTo("SCALE_UP");
    assertThat(json.path("autoscale").path("lastScaleAt").asText())
        .isEqualTo("2026-01-01T00:00:00Z");
  }
}
