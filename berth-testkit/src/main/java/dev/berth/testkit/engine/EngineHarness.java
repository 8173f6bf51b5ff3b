package dev.berth.testkit.engine;

import dev.berth.core.model.DeploySpec;
import dev.berth.engine.app.Actor;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.ApplyService;
import dev.berth.engine.app.DestroyService;
import dev.berth.engine.app.ServiceCommands;
import dev.berth.engine.app.Wake;
import dev.berth.engine.app.status.EnvironmentView;
import dev.berth.engine.app.status.StatusService;
import dev.berth.engine.autoscale.AutoscaleController;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.controller.ReplicaIds;
import dev.berth.engine.controller.RuntimeCache;
import dev.berth.engine.controller.ServiceReconciler;
import dev.berth.engine.controller.StartupRecovery;
import dev.berth.engine.cron.CronCommands;
import dev.berth.engine.cron.CronController;
import dev.berth.engine.queue.Controller;
import dev.berth.engine.queue.RetryBackoff;
import dev.berth.engine.queue.WorkQueue;
import dev.berth.engine.release.ReleaseReconciler;
import dev.berth.engine.release.RollbackService;
import dev.berth.engine.runtime.RunAsPolicy;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.Store;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.artifact.DirectoryAppCode;
import dev.berth.testkit.artifact.FakeReleaseCommands;
import dev.berth.testkit.artifact.PassThroughBuilder;
import dev.berth.testkit.autoscale.FakeTriggerSources;
import dev.berth.testkit.runtime.FakeRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine wired to fakes and driven synchronously: a {@link MutableClock}, a {@link FakeRuntime}
 * and any {@link Store}. Nothing runs on its own; {@link #runUntilIdle()} processes every due
 * reconcile on the calling thread and {@link #advance} moves time. Like the Nomad harness, it lets
 * a test state a scenario step by step and check what the controller decided.
 */
public final class EngineHarness {
  /** More reconciles than this without going idle means a livelock: fail instead of spinning. */
  static final int MAX_STEPS = 10_000;

  public final MutableClock clock;
  public final Store store;
  public final FakeRuntime runtime;
  public final WorkQueue<ServiceKey> queue;
  public final RuntimeCache cache;
  public final EventBus bus = new EventBus();
  public final List<Event> published = new CopyOnWriteArrayList<>();
  public final Controller<ServiceKey> controller;
  public final WorkQueue<EnvironmentKey> releaseQueue;
  public final Controller<EnvironmentKey> releases;

  /** What the router measured per revision, as the test sets it (the release watch reads it). */
  public final FakeTrafficWindows traffic = new FakeTrafficWindows();

  /** The cron controller, its delay queue and the controller that drives it. */
  public final WorkQueue<ServiceKey> cronQueue;

  public final CronController cron;
  public final Controller<ServiceKey> crons;
  public final CronCommands cronCommands;

  /** The autoscaler, its delay queue, the controller that drives it and the triggers it reads. */
  public final FakeTriggerSources triggers = new FakeTriggerSources();

  /** What the router "measured" for {@code http} triggers, as the test sets it. */
  public final dev.berth.testkit.autoscale.FakeHttpTraffic http =
      new dev.berth.testkit.autoscale.FakeHttpTraffic();

  public final WorkQueue<ServiceKey> autoscaleQueue;
  public final AutoscaleController autoscaler;
  public final Controller<ServiceKey> autoscalers;

  /** How long a release may take to converge before it fails (and is rolled back). */
  public final Duration progressDeadline = DeploySpec.DEFAULT.progressDeadline();

  public final ApplyService apply;
  public final ServiceCommands commands;
  public final DestroyService destroy;
  public final RollbackService rollback;

  /** Code "packed" in place: a checkout is the applied directory itself. */
  public final DirectoryAppCode code;

  /** Builds that produce their source, unless told to fail. */
  public final PassThroughBuilder builder = new PassThroughBuilder();

  /** Release commands that end when the test says so. */
  public final FakeReleaseCommands releaseCommands = new FakeReleaseCommands();

  public final StatusService status;
  public final Duration grace = Duration.ofSeconds(30);

  /** Who the harness's use cases act as. */
  public static final Actor ACTOR = new Actor("tester", "test");

  /** Reconciles that threw: a scenario with any fails in {@link #runUntilIdle}. */
  private final List<String> failures = new CopyOnWriteArrayList<>();

  public EngineHarness(MutableClock clock, Store store, FakeRuntime runtime) {
    this.clock = clock;
    this.code = new DirectoryAppCode(clock);
    this.store = store;
    this.runtime = runtime;
    this.queue = new WorkQueue<>(clock, RetryBackoff.DEFAULT);
    this.cache = new RuntimeCache(queue::add);
    cache.attach(runtime);
    bus.subscribe(published::add);
    this.releaseQueue = new WorkQueue<>(clock, RetryBackoff.DEFAULT);
    ServiceReconciler reconciler =
        new ServiceReconciler(
            store, runtime, cache, bus, ReplicaIds.sequential(), clock, grace, releaseQueue::add);
    this.controller =
        new Controller<>("replicas", queue, reconciler, (key, e) -> failures.add(key + ": " + e));
    Wake wake = Wake.of(queue::add, releaseQueue::add);
    this.releases =
        new Controller<>(
            "releases",
            releaseQueue,
            new ReleaseReconciler(
                store,
                bus,
                wake::service,
                clock,
                code,
                releaseCommands,
                releaseQueue::add,
                traffic),
            (key, e) -> failures.add(key + ": " + e));
    this.cronQueue = new WorkQueue<>(clock, RetryBackoff.DEFAULT);
    this.cron = new CronController(store, runtime, bus, clock, grace, cronQueue::add);
    this.crons =
        new Controller<>("cron", cronQueue, cron, (key, e) -> failures.add(key + ": " + e));
    bus.subscribe(cron::onEvent);
    this.cronCommands = new CronCommands(store, bus, clock);
    this.autoscaleQueue = new WorkQueue<>(clock, RetryBackoff.DEFAULT);
    this.autoscaler =
        new AutoscaleController(
            store, triggers, http, cache::status, bus, clock, queue::add, autoscaleQueue::add);
    this.autoscalers =
        new Controller<>(
            "autoscale", autoscaleQueue, autoscaler, (key, e) -> failures.add(key + ": " + e));
    bus.subscribe(autoscaler::onEvent);
    this.apply = new ApplyService(store, bus, wake, clock, RunAsPolicy.UNSUPPORTED, code, builder);
    this.commands = new ServiceCommands(store, bus, wake, clock);
    this.destroy = new DestroyService(store, bus, wake, clock);
    this.rollback = new RollbackService(store, bus, wake, clock, apply.queue(), code);
    this.status =
        new StatusService(
            store,
            cache,
            k ->
                "http://"
                    + k.service()
                    + "."
                    + k.environment()
                    + "."
                    + k.project()
                    + ".localhost:8080/",
            clock,
            autoscaler::view);
  }

  /** What {@code berth up} does before serving: claim records, stop leftovers, queue everything. */
  public EngineHarness recover() {
    StartupRecovery.run(store, runtime, cache, queue::add, grace, clock);
    cron.queueAll();
    autoscaler.queueAll();
    return this;
  }

  /** Processes reconciles until none is due now. Returns how many ran. */
  public int runUntilIdle() {
    int steps = 0;
    while (controller.processOne()
        || releases.processOne()
        || crons.processOne()
        || autoscalers.processOne()) {
      if (!failures.isEmpty()) {
        throw new AssertionError("a reconcile failed (the real loop would retry it): " + failures);
      }
      if (++steps > MAX_STEPS) {
        throw new AssertionError(
            "controller did not go idle after " + MAX_STEPS + " reconciles: livelock");
      }
    }
    return steps;
  }

  /** Moves time forward and processes what became due. */
  public int advance(Duration d) {
    clock.advance(d);
    return runUntilIdle();
  }

  public ApplyResult apply(String yaml, Path sourceDir, String environment) {
    ApplyResult r =
        apply.apply(
            new ApplyRequest(
                "berth.yaml", yaml, null, sourceDir.toString(), environment, ACTOR, "", "", null));
    runUntilIdle();
    return r;
  }

  public EnvironmentView status(String project, String environment) {
    return status.status(new EnvironmentKey(project, environment));
  }

  /**
   * Makes every starting replica ready and settles, again and again while the settling starts more
   * (a rolling update creates its next replicas as earlier ones become ready).
   */
  public void readyAll() {
    runUntilIdle(); // a change made around the harness (a use case called directly) first
    for (int round = 0; round < MAX_READY_ROUNDS; round++) {
      List<String> starting = runtime.ids(dev.berth.engine.runtime.ReplicaState.STARTING);
      if (starting.isEmpty()) {
        return;
      }
      for (String id : starting) {
        runtime.ready(id);
      }
      runUntilIdle();
    }
    throw new AssertionError("replicas kept starting after " + MAX_READY_ROUNDS + " rounds");
  }

  private static final int MAX_READY_ROUNDS = 1000;

  /** Completes every pending stop and settles. */
  public void finishStops() {
    runtime.finishAllStopping();
    runUntilIdle();
  }

  /** Types of the events published so far, in order. */
  public List<String> eventTypes() {
    return published.stream().map(Event::type).toList();
  }
}
