package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.autoscale.AutoscaleOutcome.Reason;
import dev.berth.engine.autoscale.AutoscaleController;
import dev.berth.engine.autoscale.AutoscaleExplanation;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ServiceKey;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.autoscale.FakeTriggerSource;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Why a service has N replicas: the explanation and the events of every change of mind. */
class AutoscaleExplainScenarioTest {
  @TempDir Path app;
  MutableClock clock;
  EngineHarness h;
  FakeTriggerSource jobs;
  final ServiceKey worker = new ServiceKey("shop", "production", "worker");

  @BeforeEach
  void setUp() {
    clock = MutableClock.atEpoch2026();
    h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    jobs = h.triggers.source("jobs");
    h.apply(AutoscaleScenarioTest.SPEC, app, "production");
  }

  void poll(int seconds) {
    for (int s = 0; s < seconds; s++) {
      h.advance(Duration.ofSeconds(1));
    }
  }

  List<Event> ofType(String type) {
    return h.published.stream().filter(e -> e.type().equals(type)).toList();
  }

  @Test
  void explainsTheDecisionsTheWindowAndThePolicies() {
    jobs.set(20);
    poll(3); // 1 -> 4, then steady three times: one decision in the log, updated in place
    jobs.set(5);
    poll(10); // recommends 1; the 5-minute window still holds 4

    AutoscaleExplanation x = h.autoscaler.explain(worker).orElseThrow();
    assertThat(x.desired()).isEqualTo(4);
    assertThat(x.reason()).isEqualTo(Reason.SCALE_DOWN_STABILIZED);
    assertThat(x.min()).isEqualTo(1);
    assertThat(x.max()).isEqualTo(10);
    assertThat(x.scaleDown().stabilizationWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(x.scaleDown().policies()).containsExactly("Percent 100% per 15s");
    assertThat(x.scaleUp().policies()).containsExactly("Pods 4 per 15s", "Percent 100% per 15s");
    assertThat(x.scaleDown().recommendations())
        .extracting(t -> t.replicas())
        .contains(4, 1); // what the window compares
    assertThat(x.scaleUp().scaleEvents()).hasSize(1); // +3, inside the 15 s period
    assertThat(x.triggers())
        .singleElement()
        .satisfies(t -> assertThat(t.type()).isEqualTo("redis-list"));

    List<AutoscaleExplanation.Decision> d = x.decisions();
    assertThat(d).extracting(AutoscaleExplanation.Decision::reason).contains(Reason.SCALE_UP);
    AutoscaleExplanation.Decision last = d.get(d.size() - 1);
    assertThat(last.reason()).isEqualTo(Reason.SCALE_DOWN_STABILIZED);
    assertThat(last.from()).isEqualTo(4);
    assertThat(last.to()).isEqualTo(4);
    assertThat(last.lastAt()).isAfter(last.at()); // ten polls, one entry
    assertThat(last.readings())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo("jobs");
              assertThat(r.value()).isEqualTo(5.0);
              assertThat(r.recommendation()).isEqualTo(1);
            });
    assertThat(d.size()).isLessThanOrEqualTo(4);

    // the count changed once; the reason changed without a count change: both are events
    assertThat(ofType(AutoscaleController.SCALED)).hasSize(1);
    assertThat(ofType(AutoscaleController.DECIDED))
        .anySatisfy(
            e ->
                assertThat(e.message())
                    .startsWith("replicas 4 -> 4 (SCALE_DOWN_STABILIZED)")
                    .contains("jobs=5 recommends 1"));
  }

  @Test
  void aServiceThatIsNotAutoscaledHasNoExplanation() {
    assertThat(h.autoscaler.explain(new ServiceKey("shop", "production", "nope"))).isEmpty();
  }
}
