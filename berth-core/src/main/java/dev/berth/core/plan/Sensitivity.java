package dev.berth.core.plan;

/**
 * Which environment variables of a service hold secrets, so a plan shows {@link
 * FieldChange#SENSITIVE} instead of their values. The extension point for secrets: the config layer
 * supplies one that answers true for every key it injects from a secret; added and removed secret
 * keys still appear in the plan, their values never do.
 */
@FunctionalInterface
public interface Sensitivity {
  /** Nothing is secret. */
  Sensitivity NONE = (service, key) -> false;

  boolean secret(String service, String envKey);
}
