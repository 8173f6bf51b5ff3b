package dev.berth.testkit.autoscale;

import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerType;
import dev.berth.engine.autoscale.TriggerSource;
import dev.berth.engine.autoscale.TriggerSources;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Trigger sources a test controls: one {@link FakeTriggerSource} per trigger name, shared by every
 * service (tests name their triggers apart). A source opened again after a close is a fresh one.
 */
public final class FakeTriggerSources implements TriggerSources {
  private final Map<String, FakeTriggerSource> byName = new ConcurrentHashMap<>();
  private final List<String> opened = new CopyOnWriteArrayList<>();

  private final java.util.Set<TriggerType> refused = ConcurrentHashMap.newKeySet();

  /**
   * Opening a trigger of {@code type} fails, as the real adapters do for types they do not read.
   */
  public FakeTriggerSources refuse(TriggerType type) {
    refused.add(type);
    return this;
  }

  /** The source of the trigger named {@code name}, made on first use. */
  public FakeTriggerSource source(String name) {
    return byName.computeIfAbsent(name, n -> new FakeTriggerSource());
  }

  /** The trigger names opened so far, in order (a name twice means it was reopened). */
  public List<String> opened() {
    return List.copyOf(opened);
  }

  private final Map<String, Map<String, String>> envs = new ConcurrentHashMap<>();

  /** The environment the trigger named {@code name} was last opened with (empty if never). */
  public Map<String, String> env(String name) {
    return envs.getOrDefault(name, Map.of());
  }

  @Override
  public TriggerSource open(TriggerSpec trigger, Map<String, String> env) {
    opened.add(trigger.name());
    envs.put(trigger.name(), Map.copyOf(env));
    if (refused.contains(trigger.type())) {
      throw new UnsupportedOperationException(
          "a " + trigger.type().wireName() + " trigger has no source in this test");
    }
    FakeTriggerSource s = source(trigger.name());
    if (s.closed()) {
      FakeTriggerSource again = new FakeTriggerSource();
      byName.put(trigger.name(), again);
      return again;
    }
    return s;
  }
}
