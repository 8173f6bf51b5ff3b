package dev.berth.server;

import dev.berth.artifacts.JGitRepository;
import dev.berth.artifacts.NetrcCredentials;
import dev.berth.engine.app.ApplyService;
import dev.berth.engine.app.DestroyService;
import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.gitops.EnvironmentService;
import dev.berth.engine.gitops.SyncController;
import dev.berth.engine.gitops.SyncService;
import dev.berth.engine.gitops.TrackingService;
import dev.berth.engine.queue.Controller;
import dev.berth.engine.queue.ControllerRunner;
import dev.berth.engine.queue.RetryBackoff;
import dev.berth.engine.queue.WorkQueue;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Store;
import dev.berth.server.api.GitopsContext;
import dev.berth.server.gitops.WebhookSecret;
import java.time.Clock;

/**
 * The GitOps part of the control plane: the sync controller (its own queue and one thread: a clone
 * may take long and must not hold up replicas), the JGit repository port, the webhook secret.
 */
final class GitopsWiring implements AutoCloseable {
  private final ControllerRunner<EnvironmentKey> runner;
  private final GitopsContext context;

  private GitopsWiring(ControllerRunner<EnvironmentKey> runner, GitopsContext context) {
    this.runner = runner;
    this.context = context;
  }

  static GitopsWiring start(
      ServerConfig config,
      Store store,
      EventBus bus,
      Clock clock,
      ApplyService apply,
      DestroyService destroy,
      AppCode code) {
    JGitRepository git =
        new JGitRepository(
            code,
            config.dataDir().resolve("git"),
            java.time.Duration.ofMinutes(2),
            NetrcCredentials.fromEnvironment(System.getenv()).orElse(null));
    WorkQueue<EnvironmentKey> queue = new WorkQueue<>(clock, RetryBackoff.DEFAULT);
    SyncService sync = new SyncService(store, git, apply, bus, clock);
    SyncController controller = new SyncController(store, sync, clock, queue::add);
    EnvironmentService environments = new EnvironmentService(store, apply, destroy, clock);
    TrackingService tracking =
        new TrackingService(store, bus, clock, controller::wake, environments);
    ControllerRunner<EnvironmentKey> runner =
        new ControllerRunner<>(new Controller<>("gitops", queue, controller));
    controller.queueAll();
    runner.start(1);
    return new GitopsWiring(
        runner,
        new GitopsContext(
            store,
            sync,
            tracking,
            environments,
            WebhookSecret.load(config.dataDir(), System.getenv()),
            clock));
  }

  GitopsContext context() {
    return context;
  }

  @Override
  public void close() {
    runner.close();
  }
}
