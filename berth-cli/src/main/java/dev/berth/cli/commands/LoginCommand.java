package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.client.ApiClient;
import dev.berth.cli.client.ApiFailure;
import dev.berth.cli.client.Connection;
import dev.berth.server.auth.ClientConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth login}: check a URL and token against the server and save them for the CLI. Without
 * {@code --token}, a token already saved for that URL (by {@code berth up} or an earlier login) is
 * tried first, so {@code berth login --url URL} switches between control planes; the one the config
 * pointed at before stays saved.
 */
@Command(
    name = "login",
    description =
        "Save the API URL and token the berth command uses (checked first); with only --url,"
            + " switch to a control plane whose token is saved.")
public final class LoginCommand implements Callable<Integer> {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "API URL (default: the saved one, else http://127.0.0.1:7070).")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "API token (default: the one saved for the URL if the server accepts it, else read"
              + " from standard input).")
  String token;

  private final Cli cli;

  public LoginCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    Path file = Connection.configPath(cli.env());
    ClientConfig config = ClientConfig.read(file).orElse(new ClientConfig(null, List.of()));
    String u =
        url != null ? url : Objects.requireNonNullElse(config.url(), "http://127.0.0.1:7070");
    ClientConfig.Target chosen = null;
    JsonNode who = null;
    if (token == null) {
      for (ClientConfig.Target saved : config.at(u)) {
        try {
          who = new ApiClient(u, saved.token()).get("/api/v1/session");
          chosen = saved;
          break;
        } catch (ApiFailure f) {
          if (f.status() != 401) {
            throw f;
          }
          // 401: that control plane no longer knows this token; try the next, then ask
        }
      }
    }
    if (chosen == null) {
      String tok = token != null ? token : cli.prompt().readSecret("Token for " + u + ": ");
      if (tok == null || tok.isBlank()) {
        throw CliException.invalid(
            "no token given: pass --token or type it when asked (berth up prints one)");
      }
      who = new ApiClient(u, tok.trim()).get("/api/v1/session");
      chosen = new ClientConfig.Target(u, tok.trim(), null);
    }
    ClientConfig.Target before = config.current();
    config.switchTo(chosen).write(file);
    cli.term()
        .say(
            "Logged in to "
                + chosen.describe()
                + " with token '"
                + who.path("token").asText()
                + "'; saved to "
                + file
                + (before != null && !Objects.equals(before.token(), chosen.token())
                    ? "\nThe config pointed at "
                        + before.describe()
                        + " before; its token is kept: berth login --url "
                        + before.url()
                        + " switches back."
                    : ""));
    return 0;
  }
}
