package dev.berth.kubernetes;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ReleasePhase;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.model.Target;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendering an environment of N services (half web with 3 replicas, half workers), run by {@code
 * bench/kubernetes/run.sh}: the first rendering in a fresh JVM (what {@code berth export} pays),
 * then the median and p90 of warm renderings, and the same with every object serialized to YAML.
 */
public final class RenderBench {

  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    RenderInput in = input(services);

    long t0 = System.nanoTime();
    Rendering first = KubernetesRenderer.render(in);
    long firstRender = System.nanoTime() - t0;
    t0 = System.nanoTime();
    int firstBytes = Manifests.files(first).values().stream().mapToInt(String::length).sum();
    long firstYaml = System.nanoTime() - t0;

    long[] render = new long[rounds];
    long[] withYaml = new long[rounds];
    int sink = 0;
    for (int i = 0; i < rounds; i++) {
      t0 = System.nanoTime();
      Rendering r = KubernetesRenderer.render(in);
      render[i] = System.nanoTime() - t0;
      sink += Manifests.files(r).size();
      withYaml[i] = System.nanoTime() - t0;
    }
    System.out.printf(
        "services=%d objects=%d yamlBytes=%d rounds=%d%n",
        services, first.objects().size(), firstBytes, rounds);
    System.out.printf(
        "first (fresh JVM): render %.1f ms, yaml %.1f ms%n", ms(firstRender), ms(firstYaml));
    System.out.printf("warm render: median %.2f ms, p90 %.2f ms%n", median(render), p90(render));
    System.out.printf(
        "warm render+yaml: median %.2f ms, p90 %.2f ms%n", median(withYaml), p90(withYaml));
    if (sink == 42) {
      System.out.println();
    }
  }

  public static RenderInput input(int n) {
    Map<String, ServiceSpec> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      boolean web = i % 2 == 0;
      String name = (web ? "web-" : "worker-") + i;
      m.put(
          name,
          new ServiceSpec(
              name,
              web ? ServiceType.WEB : ServiceType.WORKER,
              "java -jar app.jar " + name,
              web ? 8080 : 0,
              web ? 3 : 1,
              Resources.of(250L, 512L << 20),
              Map.of("LOG_LEVEL", "info", "SERVICE_INDEX", Integer.toString(i)),
              web
                  ? HealthCheck.of(HealthCheck.Kind.HTTP, "/health")
                  : HealthCheck.of(HealthCheck.Kind.NONE, ""),
              null,
              "",
              null,
              null,
              "registry.example.com/bench/app:1"));
    }
    return new RenderInput(
        "bench",
        new EnvironmentSpec("production", Target.KUBERNETES, m),
        new ReleasePhase("./migrate", Duration.ofMinutes(10)),
        "v1");
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double median(long[] xs) {
    long[] s = xs.clone();
    Arrays.sort(s);
    return ms(s[s.length / 2]);
  }

  private static double p90(long[] xs) {
    long[] s = xs.clone();
    Arrays.sort(s);
    return ms(s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)]);
  }
}
