package dev.berth.store;

import dev.berth.core.plan.Planner;
import dev.berth.core.plan.Sensitivity;
import dev.berth.core.plan.StoredService;
import dev.berth.engine.app.Actor;
import dev.berth.engine.app.ApplyOptions;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyService;
import dev.berth.engine.app.PlanOutcome;
import dev.berth.engine.app.Wake;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.runtime.RunAsPolicy;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import dev.berth.testkit.artifact.DirectoryAppCode;
import dev.berth.testkit.artifact.PassThroughBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * bench/plan: plan of N services with 20 env vars each against stored state (SQLite), the pure
 * planner alone, and a no-op apply of a saved plan. Not a test: run by bench/plan/run.sh.
 */
public final class PlanBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Path tmp = Files.createTempDirectory("plan-bench");
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(app.resolve("run.sh"), "echo hi\n");
    try (Store store = Stores.openSqlite(tmp.resolve("data"))) {
      ApplyService apply =
          new ApplyService(
              store,
              new EventBus(),
              Wake.of(k -> {}, k -> {}),
              Clock.systemUTC(),
              RunAsPolicy.UNSUPPORTED,
              new DirectoryAppCode(Clock.systemUTC()),
              new PassThroughBuilder());
      String spec = spec(n, "info");
      String edited = spec(n, "debug"); // every 10th service changes one env var
      long t0 = System.nanoTime();
      apply.apply(request(spec, app));
      System.out.printf(Locale.ROOT, "first apply of %d services: %.0f ms%n", n, ms(t0));
      EnvironmentKey key = new EnvironmentKey("bench", "production");
      List<StoredService> stored =
          store.read(
              (StoreTx tx) -> {
                List<StoredService> out = new ArrayList<>();
                for (ServiceRecord r : tx.services().list(key)) {
                  out.add(
                      new StoredService(
                          r.spec(),
                          r.templateHash(),
                          r.specReplicas(),
                          r.replicas(),
                          r.stopped(),
                          -1));
                }
                return out;
              });
      String dir = store.read((StoreTx tx) -> tx.environments().get(key).orElseThrow().sourceDir());
      var desired =
          dev.berth.core.spec.SpecParser.parse(
                  new dev.berth.core.spec.SpecSource("berth.yaml", edited, null))
              .environment("production")
              .serviceList();
      double[] pure = new double[rounds];
      double[] preview = new double[rounds];
      double[] noop = new double[rounds];
      int changed = 0;
      for (int i = 0; i < rounds; i++) {
        long a = System.nanoTime();
        changed = Planner.plan(desired, dir, stored, dir, Sensitivity.NONE).toChange();
        pure[i] = ms(a);
        a = System.nanoTime();
        PlanOutcome p = apply.preview(request(edited, app));
        preview[i] = ms(a);
        PlanOutcome same = apply.preview(request(spec, app));
        a = System.nanoTime();
        apply.apply(request(spec, app), line -> {}, new ApplyOptions(same.pinned(), true));
        noop[i] = ms(a);
        if (p.plan().toChange() != n / 10) {
          throw new IllegalStateException("expected " + n / 10 + " changes: " + p.plan().summary());
        }
      }
      System.out.printf(
          Locale.ROOT, "services %d x 20 env vars, %d to change, %d rounds%n", n, changed, rounds);
      print("pure Planner.plan", pure);
      print("berth plan on the control plane (parse + SQLite read + plan)", preview);
      print("no-op apply of a saved plan (lock + checks + plan + release lock)", noop);
    }
  }

  static void print(String what, double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    System.out.printf(
        Locale.ROOT,
        "%-70s median %7.2f ms  p90 %7.2f ms  max %7.2f ms%n",
        what,
        s[s.length / 2],
        s[(int) (s.length * 0.9)],
        s[s.length - 1]);
  }

  static ApplyRequest request(String spec, Path app) {
    return new ApplyRequest(
        "berth.yaml", spec, null, app.toString(), "production", Actor.BERTH, "", "", null);
  }

  static String spec(int n, String changedValue) {
    StringBuilder b = new StringBuilder("project: bench\nservices:\n");
    for (int i = 0; i < n; i++) {
      b.append("  svc-").append(i).append(":\n    type: worker\n    command: sh run.sh\n");
      b.append("    replicas: 1\n    env:\n");
      for (int e = 0; e < 20; e++) {
        String v = e == 0 && i % 10 == 0 ? changedValue : "value-" + e;
        b.append("      VAR_").append(e).append(": ").append(v).append('\n');
      }
    }
    return b.toString();
  }

  static double ms(long start) {
    return (System.nanoTime() - start) / 1e6;
  }
}
