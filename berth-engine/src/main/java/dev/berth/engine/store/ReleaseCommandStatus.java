package dev.berth.engine.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a release's release command ({@code release.command}, Heroku's release phase) stands. No
 * replica of the release starts before it has succeeded; wire spelling: lower case.
 */
public enum ReleaseCommandStatus {
  /** The spec has no release command, or the release does not run it (a rollback). */
  NONE,
  /** It is to run: the release's replicas wait. */
  PENDING,
  /** It runs now. */
  RUNNING,
  /** It exited 0: the release rolls out. */
  SUCCEEDED,
  /** It exited non-zero, timed out, or was interrupted: the release failed, nothing rolled out. */
  FAILED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ReleaseCommandStatus parse(String text) {
    for (ReleaseCommandStatus p : values()) {
      if (p.wireName().equals(text)) {
        return p;
      }
    }
    throw new IllegalArgumentException("not a release phase: " + text);
  }

  /** Whether the release's new replicas must wait (not started, or failed). */
  public boolean holdsReplicas() {
    return this == PENDING || this == RUNNING || this == FAILED;
  }
}
