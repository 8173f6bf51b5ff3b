package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.term.Term;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth capacity plan}: works from the spec alone, prices from a catalog. */
class CapacityCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    Term t =
        new Term(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    // no server configured: the command must not need one
    return Main.run(
        new Cli(t, Map.of("BERTH_CONFIG", dir.resolve("none.json").toString()), dir), args);
  }

  static final String SPEC =
      """
      project: shop
      services:
        web:
          type: web
          command: java Web.java
          replicas: 3
          resources: {cpu: 1, memory: 2Gi}
        worker:
          type: worker
          command: java Worker.java
          resources: {cpu: 500m, memory: 1Gi}
          autoscale:
            min: 0
            max: 6
            triggers:
              - type: metrics-api
                url: http://localhost:1/q
                valueLocation: depth
                targetValue: 5
      """;

  @Test
  void plansThePoolFromTheSpecAloneAsJson() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), SPEC);
    Files.writeString(
        dir.resolve("catalog.yaml"),
        "types: [{name: m6i.large, cpu: 2, memory: 8Gi, pricePerHour: 0.096},"
            + " {name: m6i.xlarge, cpu: 4, memory: 16Gi, pricePerHour: 0.192}]\n");
    int code =
        run("capacity", "plan", "-f", "berth.yaml", "--catalog", "catalog.yaml", "-o", "json");
    assertThat(code).as(err.toString()).isZero();
    JsonNode j = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(j.path("replicas").asInt()).isEqualTo(9); // 3 web + worker at its max of 6
    // 6 cpu and 12Gi of requests; an m6i.xlarge offers (4000-80m)*0.9 = 3528m: 2 nodes hold 7056m
    assertThat(j.path("nodes")).isNotEmpty();
    int count = 0;
    double monthly = 0;
    for (JsonNode n : j.path("nodes")) {
      assertThat(n.path("type").asText()).startsWith("m6i.");
      count += n.path("count").asInt();
      monthly += n.path("monthlyCost").asDouble();
    }
    assertThat(count).isEqualTo(j.path("nodeCount").asInt());
    assertThat(j.path("monthlyCost").asDouble()).isEqualTo(Math.round(monthly * 100) / 100.0);
    assertThat(j.path("monthlyCost").asDouble())
        .isGreaterThanOrEqualTo(j.path("lowerBoundMonthlyCost").asDouble());
    assertThat(j.path("currency").asText()).isEqualTo("USD");
    assertThat(j.path("hoursPerMonth").asInt()).isEqualTo(730);
    assertThat(j.path("services").get(1).path("basis").asText()).isEqualTo("autoscale max");
    assertThat(j.path("unplaced")).isEmpty();
  }

  @Test
  void theTextPlanSaysWhyAndWhereThePricesComeFrom() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), SPEC);
    assertThat(run("capacity", "plan")).as(err.toString()).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("shop/production: 9 replicas")
        .contains("TYPE")
        .contains("$/MONTH")
        .contains("no plan can cost less than")
        .contains("us-east-1");
  }

  @Test
  void aReplicaNoTypeHoldsFailsWithTheReason() throws Exception {
    Files.writeString(
        dir.resolve("berth.yaml"),
        SPEC.replace("resources: {cpu: 1, memory: 2Gi}", "resources: {cpu: 200, memory: 2Gi}"));
    assertThat(run("capacity", "plan", "-o", "json")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("fit no instance type")
        .contains("the smallest machine that would fit");
  }

  @Test
  void anEmptyCatalogOrAMissingSpecIsInvalidInput() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), SPEC);
    Files.writeString(dir.resolve("empty.yaml"), "types: []\n");
    assertThat(run("capacity", "plan", "--catalog", "empty.yaml")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("catalog is empty");
    assertThat(run("capacity", "plan", "-f", "nope.yaml")).isEqualTo(2);
    assertThat(run("capacity", "plan", "--headroom", "100")).isEqualTo(2);
  }

  @Test
  void aHundredThousandReplicasFinishWithAProgressIndicator() throws Exception {
    StringBuilder spec = new StringBuilder("project: big\nservices:\n");
    String[] sizes = {
      "{cpu: 100m, memory: 128Mi}", "{cpu: 250m, memory: 512Mi}", "{cpu: 1, memory: 2Gi}"
    };
    for (int i = 0; i < 1000; i++) {
      spec.append("  s")
          .append(i)
          .append(": {type: worker, command: run, replicas: 100, resources: ")
          .append(sizes[i % 3])
          .append("}\n");
    }
    Files.writeString(dir.resolve("berth.yaml"), spec.toString());
    int code = run("capacity", "plan", "-o", "json");
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("planning: 10%")
        .contains("planning: 100%");
    JsonNode j = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(j.path("replicas").asInt()).isEqualTo(100_000);
    assertThat(j.path("unplaced")).isEmpty();
  }
}
