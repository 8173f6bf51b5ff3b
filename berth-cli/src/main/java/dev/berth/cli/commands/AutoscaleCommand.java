package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Table;
import dev.berth.cli.term.Term;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth autoscale explain SERVICE}: why an autoscaled service has its replica count. */
@Command(
    name = "autoscale",
    description = "Autoscaled services: explain why one has its replica count.",
    subcommands = {AutoscaleCommand.Explain.class})
public final class AutoscaleCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw dev.berth.cli.CliException.invalid("say what to do: berth autoscale explain SERVICE");
  }

  @Command(
      name = "explain",
      description =
          "Why the service has N replicas: its latest decisions with every trigger's reading, the"
              + " stabilization windows and the policies.")
  public static final class Explain implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SERVICE", description = "The autoscaled service.")
    String name;

    @Mixin EnvOptions target;
    @Mixin OutputOption output;
    private final Cli cli;

    public Explain(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      String project = ProjectContext.require(target.project, cli.cwd());
      JsonNode x =
          cli.api()
              .get(
                  ApiPaths.env(project, target.environment())
                      + "/services/"
                      + URLEncoder.encode(name, StandardCharsets.UTF_8)
                      + "/autoscale");
      Term t = cli.term();
      if (output.json()) {
        t.out().println(CliJson.pretty().writeValueAsString(x));
        return 0;
      }
      t.out().print(render(x, t));
      return 0;
    }
  }

  /** The explanation for a person: the latest decision first, then the rules, then the history. */
  static String render(JsonNode x, Term t) {
    StringBuilder b = new StringBuilder();
    String desired =
        x.path("desired").asInt(-1) < 0 ? "not decided yet" : x.path("desired").asText();
    b.append(x.path("service").asText())
        .append(": ")
        .append(desired)
        .append(" replicas (min ")
        .append(x.path("min").asText())
        .append(", max ")
        .append(x.path("max").asText())
        .append(")\n");
    if (!x.path("reason").isNull() && !x.path("reason").isMissingNode()) {
      b.append("  because ")
          .append(x.path("reason").asText())
          .append(": ")
          .append(x.path("message").asText())
          .append('\n');
    }
    b.append("  polling every ")
        .append(x.path("pollingInterval").asText())
        .append(", cooldown to zero ")
        .append(x.path("cooldown").asText())
        .append(", last active ")
        .append(text(x.path("lastActive")))
        .append(", last scaled ")
        .append(text(x.path("lastScaleAt")))
        .append('\n');
    if (!x.path("coldStartMillis").isNull() && !x.path("coldStartMillis").isMissingNode()) {
      b.append("  latest cold start: ").append(x.path("coldStartMillis").asText()).append(" ms\n");
    }
    direction(b, "scale up", x.path("scaleUp"));
    direction(b, "scale down", x.path("scaleDown"));
    b.append("\nTriggers:\n");
    for (JsonNode tr : x.path("triggers")) {
      b.append("  ")
          .append(tr.path("name").asText())
          .append(" (")
          .append(tr.path("type").asText())
          .append(", ")
          .append(tr.path("metricType").asText())
          .append(" target ")
          .append(number(tr.path("target")))
          .append(")\n");
    }
    b.append("\nLatest decisions (oldest first):\n");
    Table table = new Table("SINCE", "UNTIL", "REPLICAS", "REASON", "READINGS");
    for (JsonNode d : x.path("decisions")) {
      List<String> readings = new ArrayList<>();
      for (JsonNode r : d.path("readings")) {
        readings.add(reading(r));
      }
      table.row(
          d.path("at").asText(),
          d.path("lastAt").asText(),
          d.path("from").asText() + " -> " + d.path("to").asText(),
          d.path("reason").asText(),
          String.join(", ", readings));
    }
    b.append(table.render(t));
    return b.toString();
  }

  private static void direction(StringBuilder b, String label, JsonNode d) {
    List<String> policies = new ArrayList<>();
    d.path("policies").forEach(p -> policies.add(p.asText()));
    List<String> recs = new ArrayList<>();
    d.path("recommendations").forEach(r -> recs.add(r.path("replicas").asText()));
    b.append("  ")
        .append(label)
        .append(": window ")
        .append(d.path("stabilizationWindow").asText())
        .append(", ")
        .append(d.path("selectPolicy").asText())
        .append(" of [")
        .append(String.join(", ", policies))
        .append("], tolerance ")
        .append(d.path("tolerance").asText())
        .append(", ")
        .append(d.path("scaleEvents").size())
        .append(" change(s) within the policy periods")
        .append(recs.isEmpty() ? "" : ", recommendations in the window: " + String.join(" ", recs))
        .append('\n');
  }

  private static String reading(JsonNode r) {
    String name = r.path("name").asText();
    if (!r.path("error").isNull() && !r.path("error").isMissingNode()) {
      return name
          + " failed ("
          + r.path("error").asText()
          + ")"
          + (r.path("fallback").asBoolean()
              ? " fallback " + r.path("recommendation").asText()
              : "");
    }
    return name
        + "="
        + number(r.path("value"))
        + (r.path("recommendation").asInt(-1) >= 0
            ? " -> " + r.path("recommendation").asText()
            : "")
        + (r.path("active").asBoolean() ? " active" : "");
  }

  private static String number(JsonNode n) {
    double v = n.asDouble();
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : n.asText();
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "never" : n.asText();
  }
}
