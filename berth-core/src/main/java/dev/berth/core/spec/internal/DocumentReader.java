package dev.berth.core.spec.internal;

import static dev.berth.core.spec.internal.MappingReader.join;

import dev.berth.core.model.BuildSpec;
import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.ReleasePhase;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.spec.SpecLimits;
import dev.berth.core.spec.internal.MappingReader.Entry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a whole berth.yaml document (version 1) into a resolved {@link ProjectSpec}: top-level
 * keys, services, build, release, environments, then every service resolved for the base and for
 * each environment.
 *
 * <p>Invariant: returns a spec only when no problem at all was found; otherwise {@code null}, with
 * every problem in {@link Problems}.
 */
public final class DocumentReader {

  private final Problems p;
  private final Map<String, String> procfile;
  private final MappingReader maps;
  private final ServiceReader serviceReader;
  private final ServiceResolver resolver;

  /**
   * @param procfile the Procfile's commands by process name (empty when there is none)
   */
  public DocumentReader(Problems problems, Map<String, String> procfile) {
    this.p = problems;
    this.procfile = procfile;
    this.maps = new MappingReader(problems);
    this.serviceReader = new ServiceReader(maps, problems);
    this.resolver = new ServiceResolver(problems, procfile);
  }

  /** The hint for a name that is not a DNS label, with a corrected name to copy. */
  static String labelHint(String name) {
    return "use lower-case letters, digits and dashes, starting with a letter, at most "
        + Names.MAX_LABEL
        + " characters, e.g. '"
        + Names.slug(name)
        + "'";
  }

  public ProjectSpec read(Node root) {
    if (!(root instanceof MappingNode m)) {
      p.at(
          root,
          "",
          p.fileName()
              + " must be a mapping with 'project' and 'services', not "
              + Scalars.describe(root),
          "start with 'project: <name>' and a 'services:' map");
      return null;
    }
    Map<String, Entry> top = maps.fields(m, "", Keys.TOP);
    version(top.get("version"));
    String project = project(top.get("project"), m);
    Map<String, ServiceDraft> drafts = services(top.get("services"), m);
    BuildSpec build = build(top.get("build"));
    ReleasePhase release = release(top.get("release"));
    Map<String, EnvironmentReader.Draft> envDrafts =
        top.containsKey("environments")
            ? new EnvironmentReader(maps, p, serviceReader)
                .read(top.get("environments").valueNode(), drafts)
            : Map.of();

    Map<String, ServiceSpec> base = resolveAll(drafts, Map.of());
    if (envDrafts.isEmpty()) {
      ImageRule.check(
          ProjectSpec.DEFAULT_ENVIRONMENT,
          "",
          dev.berth.core.model.Target.LOCAL,
          drafts,
          Map.of(),
          p);
    }
    Map<String, EnvironmentSpec> environments = new LinkedHashMap<>();
    for (EnvironmentReader.Draft env : envDrafts.values()) {
      Map<String, ServiceSpec> services = resolveAll(drafts, env.overrides());
      ImageRule.check(
          env.name(), join("environments", env.name()), env.target(), drafts, env.overrides(), p);
      environments.put(env.name(), new EnvironmentSpec(env.name(), env.target(), services));
    }
    if (!p.isEmpty() || project == null) {
      return null;
    }
    return new ProjectSpec(project, base, build, release, environments);
  }

  private Map<String, ServiceSpec> resolveAll(
      Map<String, ServiceDraft> drafts, Map<String, ServiceDraft> overrides) {
    Map<String, ServiceSpec> out = new LinkedHashMap<>();
    for (ServiceDraft d : drafts.values()) {
      ServiceSpec s = resolver.resolve(d, overrides.get(d.name), join("services", d.name));
      if (s != null) {
        out.put(d.name, s);
      }
    }
    return out;
  }

  private void version(Entry e) {
    if (e == null) {
      return;
    }
    Node v = e.valueNode();
    if (v instanceof ScalarNode s && s.isPlain() && s.getValue().equals("1")) {
      return;
    }
    if (v instanceof ScalarNode s && s.isPlain() && s.getValue().matches("[0-9]{1,9}")) {
      p.at(
          v,
          "version",
          "version " + s.getValue() + " is not supported",
          "this Berth reads version 1; write version: 1, or upgrade Berth");
    } else {
      p.at(
          v,
          "version",
          "expected the version number 1, got " + Scalars.describe(v),
          "write version: 1");
    }
  }

  private String project(Entry e, MappingNode root) {
    if (e == null) {
      p.at(root, "", "missing 'project'", "add project: <name> at the top, e.g. project: shop");
      return null;
    }
    String name = Scalars.nonBlank(e.valueNode(), "project", "a project name", p);
    if (name == null) {
      return null;
    }
    String why = Names.labelProblem(name);
    if (why != null) {
      p.at(
          e.valueNode(),
          "project",
          Scalars.quote(name) + " is not a valid project name: it " + why,
          labelHint(name));
      return null;
    }
    return name;
  }

  private Map<String, ServiceDraft> services(Entry e, MappingNode root) {
    Map<String, ServiceDraft> drafts = new LinkedHashMap<>();
    if (e == null) {
      p.at(
          root,
          "",
          "missing 'services'",
          "add a services: map, e.g. services: {web: {command: ./server}}");
      return drafts;
    }
    Node v = e.valueNode();
    if (!(v instanceof MappingNode m) || m.getValue().isEmpty()) {
      boolean empty = Scalars.isNull(v) || v instanceof MappingNode;
      p.at(
          empty ? e.keyNode() : v,
          "services",
          empty
              ? "services is empty"
              : "expected a mapping of services, got " + Scalars.describe(v),
          "declare at least one service by name, e.g. services: {web: {command: ./server}}");
      return drafts;
    }
    if (m.getValue().size() > SpecLimits.MAX_SERVICES) {
      p.at(
          e.keyNode(),
          "services",
          "services declares "
              + m.getValue().size()
              + " services, more than the limit of "
              + SpecLimits.MAX_SERVICES
              + " per project",
          "split the app into several projects, or run related processes in one service");
      return drafts;
    }
    for (Entry s : maps.entries(m, "services").values()) {
      String path = join("services", s.key());
      String why = Names.labelProblem(s.key());
      if (why != null) {
        p.at(
            s.keyNode(),
            path,
            Scalars.quote(s.key()) + " is not a valid service name: it " + why,
            labelHint(s.key()));
      }
      drafts.put(s.key(), serviceReader.read(s.key(), s.keyNode(), s.valueNode(), path, false));
    }
    return drafts;
  }

  /** The longest build or release command run: a day. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  private ReleasePhase release(Entry e) {
    if (e == null) {
      return null;
    }
    Node v = e.valueNode();
    String command = null;
    Duration timeout = null;
    if (v instanceof MappingNode m) {
      Map<String, Entry> fields = maps.fields(m, "release", Keys.RELEASE);
      Entry c = fields.get("command");
      if (c != null) {
        command = Scalars.nonBlank(c.valueNode(), "release.command", "a command", p);
        if (command == null) {
          return null;
        }
      }
      timeout = timeout(fields.get("timeout"), "release.timeout", "1h");
    } else if (!Scalars.isNull(v)) {
      p.at(
          v,
          "release",
          "expected a mapping with the release command, got " + Scalars.describe(v),
          v instanceof ScalarNode s
              ? "write release: {command: " + Scalars.quote(s.getValue()).replace('\'', '"') + "}"
              : "write release: {command: ...}");
      return null;
    }
    if (command == null) {
      command = procfile.get("release");
    }
    if (command == null) {
      p.at(
          e.keyNode(),
          "release",
          "release has no command",
          "add 'command:' under release, or a 'release:' line to the Procfile beside berth.yaml");
      return null;
    }
    return new ReleasePhase(command, timeout);
  }

  private BuildSpec build(Entry e) {
    if (e == null) {
      return null;
    }
    Node v = e.valueNode();
    if (!(v instanceof MappingNode m)) {
      p.at(
          Scalars.isNull(v) ? e.keyNode() : v,
          "build",
          Scalars.isNull(v)
              ? "build has no command"
              : "expected a mapping with the build command, got " + Scalars.describe(v),
          v instanceof ScalarNode s && !Scalars.isNull(v)
              ? "write build: {command: " + Scalars.quote(s.getValue()).replace('\'', '"') + "}"
              : "write build: {command: ...}, e.g. build: {command: npm ci}");
      return null;
    }
    Map<String, Entry> fields = maps.fields(m, "build", Keys.BUILD);
    Duration timeout = timeout(fields.get("timeout"), "build.timeout", "30m");
    Entry c = fields.get("command");
    if (c == null) {
      p.at(
          e.keyNode(),
          "build",
          "build has no command",
          "add 'command:' under build, e.g. build: {command: npm ci}");
      return null;
    }
    String command = Scalars.nonBlank(c.valueNode(), "build.command", "a command", p);
    return command == null ? null : new BuildSpec(command, timeout);
  }

  private Duration timeout(Entry t, String path, String example) {
    return t == null
        ? null
        : Scalars.duration(t.valueNode(), path, "timeout", false, MAX_TIMEOUT, example, p);
  }
}
