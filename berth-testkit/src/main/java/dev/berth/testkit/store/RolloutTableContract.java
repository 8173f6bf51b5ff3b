package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.rollout.RolloutState;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.RolloutRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.StoreTx;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link dev.berth.engine.store.RolloutTable}: put replaces, delete, and the service cascade. */
public interface RolloutTableContract extends StoreFixture {

  private Optional<RolloutRecord> rollout(ServiceKey key) {
    return store().read((StoreTx tx) -> tx.rollouts().get(key));
  }

  @Test
  default void putGetReplaceAndDelete() {
    EnvironmentKey env = new EnvironmentKey("lms", "production");
    ServiceKey web = env.service("web");
    seedEnvironments(env);
    inWrite(tx -> tx.services().put(service(web)));
    RolloutRecord first = new RolloutRecord(web, "aaa", new RolloutState(at(1), at(2), 1), false);
    RolloutRecord second = new RolloutRecord(web, "bbb", new RolloutState(at(3), at(4), 0), true);

    assertThat(rollout(web)).isEmpty();
    inWrite(tx -> tx.rollouts().put(first));
    assertThat(rollout(web)).contains(first);
    inWrite(tx -> tx.rollouts().put(second));
    assertThat(rollout(web)).contains(second);
    inWrite(tx -> tx.rollouts().delete(web));
    assertThat(rollout(web)).isEmpty();
    inWrite(tx -> tx.rollouts().delete(web)); // nothing to delete: no error
  }

  @Test
  default void aRolloutGoesWithItsServiceAndEnvironment() {
    EnvironmentKey env = new EnvironmentKey("lms", "production");
    ServiceKey web = env.service("web");
    ServiceKey worker = env.service("worker");
    seedEnvironments(env);
    inWrite(
        tx -> {
          tx.services().put(service(web));
          tx.services().put(service(worker));
          tx.rollouts().put(new RolloutRecord(web, "a", new RolloutState(at(1), at(1), 0), false));
          tx.rollouts()
              .put(new RolloutRecord(worker, "b", new RolloutState(at(1), at(1), 0), false));
        });

    inWrite(tx -> tx.services().delete(web));
    assertThat(rollout(web)).isEmpty();
    assertThat(rollout(worker)).isPresent();
    inWrite(tx -> tx.environments().delete(env));
    assertThat(rollout(worker)).isEmpty();
  }
}
