package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.client.ApiClient;
import dev.berth.server.auth.ClientConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth login}: check a URL and token against the server and save them for the CLI. */
@Command(
    name = "login",
    description = "Save the API URL and token the berth command uses (checked first).")
public final class LoginCommand implements Callable<Integer> {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "API URL (default: the saved one, else http://127.0.0.1:7070).")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "API token (default: read from standard input).")
  String token;

  private final Cli cli;

  public LoginCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    Path file = ClientConfig.defaultPath(cli.env());
    String u =
        url != null
            ? url
            : ClientConfig.read(file).map(ClientConfig::url).orElse("http://127.0.0.1:7070");
    String tok = token;
    if (tok == null) {
      tok = cli.prompt().readSecret("Token for " + u + ": ");
    }
    if (tok == null || tok.isBlank()) {
      throw CliException.invalid(
          "no token given: pass --token or type it when asked (berth up prints one)");
    }
    JsonNode who = new ApiClient(u, tok.trim()).get("/api/v1/session");
    new ClientConfig(u, tok.trim()).write(file);
    cli.term()
        .say(
            "Logged in to "
                + u
                + " with token '"
                + who.path("token").asText()
                + "'; saved to "
                + file);
    return 0;
  }
}
