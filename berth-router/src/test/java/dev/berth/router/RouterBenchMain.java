package dev.berth.router;

import dev.berth.engine.store.ServiceKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The router alone, without the control plane: {@code RouterBenchMain <port> <host:port>...} routes
 * {@code web.production.lms.localhost} to the given backends through an immutable route table, with
 * a Prometheus registry so metrics cost what they cost in production. Not the benchmark (that is
 * {@code bench/router/run.sh}, which measures the router inside {@code berth up}); it answers "what
 * does the rest of the control plane add?" when run next to {@code berth up} with the launcher's
 * JVM flags and the jar on the classpath (docs/benchmarks.md). Stops on SIGTERM and prints how many
 * requests it answered.
 */
public final class RouterBenchMain {

  private RouterBenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: RouterBenchMain <router-port> <backend-host:port>...");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    List<Backend> backends = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      int colon = args[i].lastIndexOf(':');
      backends.add(
          new Backend(
              "bench-" + i,
              args[i].substring(0, colon),
              Integer.parseInt(args[i].substring(colon + 1))));
    }
    ServiceKey web = new ServiceKey("lms", "production", "web");
    Optional<List<Backend>> snapshot = Optional.of(List.copyOf(backends));
    RouteTable table = key -> web.equals(key) ? snapshot : Optional.empty();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Router router =
        new Router(
            new RouterConfig("127.0.0.1", port, Duration.ofSeconds(30), Duration.ofSeconds(2), 3),
            table,
            registry);
    router.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  router.close();
                  double answered =
                      registry.find("berth.router.requests").counters().stream()
                          .mapToDouble(Counter::count)
                          .sum();
                  System.out.printf("berth router answered %.0f requests%n", answered);
                  stopped.countDown();
                }));
    System.out.println("berth router ready on 127.0.0.1:" + router.port());
    stopped.await();
  }
}
