package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.client.ApiClient;
import dev.berth.cli.term.Term;
import dev.berth.core.model.ProjectSpec;
import dev.berth.server.ControlPlane;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code berth up --demo}: applies {@code examples/lms/berth.yaml} to the control plane just
 * started, exactly as {@code berth apply} would, and prints the URLs once it runs. The examples are
 * found in {@code $BERTH_HOME} (set by the {@code ./berth} launcher), next to the jar, or in the
 * working directory.
 */
final class DemoDeploy {
  private final Cli cli;
  private final ControlPlane cp;
  private final String token;

  DemoDeploy(Cli cli, ControlPlane cp, String token) {
    this.cli = cli;
    this.cp = cp;
    this.token = token;
  }

  void run() throws InterruptedException {
    Path dir = find();
    Term t = cli.term();
    t.say("\nDeploying the demo from " + dir + " ...");
    Cli local =
        new Cli(
            t,
            Map.of("BERTH_URL", cp.apiUrl(), "BERTH_TOKEN", token, "BERTH_CONFIG", "/nonexistent"),
            dir);
    ApiClient api = local.api();
    String spec;
    try {
      spec = Files.readString(dir.resolve("berth.yaml"));
    } catch (java.io.IOException e) {
      throw CliException.failed("cannot read the demo spec: " + e.getMessage());
    }
    JsonNode applied =
        api.post(
            "/api/v1/apply",
            Map.of(
                "specFile",
                "examples/lms/berth.yaml",
                "spec",
                spec,
                "sourceDir",
                dir.toString(),
                "environment",
                ProjectSpec.DEFAULT_ENVIRONMENT));
    String project = applied.path("project").asText();
    for (JsonNode warning : applied.path("warnings")) {
      t.say(t.yellow("warning: ") + warning.asText());
    }
    String path = ApiPaths.env(project, ProjectSpec.DEFAULT_ENVIRONMENT);
    ConvergenceWatch.Outcome o =
        new ConvergenceWatch(local, path, null).await(Duration.ofMinutes(3));
    JsonNode status = api.get(path);
    if (o != ConvergenceWatch.Outcome.CONVERGED) {
      t.say(
          t.red("The demo did not come up: ")
              + FailureSummary.of(status)
              + ". The control plane keeps running; see berth status and berth logs SERVICE"
              + " --project "
              + project
              + ".");
      return;
    }
    String url = "";
    for (JsonNode s : status.path("services")) {
      if (s.path("url").isTextual()) {
        url = s.path("url").asText();
        break;
      }
    }
    String host = URI.create(url).getHost();
    t.say(
        t.green("The demo is running.")
            + "\n  Open     "
            + url
            + "\n  Enroll   curl -X POST '"
            + url
            + "api/enroll?course=java-101&student=ada'"
            + "\n  Watch    ./berth logs worker -f --project "
            + project
            + "\n  Status   ./berth status --project "
            + project
            + "\n  (Java and Python clients do not resolve *.localhost: connect to 127.0.0.1:"
            + cp.routerPort()
            + " with the header 'Host: "
            + host
            + "'.)");
  }

  private Path find() {
    for (String base :
        java.util.Arrays.asList(cli.env().get("BERTH_HOME"), jarDir(), cli.cwd().toString())) {
      if (base == null) {
        continue;
      }
      for (Path p = Path.of(base).toAbsolutePath(); p != null; p = p.getParent()) {
        Path candidate = p.resolve("examples").resolve("lms");
        if (Files.isRegularFile(candidate.resolve("berth.yaml"))) {
          return candidate;
        }
      }
    }
    throw CliException.failed(
        "cannot find examples/lms/berth.yaml: run ./berth up --demo from the Berth repository, or set BERTH_HOME to it");
  }

  private static String jarDir() {
    try {
      return Path.of(DemoDeploy.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent()
          .toString();
    } catch (Exception e) {
      return null;
    }
  }
}
