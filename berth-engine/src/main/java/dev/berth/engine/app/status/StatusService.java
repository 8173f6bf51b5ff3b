package dev.berth.engine.app.status;

import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.spec.Quantities;
import dev.berth.engine.app.Lookups;
import dev.berth.engine.controller.RuntimeCache;
import dev.berth.engine.cron.CronCommands;
import dev.berth.engine.release.Releases;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds {@code berth status}: the stored desired and observed state of an environment, plus live
 * usage samples from the runtime cache. Reads one consistent snapshot of the store.
 */
public final class StatusService {
  /** The {@code type} shown for a service removed from the spec whose replicas still stop. */
  public static final String REMOVED = "removed";

  private final Store store;
  private final RuntimeCache cache;
  private final Function<ServiceKey, String> urls;
  private final Clock clock;
  private final Function<ServiceKey, Optional<AutoscaleView>> autoscale;

  /**
   * @param urls the public URL of a web service (the router's), e.g. {@code
   *     http://web.production.lms.localhost:8080/}
   */
  public StatusService(
      Store store, RuntimeCache cache, Function<ServiceKey, String> urls, Clock clock) {
    this(store, cache, urls, clock, k -> Optional.empty());
  }

  /**
   * @param autoscale the autoscaler's latest decision for a service (bounds, reason, last scale),
   *     empty before its first decision
   */
  public StatusService(
      Store store,
      RuntimeCache cache,
      Function<ServiceKey, String> urls,
      Clock clock,
      Function<ServiceKey, Optional<AutoscaleView>> autoscale) {
    this.autoscale = autoscale;
    this.store = store;
    this.cache = cache;
    this.urls = urls;
    this.clock = clock;
  }

  /** Every deployed environment, by project then name. */
  public List<EnvironmentView> all() {
    Instant now = clock.instant();
    return store.read(
        tx -> {
          // One indexed read per environment (the store has no "every replica" on a hot path).
          List<EnvironmentView> out = new ArrayList<>();
          for (EnvironmentRecord e : tx.environments().list()) {
            out.add(view(tx, e, now));
          }
          return out;
        });
  }

  public EnvironmentView status(EnvironmentKey key) {
    Instant now = clock.instant();
    return store.read(
        tx -> {
          Optional<EnvironmentRecord> env = tx.environments().get(key);
          if (env.isEmpty()) {
            throw Lookups.noEnvironment(tx, key);
          }
          return view(tx, env.get(), now);
        });
  }

  /** How many releases to look through for the release an outdated replica runs. */
  static final int RELEASE_LOOKBACK = 100;

  private EnvironmentView view(StoreTx tx, EnvironmentRecord env, Instant now) {
    List<ServiceRecord> services = tx.services().list(env.key());
    List<ReplicaRecord> replicas = tx.replicas().list(env.key());
    List<ReleaseRecord> releases = tx.releases().list(env.key(), RELEASE_LOOKBACK);
    // Grouped once by service: linear in services plus replicas, not their product.
    Map<ServiceKey, List<ReplicaRecord>> byService = new LinkedHashMap<>();
    for (ReplicaRecord r : replicas) {
      byService.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
    }
    List<ServiceView> out = new ArrayList<>();
    for (ServiceRecord s : services) {
      List<ReplicaView> rs = new ArrayList<>();
      for (ReplicaRecord r : byService.getOrDefault(s.key(), List.of())) {
        rs.add(replica(r, s, releases));
      }
      byService.remove(s.key());
      out.add(service(s, rs, now, tx));
    }
    // Replicas of services removed from the spec are still shown while they stop: a status
    // that hid them would say they were gone before they are.
    Map<String, List<ReplicaView>> removed = new LinkedHashMap<>();
    byService.forEach(
        (key, rs) -> {
          for (ReplicaRecord r : rs) {
            removed
                .computeIfAbsent(key.service(), k -> new ArrayList<>())
                .add(replica(r, null, releases));
          }
        });
    removed.forEach(
        (name, rs) ->
            out.add(
                new ServiceView(
                    name,
                    REMOVED,
                    "",
                    0,
                    0,
                    ServiceState.STOPPING,
                    null,
                    "",
                    "",
                    "",
                    null,
                    null,
                    null,
                    rs)));
    return new EnvironmentView(
        env.key().project(),
        env.key().environment(),
        releases.stream()
            .filter(r -> r.status() == ReleaseStatus.LIVE)
            .map(ReleaseRecord::label)
            .findFirst()
            .orElse(null),
        env.target().wireName(),
        env.sourceDir(),
        env.appliedAt(),
        out,
        releases.isEmpty() ? null : ReleaseSummary.of(releases.get(0)));
  }

  private ServiceView service(ServiceRecord s, List<ReplicaView> rs, Instant now, StoreTx tx) {
    ServiceSpec spec = s.spec();
    boolean cron = spec.type() == ServiceType.CRON;
    int ready = (int) rs.stream().filter(r -> r.ready() && !r.outdated()).count();
    CronCommands.CronView cv = cron ? CronCommands.view(tx, s, now) : null;
    Instant next = cv == null ? null : cv.nextRun();
    return new ServiceView(
        spec.name(),
        spec.type().wireName(),
        serving(s, rs),
        cron ? 0 : s.desiredReplicas(),
        ready,
        ServiceState.summarize(cron, s.stopped(), s.desiredReplicas(), rs),
        spec.type() == ServiceType.WEB ? urls.apply(s.key()) : null,
        spec.command(),
        Quantities.formatCpu(spec.resources().cpuMillis()),
        Quantities.formatMemory(spec.resources().memoryBytes()),
        cron ? spec.cron().expression() : null,
        cron ? spec.cron().timezone() : null,
        next,
        rs,
        spec.autoscale() == null
            ? null
            : autoscale
                .apply(s.key())
                .orElse(
                    new AutoscaleView(
                        spec.autoscale().min(), spec.autoscale().max(), null, null, null)),
        cv == null ? null : cv.lastRun());
  }

  /** The release most ready replicas run; the current template's when none is ready. */
  private static String serving(ServiceRecord s, List<ReplicaView> rs) {
    Map<String, Integer> votes = new LinkedHashMap<>();
    for (ReplicaView r : rs) {
      if (r.ready() && r.state() == ReplicaState.RUNNING && !r.release().isEmpty()) {
        votes.merge(r.release(), 1, Integer::sum);
      }
    }
    return votes.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(s.release());
  }

  private ReplicaView replica(
      ReplicaRecord r, ServiceRecord s /* null when removed */, List<ReleaseRecord> releases) {
    Optional<ReplicaStatus> live = cache.status(r.id());
    return new ReplicaView(
        r.id(),
        r.stopRequested() && r.state().isLive() ? ReplicaState.TERMINATING : r.state(),
        r.ready(),
        r.restarts(),
        r.incarnation() == null ? 0 : r.incarnation().pid(),
        r.incarnation() == null ? 0 : r.incarnation().port(),
        r.node(),
        r.startedAt(),
        r.reason(),
        r.message(),
        s != null && !r.templateHash().equals(s.templateHash()),
        live.map(ReplicaStatus::cpuMillis).orElse(-1L),
        live.map(ReplicaStatus::memoryBytes).orElse(-1L),
        s != null && r.templateHash().equals(s.templateHash())
            ? s.release()
            : Releases.introducing(releases, r.key().service(), r.templateHash()));
  }
}
