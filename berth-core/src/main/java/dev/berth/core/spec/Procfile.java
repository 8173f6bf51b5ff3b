package dev.berth.core.spec;

import dev.berth.core.spec.internal.Problems;
import dev.berth.core.spec.internal.ProcfileReader;
import java.util.Collections;
import java.util.Map;

/**
 * Heroku's Procfile: one {@code name: command} line per process type, names of letters, digits, '_'
 * and '-', blank lines and {@code #} comments ignored. Berth reads it beside {@code berth.yaml} so
 * a service can leave its command there, and a project moving from Heroku keeps one place for its
 * commands.
 */
public final class Procfile {

  private Procfile() {}

  /**
   * The commands by process name, in file order.
   *
   * @throws SpecException with a problem (file {@code Procfile}, its line) for every malformed line
   *     and every repeated name
   */
  public static Map<String, String> parse(String text) throws SpecException {
    Problems problems = new Problems(ProcfileReader.FILE);
    Map<String, String> entries = ProcfileReader.read(text, problems);
    if (!problems.isEmpty()) {
      throw new SpecException(problems.sorted());
    }
    return Collections.unmodifiableMap(entries);
  }
}
