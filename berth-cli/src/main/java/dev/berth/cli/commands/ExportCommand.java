package dev.berth.cli.commands;

import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.term.Term;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.Target;
import dev.berth.core.spec.Problem;
import dev.berth.core.spec.SpecException;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.kubernetes.HelmChart;
import dev.berth.kubernetes.KubernetesRenderer;
import dev.berth.kubernetes.Manifests;
import dev.berth.kubernetes.RenderInput;
import dev.berth.kubernetes.Rendering;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth export kubernetes|helm -f berth.yaml --env NAME --out DIR}: an environment with
 * {@code target: kubernetes} rendered from the spec alone (no server), as manifests or as a Helm
 * chart. The rendering lives in berth-kubernetes; this only reads the files and writes the output.
 */
@Command(
    name = "export",
    description =
        "Export an environment as Kubernetes manifests, a Helm chart, or its effective spec.",
    subcommands = {
      ExportCommand.Kubernetes.class,
      ExportCommand.Helm.class,
      ExportSpecCommand.class
    })
public final class ExportCommand implements Callable<Integer> {

  private final Cli cli;

  public ExportCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    throw CliException.invalid(
        "say what to export: berth export kubernetes ... (manifests) or berth export helm ..."
            + " (a chart)");
  }

  /** The options both exports take, and the rendering they share. */
  abstract static class Base implements Callable<Integer> {
    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        description = "The spec to render (berth.yaml); required for now.")
    Path file;

    @Option(
        names = {"-e", "--env"},
        paramLabel = "NAME",
        defaultValue = ProjectSpec.DEFAULT_ENVIRONMENT,
        description = "Environment (default: ${DEFAULT-VALUE}); its target must be kubernetes.")
    String environment;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "Directory to write (created; a previous export there is replaced).")
    Path out;

    @Option(
        names = "--release",
        paramLabel = "LABEL",
        description =
            "Release label for names, labels and the release Job (default: spec-<hash of the"
                + " spec>).")
    String release;

    @Option(
        names = "--no-keda",
        description =
            "Render autoscaling for a cluster without KEDA: a HorizontalPodAutoscaler for cpu and"
                + " memory triggers (the others are reported), instead of a KEDA ScaledObject.")
    boolean noKeda;

    final Cli cli;

    Base(Cli cli) {
      this.cli = cli;
    }

    abstract Map<String, String> files(RenderInput in);

    abstract String what(RenderInput in, Map<String, String> files, Path dir);

    @Override
    public Integer call() throws IOException {
      Term t = cli.term();
      if (file == null) {
        throw CliException.invalid(
            "exporting an environment's live release is not available yet: pass -f berth.yaml"
                + " to export from the spec");
      }
      Path spec = cli.cwd().resolve(file).toAbsolutePath().normalize();
      if (!Files.isRegularFile(spec)) {
        throw CliException.invalid("no spec at " + spec + ": pass -f with the path of berth.yaml");
      }
      String yaml = Files.readString(spec, StandardCharsets.UTF_8);
      Path procfilePath = spec.getParent().resolve("Procfile");
      String procfile =
          Files.isRegularFile(procfilePath)
              ? Files.readString(procfilePath, StandardCharsets.UTF_8)
              : "";
      ProjectSpec parsed;
      try {
        parsed = SpecParser.parse(new SpecSource(spec.getFileName().toString(), yaml, procfile));
      } catch (SpecException e) {
        List<Problem> problems = e.problems();
        t.say(
            t.red(
                "The spec has "
                    + problems.size()
                    + (problems.size() == 1 ? " problem:" : " problems:")));
        problems.forEach(p -> t.say("  " + p));
        throw CliException.invalid("nothing was exported; fix the spec and run berth export again");
      }
      RenderInput in;
      try {
        if (parsed.environment(environment).target() != Target.KUBERNETES) {
          throw CliException.invalid(
              "environment '"
                  + environment
                  + "' runs on the local target: set target: kubernetes for it in "
                  + spec.getFileName()
                  + " (and image: for each service), or pass --env with a kubernetes environment");
        }
        in =
            RenderInput.of(
                    parsed, environment, release != null ? release : defaultRelease(yaml, procfile))
                .withKeda(!noKeda);
      } catch (IllegalArgumentException e) {
        throw CliException.invalid(e.getMessage());
      }
      Map<String, String> files = files(in);
      Path dir = cli.cwd().resolve(out).toAbsolutePath().normalize();
      try {
        Manifests.write(files, dir);
      } catch (IllegalArgumentException e) {
        throw CliException.invalid(e.getMessage());
      }
      for (String note : KubernetesRenderer.render(in).notes()) {
        t.say(t.yellow("note: ") + note);
      }
      t.say(what(in, files, dir));
      return 0;
    }
  }

  /**
   * {@code spec-} and 10 hex digits of the spec's and Procfile's SHA-256: same files, same label.
   */
  static String defaultRelease(String yaml, String procfile) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(yaml.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(procfile.getBytes(StandardCharsets.UTF_8));
      return "spec-" + HexFormat.of().formatHex(d.digest()).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Command(
      name = "kubernetes",
      description =
          "Write the environment's Kubernetes manifests, one file per object in apply order.")
  public static final class Kubernetes extends Base {
    public Kubernetes(Cli cli) {
      super(cli);
    }

    @Override
    Map<String, String> files(RenderInput in) {
      Rendering r = KubernetesRenderer.render(in);
      return Manifests.files(r);
    }

    @Override
    String what(RenderInput in, Map<String, String> files, Path dir) {
      return "Wrote "
          + files.size()
          + " manifests of "
          + in.project()
          + "/"
          + in.environment().name()
          + " (release "
          + in.release()
          + ") to "
          + dir
          + ". Apply them with: kubectl apply -f "
          + dir;
    }
  }

  @Command(
      name = "helm",
      description =
          "Write the environment as a Helm chart (values: replicas, images, resources, env).")
  public static final class Helm extends Base {
    public Helm(Cli cli) {
      super(cli);
    }

    @Override
    Map<String, String> files(RenderInput in) {
      return HelmChart.files(in);
    }

    @Override
    String what(RenderInput in, Map<String, String> files, Path dir) {
      String ns = KubernetesRenderer.render(in).namespace();
      return "Wrote a Helm chart of "
          + in.project()
          + "/"
          + in.environment().name()
          + " (release "
          + in.release()
          + ") to "
          + dir
          + ". Install it with: helm upgrade --install "
          + in.project()
          + " "
          + dir
          + " --namespace "
          + ns
          + " --create-namespace";
    }
  }
}
