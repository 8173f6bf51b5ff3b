package dev.berth.engine.controller;

import dev.berth.core.model.DeploySpec;
import dev.berth.core.rollout.RolloutDecision;
import dev.berth.core.rollout.RolloutPlan;
import dev.berth.core.rollout.RolloutReplica;
import dev.berth.core.rollout.RolloutStatus;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.RolloutRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rollout decision ({@link RolloutDecision}) fed from the store: the service's deploy settings
 * ({@link DeploySpec#rollbackSettings()} while a rollback is restoring an earlier release), its
 * replica records, and the rollout state stored for its current template. The replica controller
 * acts on the plan and stores the next state; the release controller asks the same question for the
 * rollout's status, so both always agree.
 */
public final class Rollouts {
  /**
   * A new replica that is not ready counts as crash-looping once it has crashed twice: restarted
   * twice, or restarted once and crashed again (backing off before its second restart, so the
   * rollback does not wait out the back-off).
   */
  public static final int CRASH_LOOP_RESTARTS = 2;

  static boolean crashLooping(ReplicaRecord r) {
    return !r.ready()
        && (r.restarts() >= CRASH_LOOP_RESTARTS
            || (r.restarts() >= CRASH_LOOP_RESTARTS - 1 && r.state() == ReplicaState.BACKOFF));
  }

  private Rollouts() {}

  /**
   * Decides the next step for {@code key} and, when {@code tx} is writable and the service exists,
   * stores the rollout's next state (or forgets it once complete).
   */
  public static RolloutPlan decide(
      StoreTx tx,
      Optional<ServiceRecord> service,
      ServiceKey key,
      String hash,
      int desired,
      List<ReplicaRecord> replicas,
      Instant now) {
    Optional<RolloutRecord> saved = service.isPresent() ? tx.rollouts().get(key) : Optional.empty();
    if (service.isPresent() && held(tx, service.get())) {
      return HELD; // its release command has not succeeded: nothing of the new release starts
    }
    RolloutPlan plan = plan(service, saved, hash, desired, replicas, now);
    if (service.isPresent()) {
      boolean rollback =
          saved
              .filter(r -> r.templateHash().equals(hash))
              .map(RolloutRecord::rollback)
              .orElse(false);
      if (plan.next() != null) {
        RolloutRecord next = new RolloutRecord(key, hash, plan.next(), rollback);
        if (!saved.equals(Optional.of(next))) {
          tx.rollouts().put(next);
        }
      } else if (saved.isPresent()) {
        tx.rollouts().delete(key);
      }
    }
    return plan;
  }

  /** The plan while a release command holds the new replicas back: nothing changes. */
  static final RolloutPlan HELD =
      new RolloutPlan(
          0,
          List.of(),
          new RolloutStatus(
              RolloutStatus.Phase.PROGRESSING,
              0,
              0,
              0,
              0,
              java.util.Set.of(RolloutStatus.Waiting.READINESS),
              null),
          null,
          null);

  /**
   * Whether the release that introduced the service's template still holds its replicas back: its
   * release command has not run, runs, or failed.
   */
  public static boolean held(StoreTx tx, ServiceRecord service) {
    long version = version(service.release());
    return version > 0
        && tx.releases()
            .get(service.key().environmentKey(), version)
            .map(r -> r.phase().holdsReplicas())
            .orElse(false);
  }

  /** {@code N} of a label {@code vN}, or 0 for anything else. */
  public static long version(String label) {
    if (label.length() < 2 || label.charAt(0) != 'v') {
      return 0;
    }
    try {
      return Long.parseLong(label.substring(1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The same decision without storing anything (for the release controller's status). */
  public static RolloutPlan status(StoreTx tx, ServiceRecord service, Instant now) {
    return plan(
        Optional.of(service),
        tx.rollouts().get(service.key()),
        service.templateHash(),
        service.desiredReplicas(),
        tx.replicas().list(service.key()),
        now);
  }

  private static RolloutPlan plan(
      Optional<ServiceRecord> service,
      Optional<RolloutRecord> saved,
      String hash,
      int desired,
      List<ReplicaRecord> replicas,
      Instant now) {
    Optional<RolloutRecord> current = saved.filter(r -> r.templateHash().equals(hash));
    DeploySpec deploy = service.map(s -> s.spec().deploy()).orElse(DeploySpec.DEFAULT);
    if (current.map(RolloutRecord::rollback).orElse(false)) {
      deploy = deploy.rollbackSettings();
    }
    return RolloutDecision.decide(
        now,
        deploy,
        desired,
        hash,
        views(replicas),
        current.map(RolloutRecord::state).orElse(null));
  }

  static List<RolloutReplica> views(List<ReplicaRecord> replicas) {
    List<RolloutReplica> out = new ArrayList<>();
    for (ReplicaRecord r : replicas) {
      out.add(
          new RolloutReplica(
              r.id(),
              r.templateHash(),
              r.state() != ReplicaState.PENDING,
              r.ready(),
              r.readySince(),
              r.stopRequested(),
              r.createdAt(),
              crashLooping(r)));
    }
    return out;
  }
}
