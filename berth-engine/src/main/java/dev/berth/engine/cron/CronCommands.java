package dev.berth.engine.cron;

import dev.berth.core.cron.CronRun;
import dev.berth.core.cron.CronRun.State;
import dev.berth.core.cron.CronSchedules;
import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.app.Actor;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.Lookups;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.CronState;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code berth cron} use cases: list cron services with their next and last run, list a
 * service's runs, trigger a run, suspend and resume. Each change is one transaction with an event
 * (which wakes the cron controller) and an audit entry.
 */
public final class CronCommands {

  /**
   * One run as {@code berth cron runs -o json} shows it; {@code durationMs} is its last attempt's
   * start to its end, once it ended after starting ({@code null} otherwise).
   */
  public record RunView(
      String id,
      Instant scheduledAt,
      Instant startedAt,
      Instant endedAt,
      String result,
      Integer exitCode,
      int attempts,
      boolean manual,
      Long durationMs) {
    static RunView of(CronRun r) {
      Long duration =
          r.startedAt() == null || r.endedAt() == null
              ? null
              : java.time.Duration.between(r.startedAt(), r.endedAt()).toMillis();
      return new RunView(
          r.id(),
          r.scheduledAt(),
          r.startedAt(),
          r.endedAt(),
          r.state().wireName(),
          r.exitCode(),
          r.attempt(),
          r.manual(),
          duration);
    }
  }

  /** One cron service as {@code berth cron list -o json} shows it. */
  public record CronView(
      String name,
      String schedule,
      String timezone,
      boolean suspended,
      Instant nextRun,
      RunView lastRun) {}

  private final Store store;
  private final EventBus bus;
  private final Clock clock;

  public CronCommands(Store store, EventBus bus, Clock clock) {
    this.store = store;
    this.bus = bus;
    this.clock = clock;
  }

  /** The environment's cron services, in spec order. */
  public List<CronView> list(EnvironmentKey env) {
    Instant now = clock.instant();
    return store.read(
        (StoreTx tx) -> {
          if (tx.environments().get(env).isEmpty()) {
            throw Lookups.noEnvironment(tx, env);
          }
          List<CronView> out = new ArrayList<>();
          for (ServiceRecord s : tx.services().list(env)) {
            if (s.spec().type() == ServiceType.CRON) {
              out.add(view(tx, s, now));
            }
          }
          return out;
        });
  }

  /**
   * A cron service as {@code berth cron list} and {@code berth status} show it: its next run (none
   * while suspended; after a run decided ahead, the one after it) and its newest run that is not
   * waiting for room.
   */
  public static CronView view(StoreTx tx, ServiceRecord s, Instant now) {
    CronSchedule c = s.spec().cron();
    CronState st = tx.cron().state(s.key()).orElse(null);
    boolean suspended = c.suspend() || s.stopped() || (st != null && st.suspended());
    Instant from = st != null && st.lastScheduled().isAfter(now) ? st.lastScheduled() : now;
    Instant next = suspended ? null : CronSchedules.next(c, from).orElse(null);
    RunView last = null;
    for (CronRun r : tx.cron().list(s.key())) {
      if (r.state() != State.PENDING) {
        last = RunView.of(r);
        break;
      }
    }
    return new CronView(s.key().service(), c.expression(), c.timezone(), suspended, next, last);
  }

  /** The service's runs, newest first. */
  public List<RunView> runs(ServiceKey key) {
    return store.read(
        (StoreTx tx) -> {
          cronService(tx, key);
          return tx.cron().list(key).stream().map(RunView::of).toList();
        });
  }

  /**
   * Starts a manual run now, honouring {@code concurrency}: refused under {@code forbid} while a
   * run is active; under {@code replace} the active runs are stopped first; under {@code allow} it
   * runs beside them.
   */
  public RunView trigger(ServiceKey key, Actor actor) {
    Instant now = clock.instant();
    CronRun run = CronRun.pending(key.service(), now, true);
    List<Event> events = new ArrayList<>();
    store.write(
        (StoreTx tx) -> {
          CronSchedule c = cronService(tx, key).spec().cron();
          List<CronRun> active =
              tx.cron().list(key).stream().filter(r -> r.state().active()).toList();
          if (!active.isEmpty() && c.concurrency() == CronSchedule.Concurrency.FORBID) {
            throw new AppException(
                AppException.Kind.CONFLICT,
                "run_active",
                "run "
                    + active.get(0).id()
                    + " of "
                    + key.service()
                    + " is still "
                    + active.get(0).state().wireName()
                    + " and concurrency is forbid; wait for it, or set concurrency: replace");
          }
          if (c.concurrency() == CronSchedule.Concurrency.REPLACE) {
            for (CronRun r : active) {
              if (r.state() == State.RUNNING) {
                if (r.stopping() == null) {
                  tx.cron().update(key, r.stopping(State.REPLACED)); // the controller stops it
                }
              } else {
                tx.cron().update(key, r.finished(State.REPLACED, r.exitCode(), now));
              }
            }
          }
          if (!tx.cron().insert(key, run)) {
            throw new AppException(
                AppException.Kind.CONFLICT, "run_exists", "run " + run.id() + " exists; try again");
          }
          Event e =
              Event.of(
                  now,
                  key,
                  "",
                  "CronTriggered",
                  "manual run " + run.id() + " by " + actor.display());
          tx.events().append(e);
          events.add(e);
          tx.audit()
              .append(
                  AuditEntry.of(
                      now,
                      actor.display(),
                      "cron.trigger",
                      key.environmentKey(),
                      key.service() + ": manual run " + run.id()));
          return null;
        });
    bus.publish(events);
    return RunView.of(run);
  }

  /**
   * Suspends ({@code true}) or resumes scheduled runs. Resuming starts from the next scheduled
   * time: what passed while suspended is not replayed.
   */
  public void suspend(ServiceKey key, Actor actor, boolean suspend) {
    change(key, actor, suspend, false);
  }

  /**
   * Resumes scheduled runs. With {@code replayLatest}, the latest scheduled time at or before now
   * (if it has no run record yet: it passed while suspended) is decided now as a time missed by
   * downtime is: it runs under {@code missedRuns: run-latest} within its {@code startingDeadline},
   * and its run has that time's id, so it can never run twice. The times before it stay unrecorded,
   * as without the flag.
   */
  public void resume(ServiceKey key, Actor actor, boolean replayLatest) {
    change(key, actor, false, replayLatest);
  }

  /** How far back {@code --replay-latest} looks for the latest scheduled time, widening. */
  private static final List<java.time.Duration> REPLAY_WINDOWS =
      List.of(
          java.time.Duration.ofHours(1),
          java.time.Duration.ofDays(1),
          java.time.Duration.ofDays(32),
          java.time.Duration.ofDays(367),
          java.time.Duration.ofDays(4 * 366));

  /**
   * The latest fire time at or before {@code now} and the one before it (what {@code lastScheduled}
   * becomes so that exactly the latest is due), or empty when none is within four years. Steps
   * forward through the smallest window that holds one, so a frequent schedule costs a few dozen
   * steps.
   */
  static Optional<Instant[]> latestDue(dev.berth.core.model.CronSchedule schedule, Instant now) {
    for (java.time.Duration w : REPLAY_WINDOWS) {
      Instant before = now.minus(w);
      Optional<Instant> t = CronSchedules.next(schedule, before);
      if (t.isEmpty() || t.get().isAfter(now)) {
        continue;
      }
      while (true) {
        Optional<Instant> after = CronSchedules.next(schedule, t.get());
        if (after.isEmpty() || after.get().isAfter(now)) {
          return Optional.of(new Instant[] {before, t.get()});
        }
        before = t.get();
        t = after;
      }
    }
    return Optional.empty();
  }

  private void change(ServiceKey key, Actor actor, boolean suspend, boolean replayLatest) {
    Instant now = clock.instant();
    List<Event> events = new ArrayList<>();
    store.write(
        (StoreTx tx) -> {
          ServiceRecord s = cronService(tx, key);
          if (!suspend && s.spec().cron().suspend()) {
            throw new AppException(
                AppException.Kind.CONFLICT,
                "suspended_in_spec",
                key.service()
                    + " is suspended in berth.yaml (suspend: true); remove that and"
                    + " apply to resume it");
          }
          CronState st = tx.cron().state(key).orElse(new CronState(key, now, false));
          Instant last = suspend || st.lastScheduled().isAfter(now) ? st.lastScheduled() : now;
          if (!suspend && replayLatest) {
            // the latest time, unless it has a record (it ran, or was missed or skipped, before
            // the suspension): deciding it again would collide with its deterministic id
            Optional<Instant[]> due = latestDue(s.spec().cron(), now);
            if (due.isPresent()
                && tx.cron()
                    .get(key, dev.berth.core.cron.RunIds.scheduled(key.service(), due.get()[1]))
                    .isEmpty()) {
              last = due.get()[0];
            }
          }
          tx.cron().putState(new CronState(key, last, suspend));
          String type = suspend ? "CronSuspended" : "CronResumed";
          Event e =
              Event.of(
                  now,
                  key,
                  "",
                  type,
                  (suspend ? "suspended" : "resumed")
                      + " by "
                      + actor.display()
                      + (suspend
                          ? ""
                          : replayLatest
                              ? "; the latest time skipped while suspended is decided now"
                              : "; the next run is the next scheduled time"));
          tx.events().append(e);
          events.add(e);
          tx.audit()
              .append(
                  AuditEntry.of(
                      now,
                      actor.display(),
                      suspend ? "cron.suspend" : "cron.resume",
                      key.environmentKey(),
                      key.service()));
          return null;
        });
    bus.publish(events);
  }

  private static ServiceRecord cronService(StoreTx tx, ServiceKey key) {
    if (tx.environments().get(key.environmentKey()).isEmpty()) {
      throw Lookups.noEnvironment(tx, key.environmentKey());
    }
    ServiceRecord s =
        tx.services()
            .get(key)
            .orElseThrow(() -> Lookups.noService(tx, key.environmentKey(), key.service()));
    if (s.spec().type() != ServiceType.CRON) {
      throw new AppException(
          AppException.Kind.INVALID,
          "not_cron",
          "'"
              + key.service()
              + "' is a "
              + s.spec().type().wireName()
              + " service, not a cron service; berth cron list shows the cron services");
    }
    return s;
  }
}
