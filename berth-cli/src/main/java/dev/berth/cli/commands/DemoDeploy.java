package dev.berth.cli.commands;

import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.client.ApiClient;
import dev.berth.cli.term.Term;
import dev.berth.server.ControlPlane;
import dev.berth.server.auth.ClientConfig;
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

  DemoDeploy(Cli cli, ControlPlane cp) {
    this.cli = cli;
    this.cp = cp;
  }

  void run() throws InterruptedException {
    Path dir = find();
    Term t = cli.term();
    t.say("\nDeploying the demo from " + dir + " ...");
    String token =
        ClientConfig.read(ClientConfig.defaultPath(cli.env()))
            .map(ClientConfig::token)
            .orElseThrow();
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
            "production"));
    ConvergenceWatch.Outcome o =
        new ConvergenceWatch(local, ApiPaths.env("lms", "production")).await(Duration.ofMinutes(3));
    if (o != ConvergenceWatch.Outcome.CONVERGED) {
      t.say(
          t.red("The demo did not come up: ")
              + FailureSummary.of(api.get(ApiPaths.env("lms", "production")))
              + ". The control plane keeps running; see berth status and berth logs web.");
      return;
    }
    String url = cp.url(new dev.berth.engine.store.ServiceKey("lms", "production", "web"));
    t.say(
        t.green("The demo is running.")
            + "\n"
            + "  Open     "
            + url
            + "\n"
            + "  Enroll   curl -X POST '"
            + url
            + "api/enroll?course=java-101&student=ada'\n"
            + "  Watch    ./berth logs worker -f --project lms\n"
            + "  Status   ./berth status --project lms\n"
            + "  (Java and Python clients do not resolve *.localhost: connect to 127.0.0.1:"
            + cp.routerPort()
            + " with the header 'Host: web.production.lms.localhost'.)");
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
