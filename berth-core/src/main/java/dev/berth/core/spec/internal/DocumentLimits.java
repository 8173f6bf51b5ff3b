package dev.berth.core.spec.internal;

import static dev.berth.core.spec.SpecLimits.MAX_EXPANDED_CHARS;
import static dev.berth.core.spec.SpecLimits.MAX_LINE_CHARS;
import static dev.berth.core.spec.SpecLimits.MAX_SCALAR_CHARS;
import static dev.berth.core.spec.SpecLimits.size;

import dev.berth.core.spec.Problem;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The size limits of {@link dev.berth.core.spec.SpecLimits} that SnakeYAML's options do not cover.
 *
 * <p>{@link #longLines} runs on the text before parsing, in one pass: SnakeYAML's time on one long
 * line grows faster than the line, so such a document must never reach it. {@link #oversized} runs
 * on the composed graph, before any value is read: it refuses a scalar longer than {@value
 * dev.berth.core.spec.SpecLimits#MAX_SCALAR_CHARS} characters (a multi-line one parses fast, but
 * would still be stored and exec'd), and a document that aliases would expand beyond {@value
 * dev.berth.core.spec.SpecLimits#MAX_EXPANDED_CHARS} characters. Its work is bounded by that limit:
 * it stops counting as soon as the limit is passed, and skips a node that contains itself.
 */
final class DocumentLimits {

  private DocumentLimits() {}

  /**
   * Reports every line longer than the limit; true when there was one. Lines end and columns count
   * as SnakeYAML counts them (see {@link YamlLoader#position}): in code points, a byte order mark
   * taking none.
   */
  static boolean longLines(String text, Problems problems) {
    boolean found = false;
    int line = 1;
    int length = 0;
    for (int i = 0; i <= text.length(); ) {
      int cp = i < text.length() ? text.codePointAt(i) : '\n';
      i += i < text.length() ? Character.charCount(cp) : 1;
      boolean end =
          cp == '\n'
              || cp == 0x85
              || cp == 0x2028
              || cp == 0x2029
              || (cp == '\r' && (i >= text.length() || text.charAt(i) != '\n'));
      if (!end) {
        length += cp == 0xFEFF ? 0 : 1;
        continue;
      }
      if (length > MAX_LINE_CHARS) {
        found = true;
        problems.add(
            new Problem(
                problems.fileName(),
                line,
                MAX_LINE_CHARS + 1,
                "",
                "line "
                    + line
                    + " is "
                    + length
                    + " characters long, more than the limit of "
                    + size(MAX_LINE_CHARS),
                "break a long text over several lines with a block scalar (key: |), or keep data"
                    + " out of the spec: read it from a file in the app's directory"));
      }
      line++;
      length = 0;
    }
    return found;
  }

  /** Reports scalars over the limit and an expansion over the limit; true when it reported. */
  static boolean oversized(Node root, Problems problems) {
    Walk w = new Walk(problems);
    w.visit(root, root);
    return w.reported;
  }

  private static final class Walk {
    private final Problems problems;
    private final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> longScalars = Collections.newSetFromMap(new IdentityHashMap<>());
    private long expanded;
    private boolean tooLarge;
    private boolean reported;

    Walk(Problems problems) {
      this.problems = problems;
    }

    /**
     * Counts {@code node} once more (aliases make the same node appear several times); {@code at}
     * is where the user wrote this occurrence: the key of its mapping entry, or the node itself.
     */
    void visit(Node node, Node at) {
      if (tooLarge || node == null || !path.add(node)) {
        return;
      }
      try {
        if (node instanceof ScalarNode s) {
          scalar(s);
          add(1 + s.getValue().length(), at);
        } else if (node instanceof MappingNode m) {
          add(1, at);
          for (NodeTuple t : m.getValue()) {
            visit(t.getKeyNode(), t.getKeyNode());
            visit(t.getValueNode(), t.getKeyNode());
          }
        } else if (node instanceof SequenceNode q) {
          add(1, at);
          for (Node item : q.getValue()) {
            visit(item, item);
          }
        }
      } finally {
        path.remove(node);
      }
    }

    private void scalar(ScalarNode s) {
      int length = s.getValue().length();
      if (length > MAX_SCALAR_CHARS && longScalars.add(s)) {
        reported = true;
        problems.at(
            s,
            "",
            "a value of "
                + length
                + " characters, more than the limit of "
                + size(MAX_SCALAR_CHARS)
                + " for one value",
            "keep data out of the spec: read it from a file in the app's directory");
      }
    }

    private void add(int chars, Node at) {
      expanded += chars;
      if (expanded > MAX_EXPANDED_CHARS && !tooLarge) {
        tooLarge = true;
        reported = true;
        problems.at(
            at,
            "",
            "with its aliases written out, the spec would be larger than "
                + size(MAX_EXPANDED_CHARS)
                + " (the limit), and this is where it passes the limit",
            "alias long values less often: each alias counts as a copy of what it names");
      }
    }
  }
}
