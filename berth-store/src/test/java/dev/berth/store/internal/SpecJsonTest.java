package dev.berth.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.testkit.store.StoreSamples;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecJsonTest {
  private final SpecJson json = new SpecJson();

  @Test
  void everySampleSpecRoundTripsToAnEqualRecord() {
    for (ServiceSpec spec :
        List.of(
            StoreSamples.webSpec("web"),
            StoreSamples.cronSpec("nightly"),
            new ServiceSpec(
                "worker",
                ServiceType.WORKER,
                "run",
                0,
                0,
                Resources.of(null, 1L),
                null,
                HealthCheck.defaultFor(ServiceType.WORKER),
                null))) {
      assertThat(json.read(json.write(spec), spec.name())).isEqualTo(spec);
    }
  }

  @Test
  void repeatedAndCachedReadsGiveTheSpecOfTheirOwnTextPastTheCacheLimit() {
    ServiceSpec base = StoreSamples.webSpec("web");
    String first = json.write(base);
    ServiceSpec read = json.read(first, "web");
    assertThat(read).isEqualTo(base);
    assertThat(json.read(new String(first), "web")).as("parsed once per text").isSameAs(read);
    // more distinct specs than the cache holds: each read still answers for its own text
    for (int replicas = 0; replicas <= SpecJson.CACHE_LIMIT + 1; replicas++) {
      ServiceSpec spec =
          new ServiceSpec(
              "web",
              ServiceType.WEB,
              "c",
              80,
              replicas % (ServiceSpec.MAX_REPLICAS + 1),
              base.resources(),
              Map.of("N", Integer.toString(replicas)),
              base.health(),
              null);
      String text = json.write(spec);
      assertThat(json.read(text, "web")).isEqualTo(spec);
      assertThat(json.read(text, "web")).isEqualTo(spec);
    }
    assertThat(json.read(first, "web")).isEqualTo(base);
  }

  @Test
  void theUserRoundTripsAndARowWrittenBeforeItExistedReadsAsNoUser() {
    ServiceSpec base = StoreSamples.webSpec("web");
    ServiceSpec asApp =
        new ServiceSpec(
            "web",
            ServiceType.WEB,
            "c",
            80,
            1,
            base.resources(),
            base.env(),
            base.health(),
            null,
            "app");
    assertThat(json.read(json.write(asApp), "web")).isEqualTo(asApp);
    String old = json.write(base).replace(",\"user\":\"\"", "");
    assertThat(old).doesNotContain("user");
    assertThat(json.read(old, "web")).isEqualTo(base);
  }

  @Test
  void durationsAreIsoTextExactToTheNanosecond() {
    ServiceSpec spec = StoreSamples.webSpec("web");

    String text = json.write(spec);

    assertThat(text).contains("\"PT1.5S\"").contains("\"PT0.123456789S\"");
    assertThat(json.read(text, "web").health().timeout()).isEqualTo(Duration.ofNanos(123_456_789));
  }

  @Test
  void environmentVariablesKeepTheirOrder() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String k : List.of("Z", "A", "M", "B")) {
      env.put(k, k.toLowerCase());
    }
    ServiceSpec base = StoreSamples.webSpec("web");
    ServiceSpec spec =
        new ServiceSpec(
            "web", ServiceType.WEB, "c", 80, 1, base.resources(), env, base.health(), null);

    assertThat(json.read(json.write(spec), "web").env().keySet())
        .containsExactly("Z", "A", "M", "B");
  }

  @Test
  void enumsAreStoredByName() {
    String text = json.write(StoreSamples.cronSpec("nightly"));

    assertThat(text).contains("\"CRON\"").contains("\"REPLACE\"").contains("\"NONE\"");
    assertThat(json.read(text, "x").cron().concurrency())
        .isEqualTo(CronSchedule.Concurrency.REPLACE);
  }

  @Test
  void unknownPropertiesAreIgnored() {
    String text = json.write(StoreSamples.webSpec("web"));
    String withExtra = "{\"addedInAFutureVersion\":{\"x\":1}," + text.substring(1);

    assertThat(json.read(withExtra, "web")).isEqualTo(StoreSamples.webSpec("web"));
  }

  @Test
  void unreadableJsonNamesTheService() {
    assertThatThrownBy(() -> json.read("{not json", "web.production.lms"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the stored spec of service web.production.lms is unreadable");
    assertThatThrownBy(() -> json.read("{}", "web.production.lms"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the stored spec of service web.production.lms is unreadable");
  }
}
