package dev.berth.core.spec.internal;

import dev.berth.core.spec.Problem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Procfile as Heroku does: one {@code name: command} per line, names of letters, digits,
 * '_' and '-', blank lines and {@code #} comments ignored. Problems name the file {@code Procfile}
 * and the 1-based line.
 *
 * <p>Invariant: entries keep file order; a duplicate name is reported at its second line and the
 * first line wins.
 */
public final class ProcfileReader {

  public static final String FILE = "Procfile";

  private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9_-]+):[ \\t]*(.*)$");

  private ProcfileReader() {}

  /** The entries by name, reporting malformed lines and duplicates to {@code problems}. */
  public static Map<String, String> read(String text, Problems problems) {
    Map<String, String> entries = new LinkedHashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    String[] all = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < all.length; i++) {
      int n = i + 1;
      String line = all[i];
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        int colon = line.indexOf(':');
        String message;
        if (Character.isWhitespace(line.charAt(0))) {
          message = "line " + n + " is indented";
        } else if (colon < 0) {
          message = "line " + n + " is not 'name: command'";
        } else {
          message =
              Scalars.quote(line.substring(0, colon).strip()) + " is not a valid process name";
        }
        problems.add(
            new Problem(
                FILE,
                n,
                1,
                "",
                message,
                "write one 'name: command' per line; names use letters, digits, '_' and '-'"));
        continue;
      }
      String name = m.group(1);
      String command = m.group(2).strip();
      if (command.isEmpty()) {
        problems.add(
            new Problem(
                FILE,
                n,
                name.length() + 2,
                name,
                "process '" + name + "' has no command",
                "write the command after the colon, e.g. " + name + ": ./run"));
        continue;
      }
      if (entries.containsKey(name)) {
        problems.add(
            new Problem(
                FILE,
                n,
                1,
                name,
                "duplicate process '" + name + "' (first defined at line " + lines.get(name) + ")",
                "keep one of the two lines"));
        continue;
      }
      entries.put(name, command);
      lines.put(name, n);
    }
    return entries;
  }
}
