package dev.berth.kubernetes.apply;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.kubernetes.KubernetesRenderer;
import dev.berth.kubernetes.RenderInput;
import dev.berth.kubernetes.Rendering;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applying an environment of N services (half web with 3 replicas, half workers; from {@code
 * RenderBench}) to fabric8's mock API server in CRUD mode, run by {@code
 * bench/kubernetes/apply.sh}: per round a fresh environment, the first apply (everything created),
 * an unchanged re-apply (reads only: no write for objects that did not change) and an apply with
 * one service changed; time and API calls of each.
 */
public final class ApplyBench {

  static final Logger QUIET = Logger.getLogger("io.fabric8");

  public static void main(String[] args) {
    QUIET.setLevel(Level.WARNING);
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            true);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      Applier applier = new Applier(new ReplaceWrites(client));
      for (int round = 1; round <= rounds; round++) {
        String env = "bench-" + round;
        RenderInput base = dev.berth.kubernetes.RenderBench.input(services);
        RenderInput in =
            new RenderInput(
                base.project(),
                new EnvironmentSpec(
                    env, base.environment().target(), base.environment().services()),
                base.releasePhase(),
                "v1");
        Rendering v1 = KubernetesRenderer.render(in);
        System.out.printf(
            "round %d: %d services, %d objects%n", round, services, v1.objects().size());
        measure("first apply", server, () -> applier.apply(v1, in.project(), env));
        measure("unchanged re-apply", server, () -> applier.apply(v1, in.project(), env));
        Map<String, ServiceSpec> changed = new LinkedHashMap<>(in.environment().services());
        ServiceSpec s = changed.get("web-0");
        Map<String, String> envVars = new LinkedHashMap<>(s.env());
        envVars.put("LOG_LEVEL", "debug");
        changed.put(
            "web-0",
            new ServiceSpec(
                s.name(),
                s.type(),
                s.command(),
                s.port(),
                s.replicas(),
                s.resources(),
                envVars,
                s.health(),
                s.cron(),
                s.user(),
                s.deploy(),
                s.autoscale(),
                s.image()));
        Rendering v2 =
            KubernetesRenderer.render(
                new RenderInput(
                    in.project(),
                    new EnvironmentSpec(env, in.environment().target(), changed),
                    in.releasePhase(),
                    "v1"));
        measure("one service changed", server, () -> applier.apply(v2, in.project(), env));
      }
    } finally {
      server.destroy();
    }
  }

  private static void measure(
      String what,
      KubernetesMockServer server,
      java.util.function.Supplier<List<ApplyPlan.Step>> apply) {
    int before = server.getRequestCount();
    long t0 = System.nanoTime();
    List<ApplyPlan.Step> steps = apply.get();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long writes = steps.stream().filter(s -> s.action() != ApplyPlan.Action.UNCHANGED).count();
    System.out.printf(
        "  %-20s %6d ms  %5d API calls  %4d writes%n",
        what, ms, server.getRequestCount() - before, writes);
  }
}
