package dev.berth.core.plan;

import static dev.berth.core.plan.PlanFixtures.applied;
import static dev.berth.core.plan.PlanFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The planner's invariants over generated specs and states. */
class PlannerProperties {
  private static final List<String> DIRS = List.of("/code/sha256-a", "/code/sha256-b");

  @Provide
  Arbitrary<List<ServiceSpec>> specs() {
    Arbitrary<String> name = Arbitraries.of("web", "api", "worker", "jobs", "admin");
    Arbitrary<ServiceType> type = Arbitraries.of(ServiceType.WEB, ServiceType.WORKER);
    Arbitrary<String> command = Arbitraries.of("run a", "run b", "run c");
    Arbitrary<Integer> replicas = Arbitraries.integers().between(0, 5);
    Arbitrary<Map<String, String>> env =
        Arbitraries.maps(
                Arbitraries.of("A", "B", "LOG_LEVEL", "SECRET"), Arbitraries.of("1", "2", "x"))
            .ofMaxSize(4);
    Arbitrary<Resources> res =
        Arbitraries.of(
            Resources.DEFAULT, Resources.of(250L, 512L << 20), Resources.of(1000L, null));
    Arbitrary<DeploySpec> deploy =
        Arbitraries.of(
            DeploySpec.DEFAULT,
            new DeploySpec(
                DeploySpec.Strategy.RECREATE, null, null, null, null, false, null, null, null));
    Arbitrary<ServiceSpec> service =
        Combinators.combine(name, type, command, replicas, env, res, deploy)
            .as(
                (n, t, c, r, e, rs, d) ->
                    new ServiceSpec(
                        n,
                        t,
                        c,
                        t == ServiceType.WEB ? 8080 : 0,
                        r,
                        rs,
                        e,
                        HealthCheck.defaultFor(t),
                        null,
                        "",
                        d));
    return service
        .list()
        .ofMaxSize(5)
        .map(
            l -> {
              Map<String, ServiceSpec> unique = new LinkedHashMap<>();
              l.forEach(s -> unique.putIfAbsent(s.name(), s));
              return new ArrayList<>(unique.values());
            });
  }

  @Provide
  Arbitrary<String> dirs() {
    return Arbitraries.of(DIRS);
  }

  @Property
  void aSpecPlannedAgainstItselfChangesNothing(
      @ForAll("specs") List<ServiceSpec> spec, @ForAll("dirs") String dir) {
    Plan p = Planner.plan(spec, dir, stored(spec, dir), dir, Sensitivity.NONE);

    assertThat(p.hasChanges()).isFalse();
    assertThat(p.services()).allMatch(s -> s.fields().isEmpty());
  }

  @Property
  void applyingAPlanThenPlanningAgainChangesNothing(
      @ForAll("specs") List<ServiceSpec> before,
      @ForAll("specs") List<ServiceSpec> after,
      @ForAll("dirs") String dirBefore,
      @ForAll("dirs") String dirAfter,
      @ForAll List<Integer> scales) {
    List<StoredService> now = scaled(stored(before, dirBefore), scales);

    Plan p = Planner.plan(after, dirAfter, now, dirBefore, Sensitivity.NONE);
    List<StoredService> next = applied(p, after, dirAfter, now);

    assertThat(Planner.plan(after, dirAfter, next, dirAfter, Sensitivity.NONE).hasChanges())
        .as(p.toString())
        .isFalse();
  }

  @Property
  void theCountsMatchTheServicesAddedKeptAndRemoved(
      @ForAll("specs") List<ServiceSpec> before, @ForAll("specs") List<ServiceSpec> after) {
    Plan p =
        Planner.plan(
            after, DIRS.get(0), stored(before, DIRS.get(0)), DIRS.get(0), Sensitivity.NONE);

    Set<String> was = new HashSet<>();
    before.forEach(s -> was.add(s.name()));
    Set<String> will = new HashSet<>();
    after.forEach(s -> will.add(s.name()));
    assertThat(p.toAdd()).isEqualTo((int) will.stream().filter(n -> !was.contains(n)).count());
    assertThat(p.toDestroy()).isEqualTo((int) was.stream().filter(n -> !will.contains(n)).count());
    assertThat(p.services())
        .hasSize(p.toAdd() + p.toDestroy() + (int) will.stream().filter(was::contains).count());
    assertThat(p.toChange()).isLessThanOrEqualTo(will.size());
  }

  @Property
  void thePlanAndItsDigestAreAFunctionOfTheInputs(
      @ForAll("specs") List<ServiceSpec> before, @ForAll("specs") List<ServiceSpec> after) {
    List<StoredService> now = stored(before, DIRS.get(0));

    Plan a = Planner.plan(after, DIRS.get(1), now, DIRS.get(0), Sensitivity.NONE);
    Plan b = Planner.plan(after, DIRS.get(1), now, DIRS.get(0), Sensitivity.NONE);

    assertThat(a).isEqualTo(b);
    assertThat(a.digest()).isEqualTo(b.digest()).startsWith("sha256:");
  }

  @Property
  void secretValuesNeverAppearInAPlan(
      @ForAll("specs") List<ServiceSpec> before, @ForAll("specs") List<ServiceSpec> after) {
    Sensitivity secret = (service, key) -> key.equals("SECRET");
    List<ServiceSpec> b = withSecret(before, "old-secret-value");
    List<ServiceSpec> a = withSecret(after, "new-secret-value");

    Plan p = Planner.plan(a, DIRS.get(0), stored(b, DIRS.get(0)), DIRS.get(0), secret);

    assertThat(p.toString()).doesNotContain("old-secret-value", "new-secret-value");
  }

  private static List<ServiceSpec> withSecret(List<ServiceSpec> specs, String value) {
    List<ServiceSpec> out = new ArrayList<>();
    for (ServiceSpec s : specs) {
      Map<String, String> env = new LinkedHashMap<>(s.env());
      if (env.containsKey("SECRET")) {
        env.put("SECRET", value + s.name());
      }
      out.add(
          new ServiceSpec(
              s.name(),
              s.type(),
              s.command(),
              s.port(),
              s.replicas(),
              s.resources(),
              env,
              s.health(),
              s.cron(),
              s.user(),
              s.deploy(),
              s.autoscale(),
              s.image()));
    }
    return out;
  }

  /** The state after {@code berth scale} and {@code berth stop} ran on some services. */
  private static List<StoredService> scaled(List<StoredService> s, List<Integer> scales) {
    List<StoredService> out = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      StoredService x = s.get(i);
      Integer n = i < scales.size() ? scales.get(i) : null;
      out.add(
          n == null
              ? x
              : new StoredService(
                  x.spec(),
                  x.templateHash(),
                  x.specReplicas(),
                  Math.floorMod(n, 6),
                  n % 7 == 0,
                  -1));
    }
    return out;
  }
}
