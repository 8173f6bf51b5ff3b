package dev.berth.kubernetes.deploy;

import java.time.Duration;

/**
 * How the deployer waits between two looks at the cluster. The real one sleeps; a test's advances
 * its clock and plays the cluster's controllers (the mock API server has none), so no test sleeps.
 */
@FunctionalInterface
public interface Pause {

  void pause(Duration d) throws InterruptedException;

  /** Sleeps the calling thread. */
  Pause SLEEP = d -> Thread.sleep(d.toMillis());
}
