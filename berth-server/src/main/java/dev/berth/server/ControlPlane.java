package dev.berth.server;

import dev.berth.artifacts.BuildRunner;
import dev.berth.artifacts.FileArtifactStore;
import dev.berth.artifacts.GitSource;
import dev.berth.artifacts.LocalAppCode;
import dev.berth.artifacts.NetrcCredentials;
import dev.berth.artifacts.ProcessReleaseCommands;
import dev.berth.core.decide.ArtifactRetention;
import dev.berth.engine.app.ApplyLocks;
import dev.berth.engine.app.ApplyService;
import dev.berth.engine.app.ConfigRelease;
import dev.berth.engine.app.DestroyService;
import dev.berth.engine.app.ServiceCommands;
import dev.berth.engine.app.Wake;
import dev.berth.engine.app.status.StatusService;
import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.autoscale.AutoscaleController;
import dev.berth.engine.config.ConfigBuilder;
import dev.berth.engine.config.ConfigReleaseCommands;
import dev.berth.engine.config.ConfigRuntime;
import dev.berth.engine.config.ConfigService;
import dev.berth.engine.config.ConfigVariables;
import dev.berth.engine.config.RedactingStore;
import dev.berth.engine.config.Redactor;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.controller.ReplicaIds;
import dev.berth.engine.controller.RuntimeCache;
import dev.berth.engine.controller.ServiceReconciler;
import dev.berth.engine.controller.StartupRecovery;
import dev.berth.engine.cron.CronCommands;
import dev.berth.engine.cron.CronController;
import dev.berth.engine.queue.Controller;
import dev.berth.engine.queue.ControllerRunner;
import dev.berth.engine.queue.RetryBackoff;
import dev.berth.engine.queue.WorkQueue;
import dev.berth.engine.release.ArtifactJanitor;
import dev.berth.engine.release.PromoteService;
import dev.berth.engine.release.ReleaseReconciler;
import dev.berth.engine.release.RollbackService;
import dev.berth.engine.runtime.Runtime;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.Store;
import dev.berth.router.HostNames;
import dev.berth.router.Router;
import dev.berth.router.RouterConfig;
import dev.berth.runtime.local.LocalRuntime;
import dev.berth.runtime.local.LocalRuntimeConfig;
import dev.berth.runtime.local.StopProgress;
import dev.berth.server.api.ApiContext;
import dev.berth.server.api.ApiServer;
import dev.berth.server.api.ArtifactUploads;
import dev.berth.server.routing.AutoscaleGate;
import dev.berth.server.routing.LiveRouteTable;
import dev.berth.server.routing.RevisionTraffic;
import dev.berth.server.secrets.MasterKeyFile;
import dev.berth.store.Stores;
import dev.berth.triggers.TriggerAdapters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane of one machine, wired: store, local runtime, replica controller, router, API.
 * The imperative shell: it owns threads and sockets; every decision happens in the engine.
 *
 * <p>Start order matters: the data directory first (made or tightened to 0700, see {@link
 * DataDirectory}), then the store (fail fast on a bad data directory), then the runtime and
 * recovery (adopt or stop what an earlier control plane left), then the controller, then the router
 * and the API (so nothing is served before state is known). Close reverses it; replicas are stopped
 * gracefully unless {@code keepRunning}.
 */
public final class ControlPlane implements AutoCloseable {
  /** How often old artifacts are deleted (the first sweep a minute after start). */
  static final long ARTIFACT_SWEEP_MINUTES = 10;

  /** How long a git clone for {@code berth apply --git} may take. */
  static final java.time.Duration GIT_TIMEOUT = java.time.Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

  /** How often the route table is rebuilt whole, as a safety net: changes apply one by one. */
  private static final long ROUTE_REBUILD_SECONDS = 60;

  private final ServerConfig config;
  private final Clock clock;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Store store;
  private LocalRuntime runtime;
  private WorkQueue<ServiceKey> queue;
  private volatile Router router;
  private ApiServer api;
  private StatusService status;
  private ScheduledExecutorService background;

  public ControlPlane(ServerConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Starts everything; on failure, closes what started and rethrows. */
  public ControlPlane start() {
    try {
      doStart();
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void doStart() {
    try {
      DataDirectory.secure(config.dataDir()).ifPresent(log::warn);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "cannot use data directory "
              + config.dataDir()
              + ": "
              + e.getMessage()
              + "; choose another with --data-dir",
          e);
    }
    // every event and audit entry passes the redactor on its way in (docs/config.md)
    store =
        new RedactingStore(Stores.open(config.databaseUrl(), config.dataDir()), Redactor.shared());
    closeables.add(store);
    // config vars reach processes here, and only here: replicas, cron runs, release commands,
    // builds
    ConfigVariables configVars =
        ConfigVariables.open(store, MasterKeyFile.in(config.dataDir()), Redactor.shared());
    configVars.learnSecrets().ifPresent(problem -> log.error("config secrets: {}", problem));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EventBus bus = new EventBus();
    bus.subscribe(
        e ->
            log.info(
                "{} {}/{}{}{} {}",
                e.type(),
                e.project(),
                e.environment(),
                e.service().isEmpty() ? "" : " " + e.service(),
                e.replica().isEmpty() ? "" : " " + e.replica(),
                e.message()));

    queue = new WorkQueue<>(clock, RetryBackoff.DEFAULT);
    RuntimeCache cache = new RuntimeCache(queue::add);
    runtime =
        new LocalRuntime(
            LocalRuntimeConfig.defaults(config.dataDir()).withBackoff(config.backoff()), clock);
    closeables.add(runtime);
    log.info("local runtime ready: {}", runtime.summary());
    Runtime withConfig = new ConfigRuntime(runtime, configVars::of); // config vars over spec env
    cache.attach(runtime);

    // The route table follows changes service by service (see LiveRouteTable): runtime statuses
    // name the replica, events their service or environment. A full rebuild now and then is only
    // a safety net against a change nobody reported.
    LiveRouteTable routes = new LiveRouteTable(store, cache::status);
    // what the router measures per revision, read by the watch of a live release
    RevisionTraffic traffic = new RevisionTraffic();
    background = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "berth-routes"));
    AtomicBoolean refreshQueued = new AtomicBoolean();
    Runnable applySoon =
        () -> {
          if (refreshQueued.compareAndSet(false, true)) {
            try {
              background.execute(
                  () -> {
                    refreshQueued.set(false);
                    try {
                      // Again while it found a status that changed as it ran (bounded: a flapping
                      // replica waits for its next report instead of holding this thread).
                      for (int pass = 0; pass < 10 && routes.hasChanges(); pass++) {
                        Set<ServiceKey> removed = routes.applyChanges();
                        Router current = router;
                        if (current != null) {
                          current.forgetRemovedServices(removed);
                          removed.forEach(traffic::forget);
                        }
                      }
                    } catch (RuntimeException e) {
                      log.warn("route update failed: {}", e.toString());
                    }
                  });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
              // the control plane is closing: the router is already gone
            }
          }
        };
    runtime.watch(
        s -> {
          routes.replicaChanged(s);
          if (routes.hasChanges()) {
            applySoon.run(); // not for usage samples: they change no route
          }
        });
    bus.subscribe(
        e -> {
          routes.onEvent(e);
          applySoon.run();
        });
    background.scheduleWithFixedDelay(
        () -> {
          try {
            routes.refreshAll();
            Router current = router;
            if (current != null) {
              current.forgetRemovedServices();
            }
          } catch (RuntimeException e) {
            log.warn("route rebuild failed: {}", e.toString());
          }
        },
        ROUTE_REBUILD_SECONDS,
        ROUTE_REBUILD_SECONDS,
        TimeUnit.SECONDS);

    FileArtifactStore artifacts =
        new FileArtifactStore(config.dataDir().resolve("artifacts"), clock);
    AppCode code =
        new LocalAppCode(
            artifacts,
            config.dataDir().resolve("code"),
            config.maxArtifactBytes(),
            new GitSource(
                config.dataDir().resolve("git"),
                GIT_TIMEOUT,
                NetrcCredentials.fromEnvironment(System.getenv()).orElse(null)));
    WorkQueue<EnvironmentKey> releaseQueue = new WorkQueue<>(clock, RetryBackoff.DEFAULT);
    ProcessReleaseCommands releaseCommands =
        new ProcessReleaseCommands(
            config.dataDir().resolve("releases"),
            config.dataDir().resolve("volumes"),
            config.stopGrace());
    closeables.add(releaseCommands);
    Wake wake = Wake.of(queue::add, releaseQueue::add);
    ServiceReconciler reconciler =
        new ServiceReconciler(
            store,
            withConfig,
            cache,
            bus,
            ReplicaIds.random(),
            clock,
            config.stopGrace(),
            releaseQueue::add);
    Controller<ServiceKey> controller = new Controller<>("replicas", queue, reconciler);
    ControllerRunner<EnvironmentKey> releaseRunner =
        new ControllerRunner<>(
            new Controller<>(
                "releases",
                releaseQueue,
                new ReleaseReconciler(
                    store,
                    bus,
                    wake::service,
                    clock,
                    code,
                    new ConfigReleaseCommands(releaseCommands, configVars::of),
                    releaseQueue::add,
                    traffic)));
    // the router binds its port before any replica is started: a replica given that port by
    // the kernel would crash
    AutoscaleGate scaleFromZero = new AutoscaleGate(); // holds requests at zero replicas
    router =
        new Router(
            new RouterConfig(
                config.routerHost(),
                config.routerPort(),
                RouterConfig.DEFAULT_REQUEST_TIMEOUT,
                RouterConfig.DEFAULT_CONNECT_TIMEOUT,
                RouterConfig.DEFAULT_MAX_CONNECT_ATTEMPTS),
            routes,
            metrics,
            traffic,
            scaleFromZero);
    router.start();
    closeables.add(router);

    releaseRunner.start(1);
    closeables.add(releaseRunner);
    StartupRecovery.run(store, runtime, cache, queue::add, config.stopGrace(), clock);
    ControllerRunner<ServiceKey> runner = new ControllerRunner<>(controller);
    runner.start(2);
    closeables.add(runner);
    // cron services: one key per service in a delay queue due at its next scheduled time
    WorkQueue<ServiceKey> cronQueue = new WorkQueue<>(clock, RetryBackoff.DEFAULT);
    CronController cron =
        new CronController(store, withConfig, bus, clock, config.stopGrace(), cronQueue::add);
    bus.subscribe(cron::onEvent);
    ControllerRunner<ServiceKey> cronRunner =
        new ControllerRunner<>(new Controller<>("cron", cronQueue, cron));
    cron.queueAll();
    cronRunner.start(1);
    closeables.add(cronRunner);
    // autoscaled services: one key per service, due every pollingInterval
    WorkQueue<ServiceKey> autoscaleQueue = new WorkQueue<>(clock, RetryBackoff.DEFAULT);
    AutoscaleController autoscaler =
        new AutoscaleController(
            store,
            new TriggerAdapters(),
            router.httpTraffic(),
            cache::status,
            bus,
            clock,
            queue::add,
            autoscaleQueue::add);
    scaleFromZero.attach(autoscaler);
    autoscaler.configVars(configVars::of); // <param>FromEnv reads config vars too
    bus.subscribe(autoscaler::onEvent);
    ControllerRunner<ServiceKey> autoscaleRunner =
        new ControllerRunner<>(new Controller<>("autoscale", autoscaleQueue, autoscaler));
    autoscaler.queueAll();
    autoscaleRunner.start(2);
    closeables.add(autoscaler::close);
    closeables.add(autoscaleRunner);
    routes.refreshAll();

    ArtifactJanitor janitor =
        new ArtifactJanitor(store, code, new ArtifactRetention(config.keepArtifacts()), clock);
    background.scheduleWithFixedDelay(
        () -> {
          try {
            Set<String> deleted = janitor.sweep();
            if (!deleted.isEmpty()) {
              log.info("deleted {} old artifact(s): {}", deleted.size(), deleted);
            }
          } catch (RuntimeException e) {
            log.warn("deleting old artifacts failed: {}", e.toString());
          }
        },
        1,
        ARTIFACT_SWEEP_MINUTES,
        TimeUnit.MINUTES);

    status = new StatusService(store, cache, this::url, clock, autoscaler::view);
    ApplyService apply =
        new ApplyService(
            store,
            bus,
            wake,
            clock,
            runtime.runAs(),
            code,
            new ConfigBuilder(
                new BuildRunner(artifacts, config.dataDir().resolve("builds")), configVars::of));
    background.scheduleWithFixedDelay( // keeps this control plane's apply locks alive
        () -> {
          try {
            apply.locks().heartbeat();
          } catch (RuntimeException e) {
            log.warn("extending apply locks failed: {}", e.toString());
          }
        },
        ApplyLocks.HEARTBEAT.toMillis(),
        ApplyLocks.HEARTBEAT.toMillis(),
        TimeUnit.MILLISECONDS);
    ServiceCommands commands = new ServiceCommands(store, bus, wake, clock);
    DestroyService destroy = new DestroyService(store, bus, wake, clock);
    ConfigService configService =
        new ConfigService(
            store, configVars, new ConfigRelease(apply, store, bus, wake, clock), clock);
    GitopsWiring gitops = GitopsWiring.start(config, store, bus, clock, apply, destroy, code);
    gitops.context().environments().copyConfigWith(configService::copy); // previews get config
    closeables.add(gitops);
    api =
        new ApiServer(
                new ApiContext(
                    store,
                    apply,
                    commands,
                    destroy,
                    new RollbackService(store, bus, wake, clock, apply.queue(), code),
                    new PromoteService(store, apply),
                    new ArtifactUploads(artifacts, config.maxArtifactBytes()),
                    releaseCommands,
                    status,
                    runtime,
                    key ->
                        runtime.replicaIdsWithLogs(key.project(), key.environment(), key.service()),
                    metrics,
                    clock,
                    new CronCommands(store, bus, clock),
                    autoscaler::explain,
                    configService),
                gitops.context())
            .start(config.apiHost(), config.apiPort());
    closeables.add(api);
  }

  /** {@code http://web.production.lms.localhost:8080/}. */
  public String url(ServiceKey key) {
    int port = router == null ? config.routerPort() : router.port();
    return "http://" + HostNames.hostName(key) + ":" + port + "/";
  }

  public Store store() {
    return store;
  }

  public StatusService status() {
    return status;
  }

  public int apiPort() {
    return api.port();
  }

  public int routerPort() {
    return router.port();
  }

  public String apiUrl() {
    return "http://" + config.apiHost() + ":" + apiPort();
  }

  /**
   * Stops the API and router, then (unless keepRunning) every replica gracefully, then the rest.
   */
  @Override
  public void close() {
    close(null);
  }

  /**
   * {@link #close()}, telling {@code progress} how many replicas are still running while they stop
   * ({@code null}: logged about once a second).
   */
  public synchronized void close(StopProgress progress) {
    if (background != null) {
      background.shutdownNow(); // no route refresh against a store about to close
    }
    List<AutoCloseable> order = new ArrayList<>(closeables);
    java.util.Collections.reverse(order);
    // API and router stop first so nothing new arrives; replicas stop before the runtime closes.
    for (AutoCloseable c : order) {
      if (c == runtime && !config.keepRunning()) {
        log.info(
            "stopping replicas (grace {} s; --keep-running leaves them running)",
            config.stopGrace().toSeconds());
        if (progress == null) {
          runtime.stopAll(config.stopGrace());
        } else {
          runtime.stopAll(config.stopGrace(), progress);
        }
      }
      closeQuietly(c);
    }
    closeables.clear();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
