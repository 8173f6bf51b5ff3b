package dev.berth.engine.app.status;

import java.time.Instant;
import java.util.List;

/**
 * One service in {@code berth status -o json}. {@code name, type, release, desired, ready, state,
 * url, replicas} are the DESIGN.md contract; the rest are additions.
 *
 * @param name service name
 * @param type web, worker or cron
 * @param release the release its ready replicas run (the live one until a new one is rolled out),
 *     or the release of its current template when none is ready
 * @param desired replicas that should run
 * @param ready replicas that are ready
 * @param state summary, written as its {@link ServiceState#wireName()}
 * @param url router URL for web services, else {@code null}
 * @param command the command it runs
 * @param cpu CPU request (canonical quantity)
 * @param memory memory request (canonical quantity)
 * @param schedule cron expression, cron only
 * @param timezone cron time zone, cron only
 * @param nextRun next scheduled run, cron only
 * @param replicas the replicas
 * @param autoscale the autoscaler's bounds and latest decision, or {@code null} when the service is
 *     not autoscaled ({@code desired} is then the count the autoscaler last set)
 * @param lastRun a cron service's newest run (as {@code berth cron runs} shows it), else {@code
 *     null}
 */
public record ServiceView(
    String name,
    String type,
    String release,
    int desired,
    int ready,
    ServiceState state,
    String url,
    String command,
    String cpu,
    String memory,
    String schedule,
    String timezone,
    Instant nextRun,
    List<ReplicaView> replicas,
    AutoscaleView autoscale,
    dev.berth.engine.cron.CronCommands.RunView lastRun) {

  /** A service with no cron run to show. */
  public ServiceView(
      String name,
      String type,
      String release,
      int desired,
      int ready,
      ServiceState state,
      String url,
      String command,
      String cpu,
      String memory,
      String schedule,
      String timezone,
      Instant nextRun,
      List<ReplicaView> replicas,
      AutoscaleView autoscale) {
    this(
        name, type, release, desired, ready, state, url, command, cpu, memory, schedule, timezone,
        nextRun, replicas, autoscale, null);
  }

  /** A service that is not autoscaled. */
  public ServiceView(
      String name,
      String type,
      String release,
      int desired,
      int ready,
      ServiceState state,
      String url,
      String command,
      String cpu,
      String memory,
      String schedule,
      String timezone,
      Instant nextRun,
      List<ReplicaView> replicas) {
    this(
        name, type, release, desired, ready, state, url, command, cpu, memory, schedule, timezone,
        nextRun, replicas, null);
  }
}
