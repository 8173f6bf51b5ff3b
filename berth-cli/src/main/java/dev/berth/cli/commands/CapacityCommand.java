package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import dev.berth.core.capacity.Catalog;
import dev.berth.core.capacity.DefaultCatalog;
import dev.berth.core.capacity.Demand;
import dev.berth.core.capacity.Progress;
import dev.berth.core.capacity.ProvisionOptions;
import dev.berth.core.capacity.ProvisionPlan;
import dev.berth.core.capacity.ProvisionPlan.Pool;
import dev.berth.core.capacity.Provisioner;
import dev.berth.core.capacity.SystemReserve;
import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.placement.Replica;
import dev.berth.core.spec.Quantities;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth capacity plan -f berth.yaml [--catalog FILE] [-o json]}: the node pool an
 * environment needs, from the spec alone (no server), priced from an instance catalog.
 */
@Command(
    name = "capacity",
    description = "Plan the nodes an environment needs and what they cost.",
    subcommands = {CapacityCommand.Plan.class})
public final class CapacityCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw CliException.invalid("say what to do: berth capacity plan -f berth.yaml");
  }

  /** {@code berth capacity plan}. */
  @Command(
      name = "plan",
      description =
          "Print the cheapest node pool that holds every replica of an environment (autoscaled"
              + " services at their max), and why. Works without a server.")
  public static final class Plan implements Callable<Integer> {
    /** Plans with at least this many placement steps show a progress indicator on stderr. */
    static final long PROGRESS_FROM = 50_000;

    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        defaultValue = "berth.yaml",
        description = "The spec (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(
        names = {"-e", "--env"},
        paramLabel = "NAME",
        defaultValue = ProjectSpec.DEFAULT_ENVIRONMENT,
        description = "Environment (default: ${DEFAULT-VALUE}).")
    String environment;

    @Option(
        names = "--catalog",
        paramLabel = "FILE",
        description =
            "Instance types and prices: types: [{name: m6i.large, cpu: 2, memory: 8Gi,"
                + " pricePerHour: 0.096}] (default: AWS m6i/c6i/r6i/t3, us-east-1).")
    Path catalog;

    @Option(
        names = "--headroom",
        paramLabel = "PERCENT",
        defaultValue = "10",
        description = "Share of each node's allocatable kept free (default: ${DEFAULT-VALUE}).")
    double headroom;

    @Option(
        names = "--max-pods",
        paramLabel = "N",
        defaultValue = "110",
        description = "Most replicas per node (default: ${DEFAULT-VALUE}, kubelet's maxPods).")
    int maxPods;

    @Mixin OutputOption output = new OutputOption();

    private final Cli cli;

    public Plan(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
      boolean json = output.json();
      Term t = cli.term();
      ProjectSpec spec = LocalSpec.read(cli, file, "nothing was planned; fix the spec");
      EnvironmentSpec env;
      ProvisionOptions options;
      Catalog types;
      try {
        env = spec.environment(environment);
        options = new ProvisionOptions(headroom / 100.0, maxPods, SystemReserve.standard());
        types = catalog == null ? DefaultCatalog.catalog() : readCatalog();
      } catch (IllegalArgumentException e) {
        throw CliException.invalid(e.getMessage());
      }
      List<Replica> replicas = Demand.replicas(env);
      ProvisionPlan plan = Provisioner.plan(replicas, types, options, progress(t));
      if (json) {
        t.out()
            .println(
                CliJson.pretty().writeValueAsString(toJson(spec, env, replicas, plan, options)));
      } else {
        print(t, spec, env, replicas, plan, options);
      }
      if (!plan.unplaced().isEmpty()) {
        throw CliException.failed(
            plan.unplaced().size()
                + " replica(s) fit no instance type: "
                + plan.unplaced().get(0).reason());
      }
      return 0;
    }

    private Catalog readCatalog() throws IOException {
      Path p = cli.cwd().resolve(catalog).toAbsolutePath().normalize();
      if (!Files.isRegularFile(p)) {
        throw CliException.invalid("no catalog at " + p + ": pass --catalog with a YAML file");
      }
      return Catalog.parse(Files.readString(p, StandardCharsets.UTF_8), p.getFileName().toString());
    }

    /** Every tenth on stderr, for plans big enough to take a while. */
    private static Progress progress(Term t) {
      int[] shown = {0};
      return (done, total) -> {
        if (total < PROGRESS_FROM) {
          return;
        }
        int tenth = (int) (done * 10 / total);
        if (tenth > shown[0]) {
          shown[0] = tenth;
          t.say(
              String.format(
                  Locale.ROOT, "planning: %d%% (%,d of %,d steps)", tenth * 10, done, total));
        }
      };
    }

    private static ObjectNode toJson(
        ProjectSpec spec,
        EnvironmentSpec env,
        List<Replica> replicas,
        ProvisionPlan plan,
        ProvisionOptions options) {
      ObjectNode o = CliJson.mapper().createObjectNode();
      o.put("project", spec.project());
      o.put("environment", env.name());
      o.put("replicas", replicas.size());
      ArrayNode nodes = o.putArray("nodes");
      for (Pool p : plan.pools()) {
        ObjectNode n = nodes.addObject();
        n.put("type", p.type().name());
        n.put("count", p.count());
        n.put("cpu", Quantities.formatCpu(p.type().cpuMillis()));
        n.put("memory", Quantities.formatMemory(p.type().memoryBytes()));
        n.put("pricePerHour", p.type().pricePerHour());
        n.put("monthlyCost", ProvisionPlan.monthly(p.microsPerHour()));
      }
      o.put("nodeCount", plan.nodes().size());
      o.put("hourlyCost", plan.microsPerHour() / 1e6);
      o.put("monthlyCost", plan.monthlyCost());
      o.put("lowerBoundMonthlyCost", ProvisionPlan.monthly(Math.ceil(plan.lowerBoundMicros())));
      o.put("currency", "USD");
      o.put("hoursPerMonth", ProvisionPlan.HOURS_PER_MONTH);
      o.put("headroom", options.headroom());
      o.put("maxPodsPerNode", options.maxPodsPerNode());
      o.put("catalog", plan.source());
      ArrayNode services = o.putArray("services");
      for (ServiceSpec s : env.serviceList()) {
        ObjectNode n = services.addObject();
        n.put("name", s.name());
        n.put("replicas", Demand.count(s));
        n.put("basis", s.autoscale() != null ? "autoscale max" : "replicas");
        n.put("cpu", Quantities.formatCpu(s.resources().cpuMillis()));
        n.put("memory", Quantities.formatMemory(s.resources().memoryBytes()));
      }
      ArrayNode unplaced = o.putArray("unplaced");
      plan.unplaced()
          .forEach(
              u ->
                  unplaced
                      .addObject()
                      .put("replica", u.replicaId())
                      .put("service", u.service())
                      .put("reason", u.reason()));
      return o;
    }

    private static void print(
        Term t,
        ProjectSpec spec,
        EnvironmentSpec env,
        List<Replica> replicas,
        ProvisionPlan plan,
        ProvisionOptions options) {
      long cpu = replicas.stream().mapToLong(Replica::cpuMillis).sum();
      long mem = replicas.stream().mapToLong(Replica::memoryBytes).sum();
      var out = t.out();
      out.printf(
          Locale.ROOT,
          "%s/%s: %,d replicas requesting cpu %s and memory %s (autoscaled services at their"
              + " max)%n",
          spec.project(),
          env.name(),
          replicas.size(),
          Quantities.formatCpu(cpu),
          Quantities.describeMemory(mem));
      out.printf(
          Locale.ROOT,
          "%-14s %6s %6s %8s %10s %12s%n",
          "TYPE",
          "COUNT",
          "CPU",
          "MEMORY",
          "$/HOUR",
          "$/MONTH");
      for (Pool p : plan.pools()) {
        out.printf(
            Locale.ROOT,
            "%-14s %6d %6s %8s %10.4f %12.2f%n",
            p.type().name(),
            p.count(),
            Quantities.formatCpu(p.type().cpuMillis()),
            Quantities.describeMemory(p.type().memoryBytes()),
            p.type().pricePerHour(),
            ProvisionPlan.monthly(p.microsPerHour()));
      }
      double bound = ProvisionPlan.monthly(Math.ceil(plan.lowerBoundMicros()));
      out.printf(
          Locale.ROOT,
          "total: %,d nodes, $%,.2f/month (730 h); no plan can cost less than $%,.2f/month%s%n",
          plan.nodes().size(),
          plan.monthlyCost(),
          bound,
          bound > 0
              ? String.format(
                  Locale.ROOT, " (this one is +%.1f%%)", (plan.monthlyCost() / bound - 1) * 100)
              : "");
      out.printf(
          Locale.ROOT,
          "why: each node keeps the system reserve and %.0f%% headroom, at most %d replicas; the"
              + " cheapest type that holds each node's replicas is chosen.%n",
          options.headroom() * 100,
          options.maxPodsPerNode());
      out.println("prices: " + plan.source());
      plan.unplaced().forEach(u -> t.say(t.red("unplaced: ") + u.reason()));
    }
  }
}
