package dev.berth.core.plan;

import static dev.berth.core.plan.PlanFixtures.DIR;
import static dev.berth.core.plan.PlanFixtures.stored;
import static dev.berth.core.plan.PlanFixtures.web;
import static dev.berth.core.plan.PlanFixtures.withCommand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner's rules, one case each: what a person reads in {@code berth plan}. */
class PlannerTest {
  private static Plan plan(List<ServiceSpec> desired, List<StoredService> stored) {
    return Planner.plan(desired, DIR, stored, DIR, Sensitivity.NONE);
  }

  private static List<String> rendered(ServicePlan p) {
    return p.fields().stream().map(FieldChange::render).toList();
  }

  @Test
  void aNewEnvironmentCreatesEveryServiceWithItsSettings() {
    Plan p =
        plan(List.of(web("web", 2, Map.of("LOG_LEVEL", "info")), web("api", 1, null)), List.of());

    assertThat(p.services()).extracting(ServicePlan::action).containsOnly(PlanAction.CREATE);
    assertThat(rendered(p.services().get(0)))
        .contains("type (none) -> web", "replicas (none) -> 2", "env.LOG_LEVEL (none) -> info");
    assertThat(p.summary()).isEqualTo("2 to add, 0 to change, 0 to destroy");
    assertThat(p.hasChanges()).isTrue();
  }

  @Test
  void theSameSpecPlansNothing() {
    List<ServiceSpec> spec = List.of(web("web", 2, Map.of("A", "1")));

    Plan p = plan(spec, stored(spec, DIR));

    assertThat(p.hasChanges()).isFalse();
    assertThat(p.services()).extracting(ServicePlan::action).containsExactly(PlanAction.NO_OP);
    assertThat(p.summary()).isEqualTo("0 to add, 0 to change, 0 to destroy");
  }

  @Test
  void aReplicaCountIsAnUpdateInPlace() {
    List<StoredService> now = stored(List.of(web("web", 2, null)), DIR);

    ServicePlan web = plan(List.of(web("web", 4, null)), now).services().get(0);

    assertThat(web.action()).isEqualTo(PlanAction.UPDATE);
    assertThat(rendered(web)).containsExactly("replicas 2 -> 4");
    assertThat(web.onlyScales()).isTrue();
    assertThat(web.destructive()).isFalse();
  }

  @Test
  void fewerReplicasOfARunningServiceIsDestructive() {
    List<StoredService> now = stored(List.of(web("web", 3, null)), DIR);

    ServicePlan web = plan(List.of(web("web", 1, null)), now).services().get(0);

    assertThat(web.destructive()).isTrue();
    assertThat(rendered(web)).containsExactly("replicas 3 -> 1");
  }

  @Test
  void anEnvChangeReplacesTheReplicasFieldByField() {
    List<StoredService> now =
        stored(List.of(web("web", 2, Map.of("LOG_LEVEL", "info", "OLD", "x"))), DIR);

    ServicePlan web =
        plan(List.of(web("web", 2, Map.of("LOG_LEVEL", "debug", "NEW", "y"))), now)
            .services()
            .get(0);

    assertThat(web.action()).isEqualTo(PlanAction.REPLACE);
    assertThat(rendered(web))
        .containsExactlyInAnyOrder(
            "env.LOG_LEVEL info -> debug", "env.OLD x -> (none)", "env.NEW (none) -> y");
  }

  @Test
  void aCommandChangeIsAReplace() {
    List<StoredService> now = stored(List.of(web("web", 2, null)), DIR);

    ServicePlan web =
        plan(List.of(withCommand(web("web", 2, null), "java Web2.java")), now).services().get(0);

    assertThat(web.action()).isEqualTo(PlanAction.REPLACE);
    assertThat(rendered(web)).containsExactly("command java Web.java -> java Web2.java");
  }

  @Test
  void newCodeAloneIsAReplaceNamingTheCode() {
    List<ServiceSpec> spec = List.of(web("web", 1, null));
    List<StoredService> now = stored(spec, DIR);

    ServicePlan web =
        Planner.plan(spec, "/data/code/shop/production/sha256-bbbb", now, DIR, Sensitivity.NONE)
            .services()
            .get(0);

    assertThat(web.action()).isEqualTo(PlanAction.REPLACE);
    assertThat(rendered(web)).containsExactly("code sha256-aaaa -> sha256-bbbb");
  }

  @Test
  void resourcesAndHealthAreSpelledAsInTheSpec() {
    ServiceSpec old = web("web", 1, null);
    ServiceSpec next =
        new ServiceSpec(
            "web",
            ServiceType.WEB,
            "java Web.java",
            8080,
            1,
            Resources.of(250L, 512L << 20),
            null,
            HealthCheck.of(HealthCheck.Kind.HTTP, "/health"),
            null);

    List<String> f = rendered(plan(List.of(next), stored(List.of(old), DIR)).services().get(0));

    assertThat(f)
        .contains(
            "resources.cpu 100m -> 250m",
            "resources.memory 256Mi -> 512Mi",
            "health.kind tcp -> http",
            "health.target \"\" -> /health");
  }

  @Test
  void deploySettingsAreAnUpdateThatReplacesNothing() {
    ServiceSpec old = web("web", 1, null);
    ServiceSpec next =
        new ServiceSpec(
            "web",
            ServiceType.WEB,
            "java Web.java",
            8080,
            1,
            Resources.DEFAULT,
            null,
            HealthCheck.defaultFor(ServiceType.WEB),
            null,
            "",
            new DeploySpec(
                DeploySpec.Strategy.RECREATE, null, null, null, null, true, null, null, null));

    ServicePlan web = plan(List.of(next), stored(List.of(old), DIR)).services().get(0);

    assertThat(web.action()).isEqualTo(PlanAction.UPDATE);
    assertThat(rendered(web)).containsExactly("deploy.strategy rolling -> recreate");
  }

  @Test
  void aCronScheduleChangeIsAnUpdate() {
    ServiceSpec a = cron("0 2 * * *");
    ServiceSpec b = cron("0 3 * * *");

    ServicePlan p = plan(List.of(b), stored(List.of(a), DIR)).services().get(0);

    assertThat(p.action()).isEqualTo(PlanAction.UPDATE);
    assertThat(rendered(p)).containsExactly("schedule.cron 0 2 * * * -> 0 3 * * *");
  }

  @Test
  void aServiceGoneFromTheSpecIsDestroyed() {
    List<StoredService> now = stored(List.of(web("web", 1, null), web("worker", 2, null)), DIR);

    Plan p = plan(List.of(web("web", 1, null)), now);

    assertThat(p.services().get(1).action()).isEqualTo(PlanAction.DESTROY);
    assertThat(p.services().get(1).destructive()).isTrue();
    assertThat(p.summary()).isEqualTo("0 to add, 0 to change, 1 to destroy");
    assertThat(p.destructive()).isTrue();
  }

  @Test
  void aCountSetByBerthScaleIsKeptAndShownAsDrift() {
    StoredService scaled = stored(List.of(web("web", 2, null)), DIR).get(0);
    StoredService now = new StoredService(scaled.spec(), scaled.templateHash(), 2, 5, false, 4);

    Plan p = plan(List.of(web("web", 2, null)), List.of(now));

    assertThat(p.hasChanges()).isFalse();
    assertThat(p.services().get(0).note())
        .isEqualTo("keeping 5 replicas set by berth scale (spec says 2)");
    assertThat(p.drift())
        .extracting(Drift::kind)
        .containsExactly(Drift.Kind.SCALED, Drift.Kind.MISSING_REPLICAS);
    assertThat(p.drift().get(1).detail()).isEqualTo("4 of 5 replicas run");
  }

  @Test
  void aStoppedServiceIsDriftAndStaysStopped() {
    StoredService s = stored(List.of(web("web", 2, null)), DIR).get(0);
    StoredService stopped = new StoredService(s.spec(), s.templateHash(), 2, 2, true, 0);

    Plan p = plan(List.of(web("web", 3, null)), List.of(stopped));

    assertThat(p.drift()).extracting(Drift::kind).containsExactly(Drift.Kind.STOPPED);
    assertThat(p.services().get(0).destructive()).isFalse();
  }

  @Test
  void secretValuesAreNeverShownButTheirKeysAre() {
    Sensitivity secret = (service, key) -> key.equals("DB_PASSWORD");
    List<ServiceSpec> before = List.of(web("web", 1, Map.of("DB_PASSWORD", "hunter2")));
    List<ServiceSpec> after = List.of(web("web", 1, Map.of("DB_PASSWORD", "s3cr3t-new")));

    Plan created = Planner.plan(before, DIR, List.of(), null, secret);
    Plan changed = Planner.plan(after, DIR, stored(before, DIR), DIR, secret);
    Plan removed =
        Planner.plan(List.of(web("web", 1, null)), DIR, stored(before, DIR), DIR, secret);

    assertThat(created.toString() + changed + removed).doesNotContain("hunter2", "s3cr3t-new");
    assertThat(rendered(changed.services().get(0)))
        .containsExactly("env.DB_PASSWORD (sensitive) -> (sensitive)");
    assertThat(rendered(removed.services().get(0)))
        .containsExactly("env.DB_PASSWORD (sensitive) -> (none)");
    assertThat(changed.services().get(0).fields().get(0).sensitive()).isTrue();
  }

  @Test
  void theSummaryCountsAsTerraformDoes() {
    List<StoredService> now = stored(List.of(web("a", 1, null), web("b", 1, null)), DIR);

    Plan p = plan(List.of(web("a", 3, null), web("c", 1, null), web("d", 1, null)), now);

    assertThat(p.summary()).isEqualTo("2 to add, 1 to change, 1 to destroy");
  }

  private static ServiceSpec cron(String expr) {
    return new ServiceSpec(
        "nightly",
        ServiceType.CRON,
        "java Report.java",
        0,
        0,
        Resources.DEFAULT,
        null,
        HealthCheck.defaultFor(ServiceType.CRON),
        new CronSchedule(expr, "UTC", CronSchedule.Concurrency.FORBID));
  }
}
