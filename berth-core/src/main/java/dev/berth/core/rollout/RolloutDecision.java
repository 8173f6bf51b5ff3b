package dev.berth.core.rollout;

import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.DeploySpec.Strategy;
import dev.berth.core.rollout.RolloutStatus.Failure;
import dev.berth.core.rollout.RolloutStatus.Phase;
import dev.berth.core.rollout.RolloutStatus.Reason;
import dev.berth.core.rollout.RolloutStatus.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How to move a service's replicas to its current template, one step at a time, as a pure function:
 * Kubernetes' Deployment controller (rolling update and recreate, progress deadline), generalising
 * the earlier ReplicaSetDecision (a full-surge switch-over). The caller carries out the plan,
 * persists {@link RolloutPlan#next()}, and decides again when a replica changes or at {@link
 * RolloutPlan#recheckAt()}.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>Replicas already asked to stop are on their way out and counted nowhere (as Kubernetes does
 *       not count terminating pods), except that recreate waits until they are gone.
 *   <li>Desired 0: stop everything; complete.
 *   <li>No rollout (no state, no old replica): a change of count only. Create the missing target
 *       replicas, stop the surplus (pending, not ready, newest first); complete at once.
 *   <li>A target replica that crash-loops fails the rollout ({@link Reason#CRASH_LOOP}, naming it),
 *       with an empty plan: the old replicas keep serving.
 *   <li>Complete when no old replica is left (for recreate: none even stopping) and exactly the
 *       desired number of target replicas run, all available.
 *   <li>Recreate: while old replicas exist, stop them all and create nothing; once they are gone,
 *       create every missing target replica at once.
 *   <li>Rolling, with {@code surge = maxSurge} rounded up and {@code unavailable = maxUnavailable}
 *       rounded down from the desired count (both 0 becomes unavailable 1, as Kubernetes'
 *       fenceposts), {@code floor = desired - unavailable}:
 *       <ol>
 *         <li>target replicas above the desired count stop (pending, not ready, newest first);
 *         <li>old replicas still pending (not placed: no process, holding no room) stop at once, so
 *             a superseded version that never got room never blocks the newest; then, when {@code
 *             total - floor - unavailableTargets > 0}, old replicas that are not available (not
 *             ready, or not yet ready for minReady) stop first, at most that many, as Kubernetes
 *             caps this cleanup: an old replica that is not ready now may be one whose readiness is
 *             merely not known yet (adopted after a control-plane restart), and stopping it could
 *             take the last serving version down;
 *         <li>then old replicas stop, not ready first, as long as the available count stays at or
 *             above the floor: old replicas go only as new ones become available;
 *         <li>then target replicas are created up to the desired count, keeping {@code total <=
 *             desired + surge}.
 *       </ol>
 *   <li>Progress is a target replica created or becoming available (Kubernetes'
 *       progressDeadlineSeconds). Without progress for {@code progressDeadline}, the rollout fails
 *       ({@link Reason#PROGRESS_DEADLINE}, saying what it waited for), with an empty plan.
 * </ol>
 *
 * <p>A <b>rollback</b> is this same function with the last good template as the target, a fresh
 * state ({@code null}) and {@link DeploySpec#rollbackSettings()}: every missing restored replica is
 * created at once (surge 100%), bad replicas that are not ready go at once, and each ready bad
 * replica stops only when a restored one is available to take its place (unavailable 0).
 *
 * <p>Invariants (checked by property tests): no replica is both kept and stopped, and none is
 * stopped twice; in a rolling update the plan never brings the total above {@code desired + surge}
 * when it was not already, and never brings the available count below {@code min(floor, available
 * before)}; applied repeatedly with replicas becoming ready, it reaches COMPLETE with exactly the
 * desired number of target replicas and no old one. A FAILED decision changes nothing, and is
 * reported again on every decision while its cause holds (a late replica that becomes available
 * resumes the rollout, as in Kubernetes); with autoRollback the caller starts the rollback instead.
 */
public final class RolloutDecision {
  private RolloutDecision() {}

  /**
   * Decides one step.
   *
   * @param now the decision time
   * @param spec the service's deploy settings (or {@link DeploySpec#rollbackSettings()})
   * @param desired how many replicas should run
   * @param targetHash the template every replica should have
   * @param replicas every replica the controller knows for the service
   * @param state the rollout's state from the previous decision, or {@code null} when none runs
   */
  public static RolloutPlan decide(
      Instant now,
      DeploySpec spec,
      int desired,
      String targetHash,
      List<RolloutReplica> replicas,
      RolloutState state) {
    if (desired < 0) {
      throw new IllegalArgumentException("desired must be >= 0");
    }
    Duration minReady = spec.minReady();
    Comparator<RolloutReplica> stopFirst = RolloutReplica.stopFirst(now, minReady);
    List<RolloutReplica> target = new ArrayList<>();
    List<RolloutReplica> old = new ArrayList<>();
    boolean oldStopping = false;
    for (RolloutReplica r : replicas) {
      boolean current = r.templateHash().equals(targetHash);
      if (r.stopRequested()) {
        oldStopping |= !current;
      } else {
        (current ? target : old).add(r);
      }
    }
    target.sort(stopFirst);
    old.sort(stopFirst);
    boolean recreate = spec.strategy() == Strategy.RECREATE;

    if (desired == 0) {
      List<RolloutReplica> all = new ArrayList<>(old);
      all.addAll(target);
      all.sort(stopFirst);
      return complete(0, ids(all), 0, 0, 0);
    }
    boolean rollout = state != null || !old.isEmpty() || (recreate && oldStopping);
    if (!rollout) {
      int surplus = Math.max(0, target.size() - desired);
      List<RolloutReplica> kept = target.subList(surplus, target.size());
      int create = Math.max(0, desired - target.size());
      return complete(
          create,
          ids(target.subList(0, surplus)),
          desired,
          kept.size() + create,
          count(kept, now, minReady));
    }
    RolloutState st = state != null ? state : RolloutState.start(now);

    for (RolloutReplica r :
        target.stream().sorted(Comparator.comparing(RolloutReplica::id)).toList()) {
      if (r.crashLooping()) {
        return failed(
            st,
            desired,
            target.size(),
            count(target, now, minReady) + count(old, now, minReady),
            old.size(),
            new Failure(
                Reason.CRASH_LOOP,
                r.id(),
                "replica " + r.id() + " of the new template crash-loops"));
      }
    }
    int targetAvailable = count(target, now, minReady);
    if (old.isEmpty()
        && !(recreate && oldStopping)
        && target.size() == desired
        && targetAvailable == desired) {
      return new RolloutPlan(
          0,
          List.of(),
          new RolloutStatus(Phase.COMPLETE, desired, desired, desired, 0, Set.of(), null),
          null,
          null);
    }

    List<String> stop = new ArrayList<>();
    int create;
    if (recreate) {
      stop.addAll(ids(old));
      if (old.isEmpty() && !oldStopping) {
        create = Math.max(0, desired - target.size());
        stop.addAll(ids(target.subList(0, Math.max(0, target.size() - desired))));
      } else {
        create = 0;
      }
    } else {
      create = rolling(now, spec, desired, target, old, stop);
    }

    Set<String> stopped = new HashSet<>(stop);
    List<RolloutReplica> keptTarget =
        target.stream().filter(r -> !stopped.contains(r.id())).toList();
    List<RolloutReplica> keptOld = old.stream().filter(r -> !stopped.contains(r.id())).toList();
    int keptTargetAvailable = count(keptTarget, now, minReady);
    int available = keptTargetAvailable + count(keptOld, now, minReady);
    boolean progressed = create > 0 || keptTargetAvailable > st.updatedAvailable();
    Instant deadline = st.lastProgressAt().plus(spec.progressDeadline());
    Set<Waiting> waiting = waiting(now, minReady, keptTarget, create, old, oldStopping);
    if (!progressed && !now.isBefore(deadline)) {
      return failed(
          st,
          desired,
          target.size(),
          count(target, now, minReady) + count(old, now, minReady),
          old.size(),
          new Failure(
              Reason.PROGRESS_DEADLINE,
              firstUnavailable(keptTarget, now, minReady),
              "no new replica became available for "
                  + dev.berth.core.spec.Durations.format(
                      spec.progressDeadline().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                  + ": "
                  + targetAvailable
                  + " of "
                  + desired
                  + " available, waiting for "
                  + describe(waiting)));
    }
    RolloutState next =
        new RolloutState(
            st.startedAt(), progressed ? now : st.lastProgressAt(), keptTargetAvailable);
    Instant recheck = progressed ? now.plus(spec.progressDeadline()) : deadline;
    for (RolloutReplica r : keptTarget) {
      if (r.ready() && !r.available(now, minReady) && r.readySince() != null) {
        Instant at = r.readySince().plus(minReady);
        recheck = at.isBefore(recheck) ? at : recheck;
      }
    }
    return new RolloutPlan(
        create,
        stop,
        new RolloutStatus(
            Phase.PROGRESSING,
            desired,
            keptTarget.size() + create,
            available,
            keptOld.size(),
            waiting,
            null),
        next,
        recheck);
  }

  /**
   * The rolling-update step (rules 7.1 to 7.4): adds the ids to stop to {@code stop} and returns
   * how many target replicas to create. {@code target} and {@code old} are in stop-first order.
   */
  private static int rolling(
      Instant now,
      DeploySpec spec,
      int desired,
      List<RolloutReplica> target,
      List<RolloutReplica> old,
      List<String> stop) {
    Duration minReady = spec.minReady();
    int surge = spec.maxSurge().roundUp(desired);
    int unavailable = spec.maxUnavailable().roundDown(desired);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    int floor = Math.max(0, desired - unavailable);
    int surplus = Math.max(0, target.size() - desired);
    stop.addAll(ids(target.subList(0, surplus)));
    List<RolloutReplica> kept = target.subList(surplus, target.size());
    int keptUnavailable = kept.size() - count(kept, now, minReady);
    int total = kept.size() + old.size();
    int oldStopped = 0;
    for (RolloutReplica r : old) { // pending: no process, no room, nobody served: gone at once
      if (!r.placed()) {
        stop.add(r.id());
        oldStopped++;
      }
    }
    int maxScaledDown = total - oldStopped - floor - keptUnavailable;
    if (maxScaledDown > 0) {
      int unproven = 0;
      for (RolloutReplica r : old) {
        if (unproven < maxScaledDown && !stop.contains(r.id()) && !r.available(now, minReady)) {
          unproven++;
          stop.add(r.id());
          oldStopped++;
        }
      }
      int budget = count(kept, now, minReady) + count(old, now, minReady) - floor;
      for (RolloutReplica r : old) {
        if (budget <= 0) {
          break;
        }
        if (!stop.contains(r.id())) {
          stop.add(r.id());
          oldStopped++;
          budget--;
        }
      }
    }
    int room = desired + surge - (total - oldStopped);
    return Math.max(0, Math.min(desired - kept.size(), room));
  }

  private static Set<Waiting> waiting(
      Instant now,
      Duration minReady,
      List<RolloutReplica> keptTarget,
      int create,
      List<RolloutReplica> old,
      boolean oldStopping) {
    Set<Waiting> w = EnumSet.noneOf(Waiting.class);
    for (RolloutReplica r : keptTarget) {
      if (!r.placed()) {
        w.add(Waiting.ROOM);
      } else if (!r.ready()) {
        w.add(Waiting.READINESS);
      } else if (!r.available(now, minReady)) {
        w.add(Waiting.MIN_READY);
      }
    }
    if (create > 0) {
      w.add(Waiting.READINESS);
    }
    if (w.isEmpty() || (oldStopping && old.isEmpty() && create == 0)) {
      w.add(Waiting.OLD_STOPPING);
    }
    return w;
  }

  private static String describe(Set<Waiting> waiting) {
    List<String> parts = new ArrayList<>();
    for (Waiting w : EnumSet.copyOf(waiting)) {
      parts.add(
          switch (w) {
            case ROOM -> "room on a node for a new replica";
            case READINESS -> "a new replica to become ready";
            case MIN_READY -> "a new replica to stay ready for minReady";
            case OLD_STOPPING -> "old replicas to stop";
          });
    }
    return String.join(", ", parts);
  }

  private static String firstUnavailable(List<RolloutReplica> rs, Instant now, Duration minReady) {
    return rs.stream()
        .filter(r -> !r.available(now, minReady))
        .map(RolloutReplica::id)
        .sorted()
        .findFirst()
        .orElse(null);
  }

  private static RolloutPlan complete(
      int create, List<String> stop, int desired, int updated, int available) {
    return new RolloutPlan(
        create,
        stop,
        new RolloutStatus(Phase.COMPLETE, desired, updated, available, 0, Set.of(), null),
        null,
        null);
  }

  private static RolloutPlan failed(
      RolloutState st, int desired, int updated, int available, int old, Failure failure) {
    return new RolloutPlan(
        0,
        List.of(),
        new RolloutStatus(Phase.FAILED, desired, updated, available, old, Set.of(), failure),
        st,
        null);
  }

  private static List<String> ids(List<RolloutReplica> rs) {
    List<String> out = new ArrayList<>(rs.size());
    rs.forEach(r -> out.add(r.id()));
    return out;
  }

  private static int count(List<RolloutReplica> rs, Instant now, Duration minReady) {
    int n = 0;
    for (RolloutReplica r : rs) {
      n += r.available(now, minReady) ? 1 : 0;
    }
    return n;
  }
}
