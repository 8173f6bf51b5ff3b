package dev.berth.core.spec;

import java.util.Objects;

/**
 * The text the parser reads: the spec and, when one sits beside it, the Procfile (commands for
 * services that give none).
 *
 * @param fileName how problems name the spec file, usually {@code berth.yaml}
 * @param yaml the spec text
 * @param procfile the Procfile text, or {@code null} when there is none
 */
public record SpecSource(String fileName, String yaml, String procfile) {
  public SpecSource {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(yaml, "yaml");
  }

  public static SpecSource of(String yaml) {
    return new SpecSource("berth.yaml", yaml, null);
  }
}
