package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.term.Table;
import dev.berth.cli.term.Term;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth token create|list|revoke}: scoped, expiring API tokens for CI (admin only). */
@Command(
    name = "token",
    description = "API tokens: create (scoped, expiring), list, revoke.",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
public final class TokenCommand implements Callable<Integer> {
  public TokenCommand(Cli cli) {}

  @Override
  public Integer call() {
    throw dev.berth.cli.CliException.invalid(
        "say what to do: berth token create, list or revoke ID");
  }

  @Command(name = "create", description = "Create a token; it is shown once.")
  public static final class Create implements Callable<Integer> {
    @Option(
        names = "--name",
        defaultValue = "ci",
        description = "What it is for (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
        names = "--scope",
        paramLabel = "PROJECT[/ENV]",
        description = "The only project (or environment) it may touch.")
    String scope;

    @Option(
        names = "--role",
        defaultValue = "read",
        description = "read, deploy or admin (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(
        names = "--expires",
        paramLabel = "DURATION",
        description = "Lifetime: 30d, 12h (default: never).")
    String expires;

    @Mixin OutputOption output;
    private final Cli cli;

    public Create(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("scope", scope);
      body.put("role", role);
      body.put("expires", expires);
      JsonNode r = cli.api().post("/api/v1/tokens", body);
      if (output.json()) {
        EnvCommand.print(cli.term(), r);
      } else {
        cli.term()
            .say(
                "Token "
                    + r.path("id").asText()
                    + " '"
                    + name
                    + "' ("
                    + r.path("role").asText()
                    + (r.path("scope").asText().isEmpty() ? "" : " of " + r.path("scope").asText())
                    + (r.path("expiresAt").isNull()
                        ? ""
                        : ", expires " + r.path("expiresAt").asText())
                    + "); store it now, it is not shown again:");
        cli.term().out().println(r.path("token").asText());
      }
      return 0;
    }
  }

  @Command(name = "list", description = "Tokens (never their values).")
  public static final class ListTokens implements Callable<Integer> {
    @Mixin OutputOption output;
    private final Cli cli;

    public ListTokens(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      JsonNode all = cli.api().get("/api/v1/tokens");
      Term t = cli.term();
      if (output.json()) {
        EnvCommand.print(t, all);
        return 0;
      }
      Table table = new Table("ID", "NAME", "ROLE", "SCOPE", "EXPIRES", "ACTIVE");
      for (JsonNode k : all) {
        table.row(
            k.path("id").asText(),
            k.path("name").asText(),
            k.path("role").asText(),
            k.path("scope").asText("").isEmpty() ? "all" : k.path("scope").asText(),
            k.path("expiresAt").isNull() ? "never" : k.path("expiresAt").asText(),
            k.path("active").asBoolean() ? "yes" : "no");
      }
      t.out().print(table.render(t));
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke a token at once.")
  public static final class Revoke implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The token's id (berth token list).")
    long id;

    private final Cli cli;

    public Revoke(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      cli.api().delete("/api/v1/tokens/" + id);
      cli.term().say("Token " + id + " revoked");
      return 0;
    }
  }
}
