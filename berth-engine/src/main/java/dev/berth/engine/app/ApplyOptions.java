package dev.berth.engine.app;

/**
 * How an apply runs beyond its request.
 *
 * @param expected the saved plan it must match, or {@code null} to apply whatever the spec says now
 * @param failIfLocked refuse at once ({@code environment_locked}) when another apply holds the
 *     environment's lock, instead of queueing behind it in this control plane: for a client that
 *     waits itself and shows whom it waits for
 */
public record ApplyOptions(SavedPlan expected, boolean failIfLocked) {
  /** Apply what the spec says now; wait behind applies of this control plane. */
  public static final ApplyOptions DEFAULT = new ApplyOptions(null, false);
}
