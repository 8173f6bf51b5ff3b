package dev.berth.engine.store;

/** The tables of the store, seen from inside one transaction. */
public interface StoreTx {
  EnvironmentTable environments();

  ServiceTable services();

  ReplicaTable replicas();

  EventTable events();

  TokenTable tokens();

  ReleaseTable releases();

  AuditTable audit();

  RolloutTable rollouts();

  CronTable cron();

  /** Apply locks ({@link EnvironmentLock}). */
  LockTable locks();

  /** State serials of environments, for saved plans. */
  SerialTable serials();

  /** Config vars and secrets of environments. */
  ConfigTable config();

  GitSourceTable gitSources();

  DeliveryTable deliveries();

  TokenPolicyTable tokenPolicies();
}
