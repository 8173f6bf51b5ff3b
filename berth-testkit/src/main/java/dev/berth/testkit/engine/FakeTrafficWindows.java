package dev.berth.testkit.engine;

import dev.berth.core.rollout.WatchVerdict;
import dev.berth.engine.release.TrafficWindows;
import dev.berth.engine.store.ServiceKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TrafficWindows} whose measures the test sets: what the router would have counted for a
 * revision of a service. A revision the test set nothing for has answered nothing.
 */
public final class FakeTrafficWindows implements TrafficWindows {
  private final Map<String, WatchVerdict.Window> windows = new ConcurrentHashMap<>();

  /** From now on, {@code revision} of {@code service} has answered as {@code window} says. */
  public void set(ServiceKey service, String revision, WatchVerdict.Window window) {
    windows.put(service + " " + revision, window);
  }

  @Override
  public WatchVerdict.Window answered(ServiceKey service, String revision) {
    return windows.getOrDefault(service + " " + revision, new WatchVerdict.Window(0, 0, null));
  }
}
