package dev.berth.engine.release;

import dev.berth.core.rollout.RolloutPlan;
import dev.berth.core.rollout.RolloutStatus;
import dev.berth.engine.app.Actor;
import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.controller.Rollouts;
import dev.berth.engine.queue.Reconciler;
import dev.berth.engine.queue.Result;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows the deploying release of one environment to its outcome — the Deployment controller's
 * status half, plus the automatic rollback Kubernetes leaves to the user.
 *
 * <p>One reconcile reads the newest {@code deploying} release and, for every service whose template
 * that release introduced, where its rollout stands ({@link Rollouts#status}: the same decision the
 * replica controller acts on, with the service's {@code deploy} settings). Then:
 *
 * <ul>
 *   <li>every such service converged: the release goes {@code live}, the one live before is {@code
 *       superseded};
 *   <li>a rollout failed (a new replica crash-loops, or no new replica became available for the
 *       service's {@code progressDeadline}): the release failed. With automatic rollback and an
 *       earlier live release, that release's desired state is restored ({@link ReleaseRestore}) and
 *       the failed one is {@code rolled-back}, the restored replicas rolled out all at once ({@link
 *       dev.berth.core.model.DeploySpec#rollbackSettings()}); otherwise (no earlier live release,
 *       or the failed service has {@code autoRollback: false}) it is {@code failed} and the
 *       replicas stay as they are (the old ones still serve: they are never stopped before new ones
 *       are ready);
 *   <li>otherwise it checks again when a rollout's deadline or minReady falls due (replica changes
 *       wake it earlier).
 * </ul>
 *
 * Every outcome is written in one transaction with its events and an audit entry, so a control
 * plane killed at any point restarts into a state from which the same reconcile finishes the job.
 */
public final class ReleaseReconciler implements Reconciler<EnvironmentKey> {
  private final Store store;
  private final EventBus bus;
  private final Consumer<ServiceKey> wake;
  private final Clock clock;
  private final AppCode code;
  private final ReleaseCommands commands;
  private final Consumer<EnvironmentKey> again;
  private final ReleaseCommandStep commandStep = new ReleaseCommandStep();
  private final ReleaseWatch watch;

  /**
   * @param wake asks the replica controller to reconcile a service whose desired state a rollback
   *     changed
   * @param code where a restored release's code is checked out
   * @param commands runs release commands
   * @param again queues an environment for this controller (when a release command ends)
   * @param traffic what the router measured per revision, for the watch of a live release
   */
  public ReleaseReconciler(
      Store store,
      EventBus bus,
      Consumer<ServiceKey> wake,
      Clock clock,
      AppCode code,
      ReleaseCommands commands,
      Consumer<EnvironmentKey> again,
      TrafficWindows traffic) {
    this.store = store;
    this.watch = new ReleaseWatch(traffic);
    this.bus = bus;
    this.wake = wake;
    this.clock = clock;
    this.code = code;
    this.commands = commands;
    this.again = again;
  }

  private record Outcome(
      List<Event> events, Set<ServiceKey> touched, Duration recheck, ReleaseCommands.Run start) {
    Outcome(List<Event> events, Set<ServiceKey> touched, Duration recheck) {
      this(events, touched, recheck, null);
    }
  }

  @Override
  public Result reconcile(EnvironmentKey key) {
    Instant now = clock.instant();
    Outcome o = store.write(tx -> decide(tx, key, now));
    bus.publish(o.events());
    o.touched().forEach(wake);
    if (o.start() != null) { // only now that "running" is stored
      commands.start(o.start(), outcome -> commandDone(o.start(), outcome));
    }
    return o.recheck() == null ? Result.done() : Result.requeueAfter(o.recheck());
  }

  /** Stores a release command's outcome and looks at the release again. */
  private void commandDone(ReleaseCommands.Run run, ReleaseCommands.Outcome outcome) {
    List<Event> events = new ArrayList<>();
    List<ServiceKey> start =
        store.write(
            tx ->
                commandStep.finish(tx, run.env(), run.version(), outcome, clock.instant(), events));
    bus.publish(events);
    start.forEach(wake);
    again.accept(run.env());
  }

  private Outcome decide(StoreTx tx, EnvironmentKey key, Instant now) {
    List<Event> events = new ArrayList<>();
    Set<ServiceKey> touched = new LinkedHashSet<>();
    List<ReleaseRecord> deploying = tx.releases().withStatus(key, ReleaseStatus.DEPLOYING);
    if (deploying.isEmpty()) {
      return watchLive(tx, key, now, events, touched);
    }
    ReleaseRecord release = deploying.get(0);
    for (ReleaseRecord older : deploying.subList(1, deploying.size())) {
      finish(tx, older, ReleaseStatus.SUPERSEDED, "superseded by " + release.label(), now, events);
    }
    switch (release.phase()) {
      case PENDING -> {
        return new Outcome(events, touched, null, commandStep.begin(tx, release, now, events));
      }
      case RUNNING -> {
        if (commandStep.runs(release)) {
          return new Outcome(events, touched, null); // its outcome wakes this controller
        }
        fail(
            tx,
            release,
            "the release command was interrupted by a restart of the control plane; it is not"
                + " run twice: apply again to run it",
            true,
            now,
            events,
            touched);
        return new Outcome(events, touched, null);
      }
      case FAILED -> {
        fail(tx, release, release.reason(), true, now, events, touched);
        return new Outcome(events, touched, null);
      }
      case NONE, SUCCEEDED -> {
        // on to the rollout
      }
    }
    Optional<String> failure = Optional.empty();
    boolean restore = true;
    Instant recheck = null;
    List<String> waiting = new ArrayList<>();
    for (ServiceRecord s : tx.services().list(key)) {
      if (!s.release().equals(release.label())) {
        continue; // this release did not change its template: nothing to roll out
      }
      RolloutPlan p = Rollouts.status(tx, s, now);
      RolloutStatus st = p.status();
      if (st.phase() == RolloutStatus.Phase.FAILED) {
        failure = Optional.of(s.key().service() + ": " + st.failure().message());
        restore = s.spec().deploy().autoRollback();
        break;
      }
      Optional<String> answers = watch.duringRollout(s);
      if (answers.isPresent()) {
        failure = answers;
        restore = s.spec().deploy().autoRollback();
        break;
      }
      if (st.phase() == RolloutStatus.Phase.PROGRESSING) {
        waiting.add(s.key().service());
        if (p.recheckAt() != null && (recheck == null || p.recheckAt().isBefore(recheck))) {
          recheck = p.recheckAt();
        }
      }
    }
    if (failure.isPresent()) {
      fail(tx, release, failure.get(), restore, now, events, touched);
      return new Outcome(events, touched, null);
    }
    if (!waiting.isEmpty()) {
      // while new replicas answer, their answers are judged every second too (the watch's rule)
      recheck =
          recheck == null || recheck.isAfter(now.plus(ReleaseWatch.INTERVAL))
              ? now.plus(ReleaseWatch.INTERVAL)
              : recheck;
      Duration after = Duration.between(now, recheck);
      return new Outcome(events, touched, after.isNegative() ? Duration.ZERO : after);
    }
    for (ReleaseRecord live : tx.releases().withStatus(key, ReleaseStatus.LIVE)) {
      finish(tx, live, ReleaseStatus.SUPERSEDED, "superseded by " + release.label(), now, events);
    }
    finish(tx, release, ReleaseStatus.LIVE, "", now, events);
    return watchLive(tx, key, now, events, touched);
  }

  /**
   * Judges the live release during its watch ({@link ReleaseWatch}). A failing one is rolled back
   * to the last good release before it, as a failed rollout is, when the failing service has {@code
   * autoRollback} and such a release exists; otherwise it stays live (it is what runs) with the
   * verdict as its reason and a {@code ReleaseWatchFailed} event.
   */
  private Outcome watchLive(
      StoreTx tx, EnvironmentKey key, Instant now, List<Event> events, Set<ServiceKey> touched) {
    Optional<ReleaseRecord> live = Releases.live(tx, key);
    if (live.isEmpty()) {
      return new Outcome(events, touched, null);
    }
    ReleaseWatch.Look look = watch.look(tx, live.get(), now);
    if (look.failure().isEmpty()) {
      return new Outcome(events, touched, look.recheck());
    }
    ReleaseRecord bad = live.get();
    String why = look.failure().get();
    Optional<ReleaseRecord> good =
        look.autoRollback()
            ? Releases.lastGoodBefore(tx.releases().list(key, 0), bad.version())
            : Optional.empty();
    if (good.isEmpty()) {
      String kept =
          why
              + (look.autoRollback()
                  ? "; no earlier good release to restore, so it stays live"
                  : "; autoRollback is off, so it stays live");
      tx.releases().finish(bad.finished(ReleaseStatus.LIVE, kept, now));
      events.add(
          tx.events()
              .append(
                  Event.of(
                      now, key, "ReleaseWatchFailed", bad.label() + " failed its watch: " + kept)));
      return new Outcome(events, touched, null);
    }
    touched.addAll(
        ReleaseRestore.restore(
            tx, good.get(), tx.releases().list(key, 0), now, events, null, code));
    finish(
        tx,
        bad,
        ReleaseStatus.ROLLED_BACK,
        why + "; rolled back to " + good.get().label(),
        now,
        events);
    finish(
        tx,
        good.get(),
        ReleaseStatus.LIVE,
        "restored: " + bad.label() + " failed its watch",
        now,
        events);
    auditRollback(
        tx, now, key, bad.label() + " -> " + good.get().label() + " (automatic, watch)", why);
    return new Outcome(events, touched, null);
  }

  private void fail(
      StoreTx tx,
      ReleaseRecord release,
      String why,
      boolean restore,
      Instant now,
      List<Event> events,
      Set<ServiceKey> touched) {
    EnvironmentKey key = release.key();
    Optional<ReleaseRecord> previous = Releases.live(tx, key);
    if (!restore) {
      finish(tx, release, ReleaseStatus.FAILED, why + "; autoRollback is off", now, events);
      return;
    }
    if (previous.isEmpty()) {
      finish(
          tx,
          release,
          ReleaseStatus.FAILED,
          why + "; no earlier live release to restore",
          now,
          events);
      return;
    }
    Set<ServiceKey> restored =
        ReleaseRestore.restore(
            tx, previous.get(), tx.releases().list(key, 0), now, events, null, code);
    touched.addAll(restored);
    finish(
        tx,
        release,
        ReleaseStatus.ROLLED_BACK,
        why + "; rolled back to " + previous.get().label(),
        now,
        events);
    auditRollback(
        tx, now, key, release.label() + " -> " + previous.get().label() + " (automatic)", why);
  }

  /** The audit entry of an automatic rollback, by {@code berth}. */
  private static void auditRollback(
      StoreTx tx, Instant now, EnvironmentKey key, String what, String why) {
    tx.audit()
        .append(AuditEntry.of(now, Actor.BERTH.display(), "rollback", key, what + ": " + why));
  }

  private static void finish(
      StoreTx tx, ReleaseRecord r, ReleaseStatus to, String why, Instant now, List<Event> events) {
    tx.releases().finish(r.finished(to, why, now));
    String type =
        switch (to) {
          case LIVE -> "ReleaseLive";
          case FAILED -> "ReleaseFailed";
          case ROLLED_BACK -> "ReleaseRolledBack";
          case SUPERSEDED -> "ReleaseSuperseded";
          case DEPLOYING -> "ReleaseDeploying";
        };
    String text = r.label() + " is " + to.wireName() + (why.isEmpty() ? "" : ": " + why);
    events.add(tx.events().append(Event.of(now, r.key(), type, text)));
  }
}
