package dev.berth.engine.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an environment that tracks a git branch stands against it: the {@code state} of {@code
 * berth env status -o json}. Wire spelling: lower case with dashes ({@code out-of-sync}).
 *
 * <pre>
 *  PENDING --first look--> SYNCED (the tracked commit is applied)
 *                      \-> OUT_OF_SYNC (a new commit, autoSync off: berth env sync applies it)
 *                      \-> FAILED (the last look failed: unreachable, invalid spec, apply refused)
 * </pre>
 *
 * Invariant: none of these states says anything about what runs: a sync that fails leaves the
 * running release as it was (the apply that would change it never started, or was refused whole).
 */
public enum SyncState {
  /** Tracked, not looked at yet. */
  PENDING,
  /** The branch's head commit is the one last applied. */
  SYNCED,
  /** The branch moved; autoSync is off, so nothing was applied. */
  OUT_OF_SYNC,
  /** The last sync failed; its error says why. The running release is untouched. */
  FAILED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses the wire spelling; empty for anything else. */
  public static Optional<SyncState> fromWire(String text) {
    for (SyncState s : values()) {
      if (s.wireName().equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
