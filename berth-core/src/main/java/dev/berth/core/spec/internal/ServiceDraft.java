package dev.berth.core.spec.internal;

import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.ServiceType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A service as written in the spec (or in one environment's override), before defaults and
 * cross-key rules: every field optional and located.
 *
 * <p>Invariants: {@code given} holds every key that was written, valid or not (value: the key's
 * path, node: the key), so rules that depend on a key's presence ("port is not allowed on cron
 * services") neither miss an invalid value nor report a second problem about it; an {@code env}
 * entry with a {@code null} value (only in an override) removes that variable.
 */
public final class ServiceDraft {
  final String name;
  final ScalarNode nameNode;
  final Map<String, Located<String>> given = new LinkedHashMap<>();
  boolean invalid;
  Located<ServiceType> type;
  Located<String> command;
  Located<Integer> port;
  Located<Integer> replicas;
  Located<Long> cpu;
  Located<Long> memory;
  final Map<String, Located<String>> env = new LinkedHashMap<>();
  HealthDraft health;
  Located<String> schedule;
  Located<String> timezone;
  Located<CronSchedule.Concurrency> concurrency;
  CronDraft cron = new CronDraft();
  Located<String> user;
  DeployDraft deploy;
  Located<dev.berth.core.model.AutoscaleSpec> autoscale;
  Located<String> image;

  ServiceDraft(String name, ScalarNode nameNode) {
    this.name = name;
    this.nameNode = nameNode;
  }

  /**
   * This base service with an environment's override laid over it: scalars replace, {@code env},
   * {@code resources}, {@code health} and {@code deploy} merge key by key.
   */
  ServiceDraft overlay(ServiceDraft top) {
    if (top == null) {
      return this;
    }
    ServiceDraft d = new ServiceDraft(name, nameNode);
    d.given.putAll(given);
    d.given.putAll(top.given);
    d.invalid = invalid || top.invalid;
    d.type = type;
    d.command = HealthDraft.pick(top.command, command);
    d.port = HealthDraft.pick(top.port, port);
    d.replicas = HealthDraft.pick(top.replicas, replicas);
    d.cpu = HealthDraft.pick(top.cpu, cpu);
    d.memory = HealthDraft.pick(top.memory, memory);
    d.env.putAll(env);
    top.env.forEach(
        (k, v) -> {
          if (v.value() == null) {
            d.env.remove(k);
          } else {
            d.env.put(k, v);
          }
        });
    d.health = HealthDraft.overlay(health, top.health);
    d.schedule = HealthDraft.pick(top.schedule, schedule);
    d.timezone = HealthDraft.pick(top.timezone, timezone);
    d.concurrency = HealthDraft.pick(top.concurrency, concurrency);
    d.cron = CronDraft.overlay(cron, top.cron);
    d.user = HealthDraft.pick(top.user, user);
    d.deploy = DeployDraft.overlay(deploy, top.deploy);
    d.autoscale = HealthDraft.pick(top.autoscale, autoscale); // an override replaces the block
    d.image = HealthDraft.pick(top.image, image);
    return d;
  }
}
