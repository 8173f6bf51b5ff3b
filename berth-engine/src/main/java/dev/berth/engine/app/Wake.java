package dev.berth.engine.app;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ServiceKey;
import java.util.function.Consumer;

/**
 * How a use case asks the controllers to look again after it changed the desired state: the replica
 * controller per service, the release controller per environment. Queues dedupe, so asking twice
 * costs nothing.
 */
@FunctionalInterface
public interface Wake {
  /** The replica controller should reconcile this service. */
  void service(ServiceKey key);

  /**
   * The release controller should look at this environment's deploying release. Does nothing unless
   * overridden: tests that drive only the replica controller need no release controller.
   */
  default void environment(EnvironmentKey key) {}

  /** Both controllers. */
  static Wake of(Consumer<ServiceKey> services, Consumer<EnvironmentKey> environments) {
    return new Wake() {
      @Override
      public void service(ServiceKey key) {
        services.accept(key);
      }

      @Override
      public void environment(EnvironmentKey key) {
        environments.accept(key);
      }
    };
  }
}
