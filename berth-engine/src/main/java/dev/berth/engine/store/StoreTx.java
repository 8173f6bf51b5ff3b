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

  GitSourceTable gitSources();

  DeliveryTable deliveries();

  TokenPolicyTable tokenPolicies();
}
