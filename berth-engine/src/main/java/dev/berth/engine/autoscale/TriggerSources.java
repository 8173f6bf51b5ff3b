package dev.berth.engine.autoscale;

import dev.berth.core.model.TriggerSpec;
import java.util.Map;

/**
 * Makes the {@link TriggerSource} for a trigger. One implementation per deployment (the real one in
 * {@code berth-triggers}); it may not support every trigger type, and says so.
 */
public interface TriggerSources {

  /**
   * A source for {@code trigger}.
   *
   * @param env the service's environment (its {@code env} and config vars), where {@code
   *     <param>FromEnv} names are looked up
   * @throws UnsupportedOperationException when this implementation has no source for the trigger's
   *     type (the message names it)
   */
  TriggerSource open(TriggerSpec trigger, Map<String, String> env);
}
