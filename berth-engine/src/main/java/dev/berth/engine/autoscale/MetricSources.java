package dev.berth.engine.autoscale;

import dev.berth.core.model.TriggerSpec;
import java.util.Map;

/**
 * Makes the {@link MetricSource} for a trigger. One implementation per deployment (the real one in
 * {@code berth-scalers}); it may not support every trigger type, and says so.
 */
public interface MetricSources {

  /**
   * A source for {@code trigger}.
   *
   * @param env the service's environment (its {@code env} and config vars), where {@code
   *     <param>FromEnv} names are looked up
   * @throws UnsupportedOperationException when this implementation has no source for the trigger's
   *     type (the message names it)
   */
  MetricSource open(TriggerSpec trigger, Map<String, String> env);
}
