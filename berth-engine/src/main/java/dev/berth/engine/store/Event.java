package dev.berth.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened, recorded for {@code berth events}, history, alerts and live updates.
 * Every state change of the platform produces one.
 *
 * @param id store-assigned, increasing; {@code 0} before it is stored
 * @param at when it happened
 * @param project project, or empty for platform-wide events
 * @param environment environment, or empty
 * @param service service, or empty
 * @param replica replica id, or empty
 * @param type a stable CamelCase word: {@code Applied}, {@code Scaled}, {@code ReplicaReady}, ...
 * @param message a sentence for a person
 */
public record Event(
    long id,
    Instant at,
    String project,
    String environment,
    String service,
    String replica,
    String type,
    String message) {
  public Event {
    Objects.requireNonNull(at, "at");
    project = project == null ? "" : project;
    environment = environment == null ? "" : environment;
    service = service == null ? "" : service;
    replica = replica == null ? "" : replica;
    Objects.requireNonNull(type, "type");
    message = message == null ? "" : message;
  }

  public static Event of(Instant at, ServiceKey key, String replica, String type, String message) {
    return new Event(
        0, at, key.project(), key.environment(), key.service(), replica, type, message);
  }

  public static Event of(Instant at, EnvironmentKey key, String type, String message) {
    return new Event(0, at, key.project(), key.environment(), "", "", type, message);
  }
}
