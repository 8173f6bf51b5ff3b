package dev.berth.core.capacity;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.placement.Replica;
import java.util.ArrayList;
import java.util.List;

/**
 * The replicas an environment needs room for, from its spec.
 *
 * <p>A service with autoscaling counts at its {@code max} (the pool must hold the peak the
 * autoscaler may reach); otherwise at its {@code replicas}. A cron service counts one replica, the
 * room its run needs when it fires. Each replica requests its service's resources. Ids are {@code
 * <service>-<n>}, n from 1.
 */
public final class Demand {
  private Demand() {}

  /** How many replicas a service counts for. */
  public static int count(ServiceSpec s) {
    if (s.type() == ServiceType.CRON) {
      return Math.max(1, s.replicas());
    }
    return s.autoscale() != null ? Math.max(s.autoscale().max(), s.replicas()) : s.replicas();
  }

  /** The replicas of every service of the environment, in spec order. */
  public static List<Replica> replicas(EnvironmentSpec env) {
    List<Replica> out = new ArrayList<>();
    for (ServiceSpec s : env.serviceList()) {
      int n = count(s);
      for (int i = 1; i <= n; i++) {
        out.add(
            Replica.of(
                s.name() + "-" + i,
                s.name(),
                s.resources().cpuMillis(),
                s.resources().memoryBytes()));
      }
    }
    return out;
  }
}
