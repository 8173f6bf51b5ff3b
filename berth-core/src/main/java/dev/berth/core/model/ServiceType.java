package dev.berth.core.model;

import java.util.Locale;

/**
 * The three process types of a project. A {@code web} service receives HTTP traffic through the
 * router; a {@code worker} runs continuously without traffic; a {@code cron} service runs on a
 * schedule.
 */
public enum ServiceType {
  WEB,
  WORKER,
  CRON;

  /** The spelling used in {@code berth.yaml} and in JSON: lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire spelling; returns {@code null} for anything else so callers can report it. */
  public static ServiceType fromWire(String text) {
    for (ServiceType t : values()) {
      if (t.wireName().equals(text)) {
        return t;
      }
    }
    return null;
  }
}
