package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth cost}: requests vs usage from the status API, priced by a node type. */
class CostCommandTest {
  @TempDir Path dir;

  static final String STATUS =
      """
      {"project": "shop", "environment": "production", "services": [
        {"name": "web", "type": "web", "desired": 2, "cpu": "1", "memory": "2Gi", "replicas": [
          {"id": "web-1", "cpuMillis": 200, "memoryBytes": 536870912},
          {"id": "web-2", "cpuMillis": 300, "memoryBytes": 536870912}]},
        {"name": "worker", "type": "worker", "desired": 1, "cpu": "250m", "memory": "256Mi",
         "replicas": [{"id": "worker-1", "cpuMillis": -1, "memoryBytes": -1}]}]}
      """;

  FakeApiCli api() {
    return new FakeApiCli(dir)
        .handle(
            "/api/v1/projects/shop/environments/production",
            x -> FakeApiCli.respond(x, 200, "application/json", STATUS))
        .start();
  }

  @Test
  void pricesEachServicesDominantShareAndItsIdlePart() throws Exception {
    try (FakeApiCli cli = api()) {
      assertThat(cli.run("cost", "-p", "shop", "-o", "json")).as(cli.err()).isZero();
      JsonNode j = new ObjectMapper().readTree(cli.out());
      assertThat(j.path("node").path("type").asText()).isEqualTo("m6i.xlarge");
      JsonNode web = j.path("services").get(0);
      assertThat(web.path("requested").path("cpu").asText()).isEqualTo("2");
      assertThat(web.path("used").path("cpu").asText()).isEqualTo("500m");
      // m6i.xlarge: 4000m - 80m reserve = 3920m allocatable; web's cpu share 2000/3920
      assertThat(web.path("share").asDouble()).isEqualTo(0.5102);
      double allocated = web.path("allocatedMonthlyCost").asDouble();
      assertThat(allocated).isEqualTo(Math.round(0.192 * 730 * 2000 / 3920.0 * 100) / 100.0);
      // uses 500m of 2000m: three quarters idle
      assertThat(web.path("idleMonthlyCost").asDouble())
          .isCloseTo(allocated * 0.75, org.assertj.core.data.Offset.offset(0.02));
      assertThat(j.path("services").get(1).path("idleMonthlyCost").isNull()).isTrue();
      assertThat(j.path("idleMonthlyCost").isNull()).isTrue();
      assertThat(j.path("currency").asText()).isEqualTo("USD");
    }
  }

  @Test
  void theTextViewSaysHowCostsAreShared() {
    try (FakeApiCli cli = api()) {
      assertThat(cli.run("cost", "-p", "shop", "--node-type", "m6i.large")).as(cli.err()).isZero();
      assertThat(cli.out())
          .contains("shop/production on one m6i.large")
          .contains("dominant")
          .contains("worker");
    }
  }

  @Test
  void anUnknownNodeTypeIsInvalidInput() {
    try (FakeApiCli cli = api()) {
      assertThat(cli.run("cost", "-p", "shop", "--node-type", "z9.huge")).isEqualTo(2);
      assertThat(cli.err()).contains("no instance type z9.huge");
    }
  }
}
