package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Table;
import dev.berth.cli.term.Term;
import dev.berth.engine.config.ConfigNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth config [list]|set|unset|rotate-key}: an environment's config vars and secrets (see
 * docs/config.md). Values go to the API only; secrets come back masked unless {@code --reveal}.
 */
@Command(
    name = "config",
    description =
        "Config vars and secrets of an environment: list (the default), set, unset, rotate-key.",
    subcommands = {
      ConfigCommand.List.class,
      ConfigCommand.Set.class,
      ConfigCommand.Unset.class,
      ConfigCommand.RotateKey.class
    })
public final class ConfigCommand implements Callable<Integer> {
  /** What a masked secret shows. */
  static final String MASK = "(sensitive)";

  @Mixin EnvOptions target;
  @Mixin OutputOption output;
  private final Cli cli;

  public ConfigCommand(Cli cli) {
    this.cli = cli;
  }

  /** {@code berth config} alone lists, as {@code heroku config} does. */
  @Override
  public Integer call() throws Exception {
    return List.print(cli, target, output, false);
  }

  static String base(Cli cli, EnvOptions target) {
    String project = ProjectContext.require(target.project, cli.cwd());
    return ApiPaths.env(project, target.environment()) + "/config";
  }

  @Command(name = "list", description = "The vars, secrets masked (--reveal: admin only, audited).")
  public static final class List implements Callable<Integer> {
    @Mixin EnvOptions target;
    @Mixin OutputOption output;

    @Option(
        names = "--reveal",
        description = "Show secret values (needs the admin token; recorded in berth audit).")
    boolean reveal;

    private final Cli cli;

    public List(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      return print(cli, target, output, reveal);
    }

    static int print(Cli cli, EnvOptions target, OutputOption output, boolean reveal)
        throws Exception {
      JsonNode r = cli.api().get(base(cli, target), reveal ? Map.of("reveal", "true") : Map.of());
      Term t = cli.term();
      if (output.json()) {
        t.out().println(CliJson.pretty().writeValueAsString(r));
        return 0;
      }
      String where = r.path("environment").asText() + "." + r.path("project").asText();
      if (r.path("vars").isEmpty()) {
        t.say("No config vars in " + where + "; berth config set KEY=VALUE adds one.");
        return 0;
      }
      Table table = new Table("NAME", "VALUE", "SECRET", "UPDATED");
      for (JsonNode v : r.path("vars")) {
        boolean secret = v.path("secret").asBoolean();
        JsonNode value = v.path("value");
        table.row(
            v.path("name").asText(),
            value.isNull() || value.isMissingNode() ? MASK : value.asText(),
            secret ? "yes" : "",
            v.path("updatedAt").asText());
      }
      t.out().print(table.render(t));
      if (reveal) {
        t.say("Secrets shown in plain text; this was recorded in berth audit.");
      }
      return 0;
    }
  }

  @Command(
      name = "set",
      description = "Set KEY=VALUE pairs: a new release that restarts every service with them.")
  public static final class Set implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "KEY=VALUE", description = "Vars to set.")
    java.util.List<String> pairs;

    @Option(names = "--secret", description = "Store encrypted and show as (sensitive) everywhere.")
    boolean secret;

    @Mixin EnvOptions target;
    private final Cli cli;

    public Set(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Map<String, String> vars = parse(pairs);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("vars", vars);
      body.put("secret", secret);
      JsonNode r = cli.api().post(base(cli, target), body);
      report(cli, target, r, "set");
      return 0;
    }

    /** {@code KEY=VALUE} pairs ({@link ConfigNames#pairs}); a pair without '=' is bad input. */
    static Map<String, String> parse(java.util.List<String> pairs) {
      try {
        return ConfigNames.pairs(pairs);
      } catch (dev.berth.engine.app.AppException e) {
        throw CliException.invalid(e.getMessage());
      }
    }
  }

  @Command(name = "unset", description = "Remove vars: a new release without them.")
  public static final class Unset implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "KEY", description = "Vars to remove.")
    java.util.List<String> names;

    @Mixin EnvOptions target;
    private final Cli cli;

    public Unset(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode r = cli.api().post(base(cli, target) + "/unset", Map.of("names", names));
      report(cli, target, r, "unset");
      return 0;
    }
  }

  @Command(
      name = "rotate-key",
      description = "Re-encrypt every secret's key under a new master key (admin only).")
  public static final class RotateKey implements Callable<Integer> {
    @Mixin OutputOption output;
    private final Cli cli;

    public RotateKey(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      JsonNode r = cli.api().post("/api/v1/config/rotate-key", Map.of());
      if (output.json()) {
        cli.term().out().println(CliJson.pretty().writeValueAsString(r));
        return 0;
      }
      cli.term()
          .say(
              "Re-wrapped "
                  + r.path("secrets").asInt()
                  + " secret(s) under master key id "
                  + r.path("newKeyId").asText()
                  + " (retired id "
                  + r.path("oldKeyId").asText()
                  + "). Back up "
                  + r.path("where").asText()
                  + " now: the old key no longer opens anything.");
      return 0;
    }
  }

  private static void report(Cli cli, EnvOptions target, JsonNode r, String verb) {
    java.util.List<String> changed = names(r.path("changed"));
    java.util.List<String> unchanged = names(r.path("unchanged"));
    String env = target.environment();
    Term t = cli.term();
    if (changed.isEmpty()) {
      t.say(
          "Nothing changed in "
              + env
              + ": "
              + String.join(", ", unchanged)
              + (verb.equals("set") ? " already had that value" : " not set"));
      return;
    }
    String release = r.path("release").asText();
    String head = capital(verb) + " " + String.join(", ", changed) + " in " + env;
    if (release.isEmpty()) {
      t.say(head + "; it was never applied: the next berth apply starts with them.");
    } else {
      t.say(head + ": release " + release + " rolls out; berth status shows it.");
    }
  }

  private static java.util.List<String> names(JsonNode a) {
    java.util.List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String capital(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
