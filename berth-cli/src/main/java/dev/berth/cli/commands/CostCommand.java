package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import dev.berth.core.capacity.Catalog;
import dev.berth.core.capacity.CostView;
import dev.berth.core.capacity.CostView.Report;
import dev.berth.core.capacity.CostView.ServiceCost;
import dev.berth.core.capacity.CostView.ServiceUsage;
import dev.berth.core.capacity.DefaultCatalog;
import dev.berth.core.capacity.InstanceType;
import dev.berth.core.capacity.ProvisionPlan;
import dev.berth.core.capacity.SystemReserve;
import dev.berth.core.spec.Quantities;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth cost [-e ENV] [--node-type NAME] [--catalog FILE] [-o json]}: requested vs used per
 * service, from the running environment's status, and what the node costs each of them ({@link
 * CostView}). The machine is priced as an instance type of the catalog.
 */
@Command(
    name = "cost",
    description =
        "Show what each service of an environment requests, uses and costs per month on its node.")
public final class CostCommand implements Callable<Integer> {
  @Mixin EnvOptions target = new EnvOptions();
  @Mixin OutputOption output = new OutputOption();

  @Option(
      names = "--node-type",
      paramLabel = "NAME",
      defaultValue = "m6i.xlarge",
      description =
          "Instance type that prices the machine (default: ${DEFAULT-VALUE}, 4 vCPU / 16Gi); pick"
              + " the one closest to yours.")
  String nodeType;

  @Option(
      names = "--catalog",
      paramLabel = "FILE",
      description = "Instance types and prices (default: AWS, us-east-1, approximate).")
  Path catalog;

  private final Cli cli;

  public CostCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    boolean json = output.json();
    Term t = cli.term();
    Catalog types;
    try {
      types =
          catalog == null
              ? DefaultCatalog.catalog()
              : Catalog.parse(
                  Files.readString(cli.cwd().resolve(catalog), StandardCharsets.UTF_8),
                  catalog.getFileName().toString());
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw CliException.invalid("cannot read the catalog " + catalog + ": " + e.getMessage());
    }
    InstanceType node = types.type(nodeType);
    if (node == null) {
      throw CliException.invalid(
          "no instance type "
              + nodeType
              + " in the catalog: pass --node-type with one of its types");
    }
    String project = ProjectContext.require(target.project, cli.cwd());
    JsonNode env = cli.api().get(ApiPaths.env(project, target.environment()));
    List<ServiceUsage> usage = new ArrayList<>();
    for (JsonNode s : env.path("services")) {
      long cpu = 0;
      long mem = 0;
      int sampled = 0;
      for (JsonNode r : s.path("replicas")) {
        if (r.path("cpuMillis").asLong(-1) >= 0 && r.path("memoryBytes").asLong(-1) >= 0) {
          cpu += r.path("cpuMillis").asLong();
          mem += r.path("memoryBytes").asLong();
          sampled++;
        }
      }
      usage.add(
          new ServiceUsage(
              s.path("name").asText(),
              s.path("desired").asInt(),
              Quantities.parseCpuMillis(s.path("cpu").asText("100m")),
              Quantities.parseMemoryBytes(s.path("memory").asText("256Mi")),
              cpu,
              mem,
              sampled));
    }
    Report r;
    try {
      r = CostView.compute(usage, node, SystemReserve.standard());
    } catch (IllegalArgumentException e) {
      throw CliException.invalid(e.getMessage());
    }
    if (json) {
      t.out()
          .println(
              CliJson.pretty().writeValueAsString(toJson(project, target.environment(), r, types)));
      return 0;
    }
    print(t, project, target.environment(), r, types);
    return 0;
  }

  private static ObjectNode toJson(String project, String env, Report r, Catalog types) {
    ObjectNode o = CliJson.mapper().createObjectNode();
    o.put("project", project);
    o.put("environment", env);
    ObjectNode n = o.putObject("node");
    n.put("type", r.node().name());
    n.put("pricePerHour", r.node().pricePerHour());
    n.put("monthlyCost", ProvisionPlan.monthly(r.node().microsPerHour()));
    ArrayNode services = o.putArray("services");
    for (ServiceCost s : r.services()) {
      ObjectNode x = services.addObject();
      x.put("name", s.name());
      x.put("replicas", s.replicas());
      x.putObject("requested")
          .put("cpu", Quantities.formatCpu(s.cpuRequested()))
          .put("memory", Quantities.formatMemory(s.memoryRequested()));
      ObjectNode used = x.putObject("used");
      if (s.cpuUsed() >= 0) {
        used.put("cpu", s.cpuUsed() + "m").put("memory", Quantities.formatMemory(s.memoryUsed()));
      }
      x.put("share", Math.round(s.share() * 10_000) / 10_000.0);
      x.put("allocatedMonthlyCost", ProvisionPlan.monthly(s.allocatedMicros()));
      if (s.idleMicros() >= 0) {
        x.put("idleMonthlyCost", ProvisionPlan.monthly(s.idleMicros()));
      } else {
        x.putNull("idleMonthlyCost");
      }
    }
    o.put("allocatedMonthlyCost", ProvisionPlan.monthly(r.allocatedMicros()));
    if (r.idleMicros() >= 0) {
      o.put("idleMonthlyCost", ProvisionPlan.monthly(r.idleMicros()));
    } else {
      o.putNull("idleMonthlyCost");
    }
    o.put("unallocatedMonthlyCost", ProvisionPlan.monthly(r.unallocatedMicros()));
    o.put("currency", "USD");
    o.put("hoursPerMonth", ProvisionPlan.HOURS_PER_MONTH);
    o.put("catalog", types.source());
    return o;
  }

  private static void print(Term t, String project, String env, Report r, Catalog types) {
    var out = t.out();
    out.printf(
        Locale.ROOT,
        "%s/%s on one %s ($%,.2f/month):%n",
        project,
        env,
        r.node().name(),
        ProvisionPlan.monthly(r.node().microsPerHour()));
    out.printf(
        Locale.ROOT,
        "%-20s %8s %10s %10s %10s %10s %10s %10s%n",
        "SERVICE",
        "REPLICAS",
        "CPU REQ",
        "CPU USED",
        "MEM REQ",
        "MEM USED",
        "$/MONTH",
        "IDLE $");
    for (ServiceCost s : r.services()) {
      out.printf(
          Locale.ROOT,
          "%-20s %8d %10s %10s %10s %10s %10.2f %10s%n",
          s.name(),
          s.replicas(),
          Quantities.formatCpu(s.cpuRequested()),
          s.cpuUsed() < 0 ? "-" : s.cpuUsed() + "m",
          Quantities.describeMemory(s.memoryRequested()),
          s.memoryUsed() < 0 ? "-" : Quantities.describeMemory(s.memoryUsed()),
          ProvisionPlan.monthly(s.allocatedMicros()),
          s.idleMicros() < 0
              ? "-"
              : String.format(Locale.ROOT, "%.2f", ProvisionPlan.monthly(s.idleMicros())));
    }
    out.printf(
        Locale.ROOT,
        "allocated $%,.2f/month, idle %s, unrequested $%,.2f/month. A service pays its dominant"
            + " share (cpu or memory) of the node; idle is the part of that share it does not"
            + " use.%n",
        ProvisionPlan.monthly(r.allocatedMicros()),
        r.idleMicros() < 0
            ? "unknown (no usage sample)"
            : String.format(Locale.ROOT, "$%,.2f/month", ProvisionPlan.monthly(r.idleMicros())),
        ProvisionPlan.monthly(r.unallocatedMicros()));
    out.println("prices: " + types.source());
  }
}
