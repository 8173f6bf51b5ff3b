package dev.berth.testkit.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.gitops.EnvironmentService;
import dev.berth.engine.gitops.SyncController;
import dev.berth.engine.gitops.SyncOutcome;
import dev.berth.engine.gitops.SyncService;
import dev.berth.engine.gitops.TrackingService;
import dev.berth.engine.queue.Controller;
import dev.berth.engine.queue.RetryBackoff;
import dev.berth.engine.queue.WorkQueue;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.GitSourceRecord;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.StoreTx;
import dev.berth.engine.store.SyncState;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.engine.EngineHarness;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitOps schedule and sync decisions, driven synchronously with a {@link MutableClock}: no
 * sleeps, every look counted.
 */
class SyncControllerTest {
  static final EnvironmentKey STAGING = new EnvironmentKey("shop", "staging");
  static final String URL = "https://git.example/shop.git";

  @TempDir Path dir;
  MutableClock clock;
  EngineHarness h;
  FakeGitRepository git;
  SyncService sync;
  SyncController controller;
  Controller<EnvironmentKey> loop;
  TrackingService tracking;
  EnvironmentService envs;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("app.sh"), "echo hi\n");
    clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    git = new FakeGitRepository(h.code);
    sync = new SyncService(h.store, git, h.apply, h.bus, clock);
    WorkQueue<EnvironmentKey> queue = new WorkQueue<>(clock, RetryBackoff.DEFAULT);
    controller = new SyncController(h.store, sync, clock, queue::add);
    loop = new Controller<>("gitops", queue, controller);
    envs = new EnvironmentService(h.store, h.apply, h.destroy, clock);
    tracking = new TrackingService(h.store, h.bus, clock, controller::wake, envs);
  }

  static String spec(int replicas) {
    return """
        project: shop
        services:
          web: {type: web, command: ./app.sh, replicas: %d}
        environments:
          production: {}
          staging: {services: {web: {replicas: 1}}}
        """
        .formatted(replicas);
  }

  void settle() {
    while (loop.processOne()) {
      h.runUntilIdle();
    }
    h.readyAll();
  }

  void advance(Duration d) {
    clock.advance(d);
    settle();
  }

  GitSourceRecord source() {
    return h.store.read((StoreTx tx) -> tx.gitSources().get(STAGING)).orElseThrow();
  }

  List<ReleaseRecord> releases() {
    return h.store.read((StoreTx tx) -> tx.releases().list(STAGING, 0));
  }

  void track(boolean autoSync) {
    tracking.track(
        EngineHarness.ACTOR,
        STAGING,
        URL,
        "main",
        "berth.yaml",
        autoSync,
        Duration.ofMinutes(1),
        false);
  }

  @Test
  void aCommitIsAppliedAtOnceAndTheNextOneByScheduleWithItsShaAndMessage() {
    String first = git.commit("main", "first", spec(2), dir);
    track(true);
    settle();
    assertThat(source().state()).isEqualTo(SyncState.SYNCED);
    assertThat(source().syncedCommit()).isEqualTo(first);
    assertThat(releases()).hasSize(1);

    String second = git.commit("main", "three web replicas", spec(3), dir);
    advance(Duration.ofSeconds(59));
    assertThat(releases()).hasSize(1); // not due yet: nothing looked
    int looks = git.heads();
    advance(Duration.ofSeconds(1));
    assertThat(git.heads()).isEqualTo(looks + 1);
    ReleaseRecord latest = releases().get(0);
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.message()).isEqualTo("three web replicas");
    assertThat(latest.source().kind()).isEqualTo(ReleaseSource.Kind.GIT);
    assertThat(latest.source().commit()).isEqualTo(second);
    assertThat(latest.createdBy()).isEqualTo("gitops");
    // staging overrides apply: 1 replica whatever the base says
    assertThat(h.status("shop", "staging").services().get(0).desired()).isEqualTo(1);
  }

  @Test
  void anUnchangedBranchIsLookedAtOncePerIntervalAndMakesNoRelease() {
    git.commit("main", "first", spec(2), dir);
    track(true);
    settle();
    int looks = git.heads();
    for (int i = 0; i < 5; i++) {
      advance(Duration.ofMinutes(1));
    }
    assertThat(git.heads()).isEqualTo(looks + 5);
    assertThat(releases()).hasSize(1);
  }

  @Test
  void aWebhookWakeLooksAtOnceOutsideTheSchedule() {
    git.commit("main", "first", spec(2), dir);
    track(true);
    settle();
    git.commit("main", "second", spec(4), dir);
    controller.wake(STAGING);
    settle();
    assertThat(releases()).hasSize(2);
  }

  @Test
  void withoutAutoSyncTheEnvironmentIsOutOfSyncWithAPlanAndNothingRuns() {
    String c = git.commit("main", "first", spec(2), dir);
    track(false);
    settle();
    assertThat(source().state()).isEqualTo(SyncState.OUT_OF_SYNC);
    assertThat(source().observedCommit()).isEqualTo(c);
    assertThat(source().plan()).contains("web");
    assertThat(releases()).isEmpty();
    assertThat(h.eventTypes()).contains("OutOfSync");

    SyncOutcome o = sync.sync(STAGING, true).orElseThrow();
    assertThat(o.source().state()).isEqualTo(SyncState.SYNCED);
    assertThat(o.release()).isEqualTo("v1");
  }

  @Test
  void anInvalidSpecFailsWithFileAndLineLeavesTheReleaseAndIsNotRetriedEveryMinute() {
    git.commit("main", "good", spec(2), dir);
    track(true);
    settle();
    git.commit(
        "main", "bad", "project: shop\nservices:\n  web: {type: web, replicas: many}\n", dir);
    advance(Duration.ofMinutes(1));
    assertThat(source().state()).isEqualTo(SyncState.FAILED);
    assertThat(source().error()).contains("berth.yaml:3");
    assertThat(releases()).hasSize(1);
    assertThat(h.status("shop", "staging").services().get(0).ready()).isEqualTo(1);
    long failures = h.eventTypes().stream().filter("SyncFailed"::equals).count();
    advance(Duration.ofMinutes(1));
    advance(Duration.ofMinutes(1));
    assertThat(h.eventTypes().stream().filter("SyncFailed"::equals).count()).isEqualTo(failures);
  }

  @Test
  void anUnreachableRepositoryIsAnEventAndTheNextLookRecovers() {
    git.commit("main", "first", spec(2), dir);
    track(true);
    settle();
    git.unreachable(true);
    git.commit("main", "second", spec(3), dir);
    advance(Duration.ofMinutes(1));
    assertThat(source().state()).isEqualTo(SyncState.FAILED);
    assertThat(source().error()).contains("cannot be reached");
    assertThat(releases()).hasSize(1);
    git.unreachable(false);
    advance(Duration.ofMinutes(1));
    assertThat(source().state()).isEqualTo(SyncState.SYNCED);
    assertThat(releases()).hasSize(2);
  }

  @Test
  void aForcePushToAnOlderSpecIsFollowed() {
    git.commit("main", "first", spec(2), dir);
    track(true);
    settle();
    git.commit(
        "main",
        "second",
        "project: shop\nservices:\n  web: {type: web, command: ./app.sh}\n  worker: {command: ./app.sh}\nenvironments:\n  staging: {}\n",
        dir);
    advance(Duration.ofMinutes(1));
    String rewritten = git.commit("main", "rewritten", spec(2), dir);
    advance(Duration.ofMinutes(1));
    assertThat(source().syncedCommit()).isEqualTo(rewritten);
    assertThat(h.store.read((StoreTx tx) -> tx.services().list(STAGING))).hasSize(1);
  }

  @Test
  void aPullRequestPreviewIsAClonedEnvironmentThatClosingDeletes() {
    git.commit("main", "first", spec(2), dir);
    tracking.track(EngineHarness.ACTOR, STAGING, URL, "main", "berth.yaml", true, null, true);
    settle();
    git.commit("feature", "try", spec(5), dir);
    List<EnvironmentKey> made =
        tracking.previewOpened(List.of("git@git.example:shop.git"), 42, "main", "feature");
    assertThat(made).containsExactly(new EnvironmentKey("shop", "preview-42"));
    settle();
    var preview = h.status("shop", "preview-42");
    assertThat(preview.services().get(0).desired()).isEqualTo(1); // staging's override
    assertThat(tracking.previewClosed(List.of(URL), 42)).hasSize(1);
    h.finishStops();
    assertThat(
            h.store.read(
                (StoreTx tx) -> tx.environments().get(new EnvironmentKey("shop", "preview-42"))))
        .isEmpty();
    assertThat(h.store.read((StoreTx tx) -> tx.gitSources().list()))
        .extracting(GitSourceRecord::key)
        .containsExactly(STAGING);
  }

  @Test
  void envCreateClonesTheLiveCodeWithTheSourceOverrides() {
    h.apply(spec(3), dir, "staging");
    h.readyAll();
    java.util.List<String> copies = new java.util.ArrayList<>();
    envs.copyConfigWith(
        (actor, from, to) -> {
          // before the clone's first apply, so that apply already has the vars
          java.util.Optional<?> existing =
              h.store.read((dev.berth.engine.store.StoreTx tx) -> tx.environments().get(to));
          assertThat(existing).isEmpty();
          copies.add(from.environment() + " -> " + to.environment());
        });
    ApplyResult r = envs.create(EngineHarness.ACTOR, "shop", "preview-7", "staging", "");
    assertThat(copies).containsExactly("staging -> preview-7");
    assertThat(r.release()).isEqualTo("v1");
    h.readyAll();
    assertThat(h.status("shop", "preview-7").services().get(0).desired()).isEqualTo(1);
    assertThat(envs.list())
        .extracting(EnvironmentService.Entry::environment)
        .contains("preview-7", "staging");
    assertThat(envs.delete(EngineHarness.ACTOR, new EnvironmentKey("shop", "preview-7")))
        .containsExactly("web");
    h.finishStops();
    assertThat(envs.list())
        .extracting(EnvironmentService.Entry::environment)
        .containsExactly("staging");
  }
}
