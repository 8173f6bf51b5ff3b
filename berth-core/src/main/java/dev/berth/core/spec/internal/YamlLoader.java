package dev.berth.core.spec.internal;

import dev.berth.core.spec.SpecLimits;
import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML text into SnakeYAML's node graph (not into Java objects), so every value keeps its
 * line and column.
 *
 * <p>Guards, because a spec may come from anyone who can open a pull request (the numbers are in
 * {@link SpecLimits}): a bounded size, line length (checked before parsing, since SnakeYAML is slow
 * on long lines), scalar length and size with aliases expanded ({@link DocumentLimits}), a bounded
 * number of aliases to collections (no billion laughs) and levels of nesting, exactly one document,
 * and no Java object construction at all (only the composer runs). Merge keys stay in the graph and
 * are resolved by {@link MappingReader} with a guard against self-reference. Any failure becomes
 * one problem at the position the parser reported, in plain words with a hint.
 */
public final class YamlLoader {

  public static final int MAX_CHARS = SpecLimits.MAX_DOCUMENT_CHARS;
  public static final int MAX_ALIASES = SpecLimits.MAX_ALIASES;
  public static final int MAX_DEPTH = SpecLimits.MAX_DEPTH;
  private static final String TOO_LARGE_HINT =
      "a spec this large is a mistake; keep data and scripts out of it";

  private YamlLoader() {}

  /** The document's root node, or {@code null} after reporting why there is none. */
  public static Node load(String text, Problems problems) {
    String file = problems.fileName();
    if (text.length() > MAX_CHARS) {
      problems.at(
          (Mark) null,
          "",
          file
              + " is larger than "
              + SpecLimits.size(MAX_CHARS)
              + " ("
              + text.length()
              + " characters)",
          TOO_LARGE_HINT);
      return null;
    }
    if (DocumentLimits.longLines(text, problems)) {
      return null;
    }
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CHARS + 1);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    RememberingParser parser =
        new RememberingParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
    try {
      Composer composer = new Composer(parser, new Resolver(), options);
      Node root = composer.getSingleNode();
      if (root == null) {
        problems.at(
            (Mark) null,
            "",
            file + " is empty",
            "start with 'project: <name>' and a 'services:' map; see docs/spec.md");
      }
      return root == null || DocumentLimits.oversized(root, problems) ? null : root;
    } catch (MarkedYAMLException e) {
      reportMarked(e, problems);
    } catch (ReaderException e) {
      int[] pos = position(text, e.getPosition());
      problems.add(
          new dev.berth.core.spec.Problem(
              file,
              pos[0],
              pos[1],
              "",
              String.format("character U+%04X is not allowed in YAML", e.getCodePoint()),
              String.format(
                  "remove it; inside double quotes you may write it as the escape \\u%04x",
                  e.getCodePoint())));
    } catch (YAMLException e) {
      reportUnmarked(e, problems);
    } catch (IllegalArgumentException e) {
      // SnakeYAML refuses some tags (e.g. with surrounding spaces) with an unmarked exception.
      problems.at(
          parser.lastMark(),
          "",
          "invalid YAML: " + e.getMessage(),
          "berth.yaml needs no tags ('!name'); remove it, or quote a value that starts with '!'");
    }
    return null;
  }

  private static void reportMarked(MarkedYAMLException e, Problems problems) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String problem = e.getProblem() == null ? "" : e.getProblem();
    String context = e.getContext() == null ? "" : e.getContext();
    if (context.startsWith("expected a single document")) {
      problems.at(
          mark,
          "",
          problems.fileName() + " holds more than one YAML document",
          "keep one document: remove this '---' and what follows, or merge it into the first");
      return;
    }
    if (context.contains("scanning an alias") && e.getContextMark() != null) {
      problems.at(
          e.getContextMark(),
          "",
          "invalid YAML: a value starting with '*' is read as an" + " alias",
          "quote it, e.g. schedule: \"*/5 * * * *\"");
      return;
    }
    java.util.regex.Matcher alias =
        java.util.regex.Pattern.compile("found undefined alias (.*)").matcher(problem);
    if (alias.matches()) {
      String name = alias.group(1);
      problems.at(
          mark,
          "",
          "invalid YAML: alias '*" + name + "' refers to no anchor",
          "define '&" + name + "' before it, or quote a value that starts with '*'");
      return;
    }
    if (problem.startsWith("Global tag is not allowed")) {
      String tag = problem.substring(problem.indexOf(':') + 1).strip();
      problems.at(
          mark,
          "",
          "invalid YAML: the tag '" + tag.replace("tag:yaml.org,2002:", "!!") + "' is not allowed",
          "remove the tag; a spec holds plain values only");
      return;
    }
    String message;
    if (problem.contains("\\t(TAB)")) {
      message = "invalid YAML: a tab character where YAML expects spaces";
    } else if (problem.matches("found character '.' that cannot start any token.*")) {
      message = "invalid YAML: a plain value cannot start with '" + problem.charAt(17) + "'";
    } else {
      message = "invalid YAML: " + problem;
      if (!context.isEmpty() && e.getContextMark() != null && e.getContextMark() != mark) {
        Mark c = e.getContextMark();
        message += " (" + context + " at " + (c.getLine() + 1) + ":" + (c.getColumn() + 1) + ")";
      }
    }
    problems.at(mark, "", message, hint(problem));
  }

  private static String hint(String problem) {
    if (problem.contains("\\t(TAB)")) {
      return "indent with spaces, not tabs";
    }
    if (problem.startsWith("found character '")) {
      return "quote the value, e.g. schedule: \"@daily\"";
    }
    if (problem.contains("mapping values are not allowed")) {
      return "quote values that contain ': ', or check the indentation";
    }
    if (problem.contains("could not find expected ':'")) {
      return "write one 'key: value' per line and check the indentation";
    }
    if (problem.contains("expected <block end>")) {
      return "check the indentation: keys of one mapping must line up";
    }
    return "check the indentation and the quoting near this position";
  }

  private static void reportUnmarked(YAMLException e, Problems problems) {
    String m = String.valueOf(e.getMessage());
    String file = problems.fileName();
    if (m.contains("Nesting Depth")) {
      problems.at(
          (Mark) null,
          "",
          file + " nests deeper than " + MAX_DEPTH + " levels",
          "a spec needs only a few levels; check the indentation");
    } else if (m.contains("aliases")) {
      problems.at(
          (Mark) null,
          "",
          file + " uses more than " + MAX_ALIASES + " aliases",
          "repeat the settings instead of aliasing them this often");
    } else if (m.contains("exceeds the limit")) {
      problems.at(
          (Mark) null, "", file + " is larger than " + SpecLimits.size(MAX_CHARS), TOO_LARGE_HINT);
    } else {
      problems.at((Mark) null, "", "invalid YAML: " + m, "check the indentation and the quoting");
    }
  }

  /**
   * 1-based line and column of a code-point index, counted exactly as SnakeYAML's reader counts:
   * {@code \n}, U+0085, U+2028, U+2029 and a {@code \r} followed by anything but {@code \n} end a
   * line; a byte order mark takes no column.
   */
  static int[] position(String text, int codePointIndex) {
    int line = 1;
    int column = 1;
    int seen = 0;
    for (int i = 0; i < text.length() && seen < codePointIndex; seen++) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      boolean lineBreak =
          cp == '\n'
              || cp == 0x85
              || cp == 0x2028
              || cp == 0x2029
              || (cp == '\r' && i < text.length() && text.charAt(i) != '\n');
      if (lineBreak) {
        line++;
        column = 1;
      } else if (cp != 0xFEFF) {
        column++;
      }
    }
    return new int[] {line, column};
  }
}
