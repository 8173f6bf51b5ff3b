package dev.berth.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.placement.Replica;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemandTest {
  @Test
  void autoscaledServicesCountAtTheirMaxAndCronAsOne() throws Exception {
    String yaml =
        """
        project: shop
        services:
          web: {type: web, command: run, replicas: 2, resources: {cpu: 500m, memory: 1Gi}}
          worker:
            type: worker
            command: run
            autoscale:
              min: 1
              max: 5
              triggers: [{type: metrics-api, url: "http://localhost:1/q", valueLocation: d, targetValue: 1}]
          nightly: {type: cron, command: run, schedule: "0 2 * * *"}
        """;
    EnvironmentSpec env =
        SpecParser.parse(new SpecSource("berth.yaml", yaml, "")).environment("production");
    List<Replica> r = Demand.replicas(env);
    assertThat(r)
        .extracting(Replica::id)
        .containsExactly(
            "web-1",
            "web-2",
            "worker-1",
            "worker-2",
            "worker-3",
            "worker-4",
            "worker-5",
            "nightly-1");
    assertThat(r.get(0).cpuMillis()).isEqualTo(500);
    assertThat(r.get(0).memoryBytes()).isEqualTo(1L << 30);
    assertThat(r.get(2).cpuMillis()).isEqualTo(100); // the default request
  }
}
