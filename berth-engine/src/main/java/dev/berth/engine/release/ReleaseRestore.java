package dev.berth.engine.release;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.rollout.RolloutState;
import dev.berth.core.spec.SpecException;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.RolloutRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes an earlier release the environment's desired state again: its spec, its code and every
 * service's template, so the replica controller brings its replicas back (new ones started while
 * the restored release's replicas that still run keep running; see {@code RolloutDecision}: the
 * failed release's replicas stop only as restored ones become available, or at once if they were
 * never ready).
 *
 * <p>Invariants: replica counts set with {@code berth scale} and stopped services stay as they are
 * for services both releases have; a service only the newer release has is removed; the
 * environment's generation is not lowered (the next release still gets the next number). A release
 * that was valid when applied is valid now: it is parsed again from its own stored text.
 */
public final class ReleaseRestore {
  private ReleaseRestore() {}

  /**
   * Restores {@code target} within {@code tx}; returns the services whose desired state changed.
   *
   * @param releases the environment's releases, newest first (to name the release that introduced
   *     each restored template)
   * @param newRelease the label of the new release this restore makes ({@code berth rollback}):
   *     services whose template it changes are rolled out as part of it; {@code null} when the
   *     restored release itself becomes what runs again (an automatic rollback)
   */
  public static Set<ServiceKey> restore(
      StoreTx tx,
      ReleaseRecord target,
      List<ReleaseRecord> releases,
      Instant now,
      List<Event> events,
      String newRelease,
      AppCode code) {
    EnvironmentSpec env = spec(target);
    String sourceDir = workingDir(code, target);
    Set<ServiceKey> touched = new HashSet<>();
    Optional<EnvironmentRecord> current = tx.environments().get(target.key());
    long generation = current.map(EnvironmentRecord::generation).orElse(target.version());
    tx.environments()
        .put(
            new EnvironmentRecord(
                target.key(),
                env.target(),
                target.specFile(),
                target.specYaml(),
                target.procfile(),
                sourceDir,
                generation,
                now));
    Set<String> keep = new HashSet<>();
    for (ServiceSpec s : env.serviceList()) {
      keep.add(s.name());
      ServiceKey key = target.key().service(s.name());
      String hash = dev.berth.engine.config.ConfigHash.of(tx, target.key(), s, sourceDir);
      Optional<ServiceRecord> old = tx.services().get(key);
      String introduced = Releases.introducing(releases, s.name(), hash);
      String label =
          newRelease != null && old.map(o -> !o.templateHash().equals(hash)).orElse(true)
              ? newRelease
              : introduced;
      ServiceRecord restored =
          old.map(
                  o ->
                      new ServiceRecord(
                          key,
                          s,
                          hash,
                          label.isEmpty() ? target.label() : label,
                          s.replicas(),
                          o.replicasAfter(s),
                          o.stopped(),
                          now))
              .orElseGet(
                  () ->
                      new ServiceRecord(
                          key,
                          s,
                          hash,
                          label.isEmpty() ? target.label() : label,
                          s.replicas(),
                          s.replicas(),
                          false,
                          now));
      if (old.isEmpty() || !old.get().equals(restored)) {
        tx.services().put(restored);
        touched.add(key);
      }
      if (old.map(o -> !o.templateHash().equals(hash)).orElse(true)) {
        // an automatic rollback brings every restored replica back at once; berth rollback
        // rolls out with the service's own settings, as any release
        tx.rollouts()
            .put(new RolloutRecord(key, hash, RolloutState.start(now), newRelease == null));
      }
    }
    for (ServiceRecord o : tx.services().list(target.key())) {
      if (!keep.contains(o.key().service())) {
        tx.services().delete(o.key());
        touched.add(o.key());
        events.add(
            Event.of(
                now, o.key(), "", "ServiceRemoved", "not in " + target.label() + ", restored"));
      }
    }
    tx.serials().bump(target.key()); // a saved plan made before a rollback is stale
    return touched;
  }

  /**
   * Where the release's replicas run: the checkout of its artifact (unpacked again if retention or
   * a new data directory removed it), or, for a release made before artifacts, its directory.
   */
  static String workingDir(AppCode code, ReleaseRecord r) {
    String artifact = r.source().artifact();
    return artifact.isEmpty() ? r.source().location() : code.checkout(r.key(), artifact).toString();
  }

  /** The release's environment, parsed again from the text it was applied with. */
  static EnvironmentSpec spec(ReleaseRecord r) {
    try {
      return SpecParser.parse(new SpecSource(r.specFile(), r.specYaml(), r.procfile()))
          .environment(r.key().environment());
    } catch (SpecException | IllegalArgumentException e) {
      // A newer Berth refusing what an older one accepted: say so instead of restoring half.
      throw new IllegalStateException(
          r.label() + " of " + r.key() + " cannot be restored: its spec no longer parses: " + e, e);
    }
  }
}
