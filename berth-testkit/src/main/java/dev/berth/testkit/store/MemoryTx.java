package dev.berth.testkit.store;

import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.AuditTable;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.EnvironmentTable;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.EventTable;
import dev.berth.engine.store.NodeUsage;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseTable;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ReplicaTable;
import dev.berth.engine.store.RolloutRecord;
import dev.berth.engine.store.RolloutTable;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.ServiceTable;
import dev.berth.engine.store.StoreTx;
import dev.berth.engine.store.TokenRecord;
import dev.berth.engine.store.TokenTable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;

/**
 * One transaction over a {@link MemoryState}: reads see the base state plus this transaction's own
 * changes; the first change to a table copies it, so the base state is never touched.
 *
 * <p>Not thread-safe: a transaction belongs to the thread running the store's function. It refuses
 * every call once {@link #close()}d, so a {@link StoreTx} leaked out of its function cannot change
 * or read state behind the store's back.
 */
final class MemoryTx implements StoreTx {
  private static final Comparator<EnvironmentKey> ENVIRONMENT_ORDER =
      Comparator.comparing(EnvironmentKey::project, CodePointOrder.INSTANCE)
          .thenComparing(EnvironmentKey::environment, CodePointOrder.INSTANCE);

  private static final Comparator<ReplicaRecord> REPLICA_ORDER =
      Comparator.comparing(ReplicaRecord::createdAt)
          .thenComparing(ReplicaRecord::id, CodePointOrder.INSTANCE);

  private final MemoryState base;
  private final NavigableMap<Long, Event> eventLog;
  private final boolean readOnly;
  private final List<Event> pendingEvents = new ArrayList<>();
  private Map<EnvironmentKey, EnvironmentRecord> environments;
  private Map<EnvironmentKey, LinkedHashMap<String, ServiceRecord>> services;
  private Map<String, ReplicaRecord> replicas;
  private List<TokenRecord> tokens;
  private Map<EnvironmentKey, List<ReleaseRecord>> releases;
  private List<AuditEntry> audit;
  private Map<ServiceKey, RolloutRecord> rollouts;
  private Map<ServiceKey, MemoryCron.Tables> cron;
  private MemoryPlanTables plan;
  private Map<EnvironmentKey, java.util.SortedMap<String, dev.berth.engine.store.ConfigRecord>>
      config;
  private MemoryGitops.Tables gitops;
  private boolean closed;

  MemoryTx(MemoryState base, NavigableMap<Long, Event> eventLog, boolean readOnly) {
    this.base = base;
    this.eventLog = eventLog;
    this.readOnly = readOnly;
  }

  void close() {
    closed = true;
  }

  List<Event> pendingEvents() {
    return pendingEvents;
  }

  MemoryState commitState() {
    return new MemoryState(
        environments == null ? base.environments() : Collections.unmodifiableMap(environments),
        services == null ? base.services() : Collections.unmodifiableMap(services),
        replicas == null ? base.replicas() : Collections.unmodifiableMap(replicas),
        tokens == null ? base.tokens() : Collections.unmodifiableList(tokens),
        releases == null ? base.releases() : Collections.unmodifiableMap(releases),
        audit == null ? base.audit() : Collections.unmodifiableList(audit),
        rollouts == null ? base.rollouts() : Collections.unmodifiableMap(rollouts),
        cron == null ? base.cron() : Collections.unmodifiableMap(cron),
        base.lastEventId() + pendingEvents.size(),
        plan == null ? base.plan() : plan.commit(),
        config == null ? base.config() : Collections.unmodifiableMap(config),
        gitops == null ? base.gitops() : gitops);
  }

  @Override
  public EnvironmentTable environments() {
    return new Environments();
  }

  @Override
  public ServiceTable services() {
    return new Services();
  }

  @Override
  public ReplicaTable replicas() {
    return new Replicas();
  }

  @Override
  public EventTable events() {
    return new Events();
  }

  @Override
  public TokenTable tokens() {
    return new Tokens();
  }

  @Override
  public ReleaseTable releases() {
    return new MemoryReleases(this::releasesView, this::releasesForWrite);
  }

  @Override
  public AuditTable audit() {
    return new MemoryAudit(this::auditView, this::auditForWrite);
  }

  @Override
  public RolloutTable rollouts() {
    return new MemoryRollouts(
        this::rolloutsView, this::rolloutsForWrite, key -> new Services().get(key).isPresent());
  }

  @Override
  public dev.berth.engine.store.CronTable cron() {
    return new MemoryCron(
        this::cronView, this::cronForWrite, key -> new Services().get(key).isPresent());
  }

  @Override
  public dev.berth.engine.store.LockTable locks() {
    return planTables().locks();
  }

  @Override
  public dev.berth.engine.store.SerialTable serials() {
    return planTables().serials();
  }

  private MemoryPlanTables planTables() {
    if (plan == null) {
      plan = new MemoryPlanTables(base.plan(), this::checkOpen, this::checkWritable);
    }
    return plan;
  }

  @Override
  public dev.berth.engine.store.ConfigTable config() {
    return new MemoryConfig(
        () -> {
          checkOpen();
          return config == null ? base.config() : config;
        },
        () -> {
          checkWritable();
          if (config == null) {
            config = new HashMap<>(base.config());
          }
          return config;
        });
  }

  @Override
  public dev.berth.engine.store.GitSourceTable gitSources() {
    return gitops().sources();
  }

  @Override
  public dev.berth.engine.store.DeliveryTable deliveries() {
    return gitops().deliveries();
  }

  @Override
  public dev.berth.engine.store.TokenPolicyTable tokenPolicies() {
    return gitops().policies();
  }

  private MemoryGitops gitops() {
    return new MemoryGitops(
        () -> {
          checkOpen();
          return gitops == null ? base.gitops() : gitops;
        },
        () -> {
          checkWritable();
          if (gitops == null) {
            gitops = base.gitops().copy();
          }
          return gitops;
        });
  }

  private Map<ServiceKey, MemoryCron.Tables> cronView() {
    checkOpen();
    return cron == null ? base.cron() : cron;
  }

  private Map<ServiceKey, MemoryCron.Tables> cronForWrite() {
    checkWritable();
    if (cron == null) {
      cron = new HashMap<>(base.cron());
    }
    return cron;
  }

  private Map<ServiceKey, RolloutRecord> rolloutsView() {
    checkOpen();
    return rollouts == null ? base.rollouts() : rollouts;
  }

  private Map<ServiceKey, RolloutRecord> rolloutsForWrite() {
    checkWritable();
    if (rollouts == null) {
      rollouts = new HashMap<>(base.rollouts());
    }
    return rollouts;
  }

  private Map<EnvironmentKey, List<ReleaseRecord>> releasesView() {
    checkOpen();
    return releases == null ? base.releases() : releases;
  }

  private Map<EnvironmentKey, List<ReleaseRecord>> releasesForWrite() {
    checkWritable();
    if (releases == null) {
      releases = new HashMap<>();
      base.releases().forEach((k, v) -> releases.put(k, new ArrayList<>(v)));
    }
    return releases;
  }

  private List<AuditEntry> auditView() {
    checkOpen();
    return audit == null ? base.audit() : audit;
  }

  private List<AuditEntry> auditForWrite() {
    checkWritable();
    if (audit == null) {
      audit = new ArrayList<>(base.audit());
    }
    return audit;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "this StoreTx belongs to a finished read/write; use it only inside its function");
    }
  }

  private void checkWritable() {
    checkOpen();
    if (readOnly) {
      throw new IllegalStateException("Store.read is read-only; change state in Store.write");
    }
  }

  private Map<EnvironmentKey, EnvironmentRecord> environmentsView() {
    checkOpen();
    return environments == null ? base.environments() : environments;
  }

  private Map<EnvironmentKey, LinkedHashMap<String, ServiceRecord>> servicesView() {
    checkOpen();
    return services == null ? base.services() : services;
  }

  private Map<String, ReplicaRecord> replicasView() {
    checkOpen();
    return replicas == null ? base.replicas() : replicas;
  }

  private List<TokenRecord> tokensView() {
    checkOpen();
    return tokens == null ? base.tokens() : tokens;
  }

  private Map<EnvironmentKey, EnvironmentRecord> environmentsForWrite() {
    checkWritable();
    if (environments == null) {
      environments = new HashMap<>(base.environments());
    }
    return environments;
  }

  private Map<EnvironmentKey, LinkedHashMap<String, ServiceRecord>> servicesForWrite() {
    checkWritable();
    if (services == null) {
      services = new HashMap<>();
      base.services().forEach((k, v) -> services.put(k, new LinkedHashMap<>(v)));
    }
    return services;
  }

  private Map<String, ReplicaRecord> replicasForWrite() {
    checkWritable();
    if (replicas == null) {
      replicas = new HashMap<>(base.replicas());
    }
    return replicas;
  }

  private List<TokenRecord> tokensForWrite() {
    checkWritable();
    if (tokens == null) {
      tokens = new ArrayList<>(base.tokens());
    }
    return tokens;
  }

  static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }

  private final class Environments implements EnvironmentTable {
    @Override
    public Optional<EnvironmentRecord> get(EnvironmentKey key) {
      return Optional.ofNullable(environmentsView().get(key));
    }

    @Override
    public Optional<String> sourceDir(EnvironmentKey key) {
      return get(key).map(EnvironmentRecord::sourceDir);
    }

    @Override
    public List<EnvironmentRecord> list() {
      List<EnvironmentRecord> all = new ArrayList<>(environmentsView().values());
      all.sort(Comparator.comparing(EnvironmentRecord::key, ENVIRONMENT_ORDER));
      return all;
    }

    @Override
    public void put(EnvironmentRecord r) {
      Objects.requireNonNull(r, "record");
      environmentsForWrite()
          .put(
              r.key(),
              new EnvironmentRecord(
                  r.key(),
                  r.target(),
                  r.specFile(),
                  r.specYaml(),
                  r.procfile(),
                  r.sourceDir(),
                  r.generation(),
                  millis(r.appliedAt())));
    }

    @Override
    public void delete(EnvironmentKey key) {
      environmentsForWrite().remove(key);
      servicesForWrite().remove(key);
      releasesForWrite().remove(key);
      rolloutsForWrite().keySet().removeIf(k -> k.environmentKey().equals(key));
      cronForWrite().keySet().removeIf(k -> k.environmentKey().equals(key));
    }
  }

  private final class Services implements ServiceTable {
    @Override
    public Optional<ServiceRecord> get(ServiceKey key) {
      Map<String, ServiceRecord> env = servicesView().get(key.environmentKey());
      return Optional.ofNullable(env == null ? null : env.get(key.service()));
    }

    @Override
    public List<ServiceRecord> list(EnvironmentKey env) {
      Map<String, ServiceRecord> found = servicesView().get(env);
      return found == null ? new ArrayList<>() : new ArrayList<>(found.values());
    }

    @Override
    public void put(ServiceRecord r) {
      Objects.requireNonNull(r, "record");
      EnvironmentKey env = r.key().environmentKey();
      Map<EnvironmentKey, LinkedHashMap<String, ServiceRecord>> all = servicesForWrite();
      if (!environmentsView().containsKey(env)) {
        throw new IllegalStateException(
            "cannot store service " + r.key() + ": environment " + env + " does not exist");
      }
      all.computeIfAbsent(env, k -> new LinkedHashMap<>())
          .put(
              r.key().service(),
              new ServiceRecord(
                  r.key(),
                  r.spec(),
                  r.templateHash(),
                  r.release(),
                  r.specReplicas(),
                  r.replicas(),
                  r.stopped(),
                  millis(r.updatedAt())));
    }

    @Override
    public void delete(ServiceKey key) {
      rolloutsForWrite().remove(key);
      cronForWrite().remove(key);
      Map<String, ServiceRecord> env = servicesForWrite().get(key.environmentKey());
      if (env != null) {
        env.remove(key.service());
      }
    }
  }

  private final class Replicas implements ReplicaTable {
    @Override
    public Optional<ReplicaRecord> get(String id) {
      return Optional.ofNullable(replicasView().get(id));
    }

    @Override
    public List<ReplicaRecord> list(ServiceKey key) {
      List<ReplicaRecord> found = new ArrayList<>();
      for (ReplicaRecord r : replicasView().values()) {
        if (r.key().equals(key)) {
          found.add(r);
        }
      }
      found.sort(REPLICA_ORDER);
      return found;
    }

    @Override
    public List<ReplicaRecord> list(EnvironmentKey env) {
      List<ReplicaRecord> found = new ArrayList<>();
      for (ReplicaRecord r : replicasView().values()) {
        if (r.key().environmentKey().equals(env)) {
          found.add(r);
        }
      }
      found.sort(REPLICA_ORDER);
      return found;
    }

    @Override
    public List<ReplicaRecord> all() {
      List<ReplicaRecord> found = new ArrayList<>(replicasView().values());
      found.sort(REPLICA_ORDER);
      return found;
    }

    @Override
    public NodeUsage usage(String node) {
      return NodeUsage.sum(replicasView().values(), node); // the definition itself
    }

    @Override
    public void put(ReplicaRecord r) {
      Objects.requireNonNull(r, "record");
      replicasForWrite()
          .put(
              r.id(),
              new ReplicaRecord(
                  r.id(),
                  r.key(),
                  r.templateHash(),
                  r.cpuMillis(),
                  r.memoryBytes(),
                  r.state(),
                  r.ready(),
                  r.restarts(),
                  r.incarnation(),
                  r.node(),
                  millis(r.startedAt()),
                  r.reason(),
                  r.message(),
                  r.stopRequested(),
                  millis(r.createdAt()),
                  millis(r.updatedAt()),
                  millis(r.readySince())));
    }

    @Override
    public void delete(String id) {
      replicasForWrite().remove(id);
    }
  }

  private final class Events implements EventTable {
    @Override
    public Event append(Event e) {
      checkWritable();
      long id = base.lastEventId() + pendingEvents.size() + 1;
      Event stored =
          new Event(
              id,
              millis(e.at()),
              e.project(),
              e.environment(),
              e.service(),
              e.replica(),
              e.type(),
              e.message());
      pendingEvents.add(stored);
      return stored;
    }

    @Override
    public List<Event> list(EventQuery q) {
      checkOpen();
      List<Event> matching = new ArrayList<>();
      long visible = base.lastEventId(); // the log is shared: later commits are not ours to see
      for (Event e :
          q.afterId() < visible
              ? eventLog.subMap(q.afterId(), false, visible, true).values()
              : List.<Event>of()) {
        if (matches(q, e)) {
          matching.add(e);
        }
      }
      for (Event e : pendingEvents) {
        if (e.id() > q.afterId() && matches(q, e)) {
          matching.add(e);
        }
      }
      if (q.limit() <= 0 || matching.size() <= q.limit()) {
        return matching;
      }
      return q.afterId() > 0
          ? new ArrayList<>(matching.subList(0, q.limit())) // following: the next ones
          : new ArrayList<>(matching.subList(matching.size() - q.limit(), matching.size()));
    }

    private boolean matches(EventQuery q, Event e) {
      return (q.project() == null || q.project().equals(e.project()))
          && (q.environment() == null || q.environment().equals(e.environment()))
          && (q.service() == null || q.service().equals(e.service()));
    }
  }

  private final class Tokens implements TokenTable {
    @Override
    public TokenRecord add(String name, String sha256Hex, Instant createdAt) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sha256Hex, "sha256Hex");
      Objects.requireNonNull(createdAt, "createdAt");
      List<TokenRecord> all = tokensForWrite();
      if (findByHash(sha256Hex).isPresent()) {
        throw new IllegalStateException("a token with this hash already exists");
      }
      long id = all.isEmpty() ? 1 : all.get(all.size() - 1).id() + 1;
      TokenRecord stored = new TokenRecord(id, name, sha256Hex, millis(createdAt));
      all.add(stored);
      return stored;
    }

    @Override
    public Optional<TokenRecord> findByHash(String sha256Hex) {
      return tokensView().stream().filter(t -> t.sha256Hex().equals(sha256Hex)).findFirst();
    }

    @Override
    public List<TokenRecord> list() {
      return new ArrayList<>(tokensView());
    }
  }
}
