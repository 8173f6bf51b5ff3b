package dev.berth.core.spec;

import dev.berth.core.model.ProjectSpec;
import dev.berth.core.spec.internal.DocumentReader;
import dev.berth.core.spec.internal.Problems;
import dev.berth.core.spec.internal.ProcfileReader;
import dev.berth.core.spec.internal.YamlLoader;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses and validates a {@code berth.yaml} (version 1, reference in {@code docs/spec.md}) into a
 * fully resolved {@link ProjectSpec}.
 *
 * <p>Invariants: either every rule holds and the result has defaults filled and every declared
 * environment resolved, or a {@link SpecException} lists every problem found (never only the
 * first), each at the line and column of the offending key or value, ordered by position. Nothing
 * but {@code SpecException} escapes for any input text: hostile YAML (alias bombs, deep nesting,
 * huge files, several documents) is refused with a problem, and no Java object is ever constructed
 * from the YAML. A pure function: no IO, no clock.
 */
public final class SpecParser {

  private SpecParser() {}

  /**
   * Why {@code name} cannot name a project, environment or service (it must be a DNS label of at
   * most 40 characters: lower-case letters, digits and dashes, starting with a letter), or empty
   * when it can. For names that come from elsewhere than the spec, such as {@code --env}.
   */
  public static java.util.Optional<String> nameProblem(String name) {
    return java.util.Optional.ofNullable(
        dev.berth.core.spec.internal.Names.labelProblem(name == null ? "" : name));
  }

  /**
   * Parses {@code source}; services without a {@code command} take the Procfile line of the same
   * name.
   *
   * @throws SpecException with every problem in the spec and in the Procfile
   */
  public static ProjectSpec parse(SpecSource source) throws SpecException {
    Problems problems = new Problems(source.fileName());
    Map<String, String> procfile =
        source.procfile() == null ? Map.of() : ProcfileReader.read(source.procfile(), problems);
    Node root = YamlLoader.load(source.yaml(), problems);
    ProjectSpec spec = root == null ? null : new DocumentReader(problems, procfile).read(root);
    if (!problems.isEmpty() || spec == null) {
      if (problems.isEmpty()) {
        throw new IllegalStateException("no spec and no problem for " + source.fileName());
      }
      throw new SpecException(problems.sorted());
    }
    return spec;
  }
}
