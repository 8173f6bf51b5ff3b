package dev.berth.core.spec;

import dev.berth.core.spec.internal.Names;
import dev.berth.core.spec.internal.ProcfileReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a first {@code berth.yaml} for a project that has a Procfile, as a command such as {@code
 * berth init} needs: {@code web} becomes a web service, {@code release} the release phase, every
 * other entry a worker.
 *
 * <p>Invariants: the output parses with {@link SpecParser} (given the same Procfile) and yields the
 * Procfile's commands; commands are not copied (the parser reads them from the Procfile, so editing
 * the Procfile keeps working), except for a process whose name cannot be a service name, which gets
 * a valid name and its command written out.
 */
public final class SpecInit {

  private SpecInit() {}

  /**
   * A commented berth.yaml for {@code project} from the Procfile's text.
   *
   * @param project a valid project name (see {@link #projectNameFrom})
   * @throws SpecException when the Procfile is malformed or declares no process besides release
   * @throws IllegalArgumentException when {@code project} is not a valid project name
   */
  public static String fromProcfile(String project, String procfileText) throws SpecException {
    if (!Names.isLabel(project)) {
      throw new IllegalArgumentException(
          "'" + project + "' is not a valid project name; use projectNameFrom to make one");
    }
    Map<String, String> entries = Procfile.parse(procfileText);
    Map<String, String> services = new LinkedHashMap<>(); // service name -> Procfile name
    for (String name : entries.keySet()) {
      if (name.equals("release")) {
        continue;
      }
      String service = Names.isLabel(name) ? name : Names.slug(name);
      String unique = service;
      for (int i = 2;
          services.containsKey(unique) || entries.containsKey(unique) && !unique.equals(name);
          i++) {
        unique = service + "-" + i;
      }
      services.put(unique, name);
    }
    if (services.isEmpty()) {
      throw new SpecException(
          List.of(
              new Problem(
                  ProcfileReader.FILE,
                  0,
                  0,
                  "",
                  "the Procfile declares no process to run",
                  "add a line such as 'web: ./server' or 'worker: ./work'")));
    }
    StringBuilder y = new StringBuilder();
    y.append("# berth.yaml for '").append(project).append("', made from the Procfile.\n");
    y.append("# Reference: docs/spec.md. 'berth apply --dry-run' checks it.\n");
    y.append("#\n");
    y.append("# Commands stay in the Procfile: a service without 'command:' runs the Procfile\n");
    y.append("# line of the same name, so editing the Procfile keeps working.\n");
    y.append("version: 1\n");
    y.append("project: ").append(project).append("\n\n");
    y.append("services:\n");
    services.forEach((service, procName) -> service(y, project, service, procName, entries));
    if (entries.containsKey("release")) {
      y.append("\n# Release phase: runs once per release, before new processes start\n");
      y.append("# (database migrations). Its command is the Procfile's 'release:' line.\n");
      y.append("release: {}\n");
    }
    y.append("\n# Environments: each is one running copy of the project with its own overrides.\n");
    y.append("# Without this section any environment name runs the services above locally.\n");
    y.append("# environments:\n");
    y.append("#   production: {target: local}\n");
    y.append("#   staging: {target: local, services: {web: {replicas: 1}}}\n");
    return y.toString();
  }

  private static void service(
      StringBuilder y, String project, String service, String procName, Map<String, String> all) {
    boolean web = service.equals("web");
    if (web) {
      y.append("  # Gets HTTP through the router: http://web.<environment>.").append(project);
      y.append(".localhost:8080/\n");
      y.append("  # Listen on $PORT; 'port' is the container port on Kubernetes.\n");
    } else {
      y.append("  # Runs continuously, without traffic.\n");
    }
    y.append("  ").append(service).append(":\n");
    y.append("    type: ").append(web ? "web" : "worker").append('\n');
    if (!service.equals(procName)) {
      y.append("    # '")
          .append(procName)
          .append("' in the Procfile; its name cannot name a service\n");
      y.append("    command: ").append(quote(all.get(procName))).append('\n');
    }
    if (web) {
      y.append("    port: 8080\n");
    }
    y.append("    replicas: 1\n");
    if (web) {
      y.append(
          "    # Ready once it accepts TCP connections; with a health endpoint use {http: /health}.\n");
      y.append("    health: {tcp: true}\n");
    }
    y.append("    # resources: {cpu: 250m, memory: 512Mi}\n");
  }

  /**
   * A valid project name made from a directory name: accents dropped, lower-cased, other characters
   * turned into dashes, at most 40 characters ({@code "My Shop (v2)"} becomes {@code my-shop-v2}).
   */
  public static String projectNameFrom(String directoryName) {
    return Names.slug(directoryName);
  }

  /** A YAML double-quoted string: backslash, quote and control characters escaped. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                  if (c < 0x20
                      || c == 0x7f
                      || (c >= 0x80 && c < 0xa0)
                      || c == 0x2028
                      || c == 0x2029
                      || c == 0xfeff
                      || (c >= 0xd800 && c <= 0xdfff)) {
                    b.append(String.format("\\u%04x", c));
                  } else {
                    b.appendCodePoint(c);
                  }
                }
              }
            });
    return b.append('"').toString();
  }
}
