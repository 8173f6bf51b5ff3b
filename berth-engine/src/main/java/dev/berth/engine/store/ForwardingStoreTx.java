package dev.berth.engine.store;

/**
 * A {@link StoreTx} that hands every table to another one: the base of wrappers that change a few
 * tables (redaction of events and audit entries, counting reads in tests). A table added to {@link
 * StoreTx} is forwarded here once, so no wrapper can forget it.
 */
public abstract class ForwardingStoreTx implements StoreTx {
  protected final StoreTx tx;

  protected ForwardingStoreTx(StoreTx tx) {
    this.tx = java.util.Objects.requireNonNull(tx, "tx");
  }

  @Override
  public EnvironmentTable environments() {
    return tx.environments();
  }

  @Override
  public ServiceTable services() {
    return tx.services();
  }

  @Override
  public ReplicaTable replicas() {
    return tx.replicas();
  }

  @Override
  public EventTable events() {
    return tx.events();
  }

  @Override
  public TokenTable tokens() {
    return tx.tokens();
  }

  @Override
  public ReleaseTable releases() {
    return tx.releases();
  }

  @Override
  public AuditTable audit() {
    return tx.audit();
  }

  @Override
  public RolloutTable rollouts() {
    return tx.rollouts();
  }

  @Override
  public CronTable cron() {
    return tx.cron();
  }

  @Override
  public LockTable locks() {
    return tx.locks();
  }

  @Override
  public SerialTable serials() {
    return tx.serials();
  }

  @Override
  public ConfigTable config() {
    return tx.config();
  }

  @Override
  public GitSourceTable gitSources() {
    return tx.gitSources();
  }

  @Override
  public DeliveryTable deliveries() {
    return tx.deliveries();
  }

  @Override
  public TokenPolicyTable tokenPolicies() {
    return tx.tokenPolicies();
  }
}
