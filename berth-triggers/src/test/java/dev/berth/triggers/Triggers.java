package dev.berth.triggers;

import dev.berth.core.autoscale.Reading;
import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerType;
import dev.berth.engine.autoscale.TriggerSource;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds triggers as the spec parser would and reads them once through {@link TriggerAdapters}. */
final class Triggers {
  private Triggers() {}

  static TriggerSpec trigger(TriggerType type, String... keyValues) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put(keyValues[i], keyValues[i + 1]);
    }
    return new TriggerSpec(
        type.wireName(), type, TriggerSpec.MetricType.AverageValue, 5, 0, params);
  }

  static Reading readOnce(TriggerSpec trigger, Map<String, String> env) {
    try (TriggerSource s = new TriggerAdapters().open(trigger, env)) {
      return s.read();
    }
  }
}
