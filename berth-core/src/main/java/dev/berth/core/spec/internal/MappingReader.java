package dev.berth.core.spec.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the entries of YAML mappings: keys as text, duplicates and unknown keys reported, merge
 * keys ({@code <<: *defaults}) resolved.
 *
 * <p>Invariants: a duplicate key is reported at its second occurrence and the first one wins; an
 * explicit key beats a merged one, and an earlier merge source beats a later one (YAML's merge
 * rules); a mapping is flattened once however often an alias reuses it, and a merge that reaches
 * the mapping it sits in is reported instead of looping. One reader per document.
 */
public final class MappingReader {

  /** One {@code key: value} pair; {@code key} is the key's text. */
  public record Entry(String key, ScalarNode keyNode, Node valueNode) {}

  /** Keys with this prefix are ignored in settings mappings: a place for YAML anchors. */
  public static final String EXTENSION_PREFIX = "x-";

  private final Problems problems;
  private final Map<MappingNode, Map<String, Entry>> flattened = new IdentityHashMap<>();
  private final Set<MappingNode> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());

  public MappingReader(Problems problems) {
    this.problems = problems;
  }

  /** All entries of {@code mapping}, in document order. */
  public Map<String, Entry> entries(MappingNode mapping, String path) {
    Map<String, Entry> done = flattened.get(mapping);
    if (done != null) {
      return done;
    }
    if (!inProgress.add(mapping)) {
      problems.at(
          mapping,
          path,
          "merge key '<<' refers to the mapping that contains it",
          "merge a different anchor");
      return Map.of();
    }
    Map<String, Entry> explicit = new LinkedHashMap<>();
    List<Object> order = new ArrayList<>();
    for (NodeTuple t : mapping.getValue()) {
      Node k = t.getKeyNode();
      if (k instanceof ScalarNode s && Tag.MERGE.equals(s.getTag())) {
        order.add(merged(t.getValueNode(), path));
        continue;
      }
      if (!(k instanceof ScalarNode key)) {
        problems.at(
            k,
            path,
            "a key must be a plain name, not " + Scalars.describe(k),
            "write keys as simple words, e.g. 'replicas:'");
        continue;
      }
      String name = key.getValue();
      if (explicit.containsKey(name)) {
        Entry first = explicit.get(name);
        problems.at(
            key,
            join(path, name),
            "duplicate key '"
                + name
                + "' (first defined at line "
                + (first.keyNode().getStartMark().getLine() + 1)
                + ")",
            "keep one of them; YAML does not merge repeated keys");
        continue;
      }
      Entry e = new Entry(name, key, t.getValueNode());
      explicit.put(name, e);
      order.add(e);
    }
    Map<String, Entry> result = new LinkedHashMap<>();
    for (Object o : order) {
      if (o instanceof Entry e) {
        result.put(e.key(), e);
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Entry> m = (Map<String, Entry>) o;
        for (Entry e : m.values()) {
          if (!explicit.containsKey(e.key())) {
            result.putIfAbsent(e.key(), e);
          }
        }
      }
    }
    inProgress.remove(mapping);
    Map<String, Entry> frozen = Collections.unmodifiableMap(result);
    flattened.put(mapping, frozen);
    return frozen;
  }

  private Map<String, Entry> merged(Node value, String path) {
    Map<String, Entry> out = new LinkedHashMap<>();
    List<Node> sources = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
    for (Node source : sources) {
      if (source instanceof MappingNode m) {
        entries(m, path).forEach(out::putIfAbsent);
      } else {
        problems.at(
            source,
            path,
            "merge key '<<' needs a mapping, got " + Scalars.describe(source),
            "write '<<: *anchor' where the anchor names a mapping");
      }
    }
    return out;
  }

  /**
   * The entries whose keys are in {@code allowed}; every other key is reported as unknown with a
   * suggestion, except extension keys ({@code x-...}, as in Docker Compose), which are ignored so
   * they can hold YAML anchors.
   */
  public Map<String, Entry> fields(MappingNode mapping, String path, Collection<String> allowed) {
    Map<String, Entry> all = entries(mapping, path);
    Map<String, Entry> known = new LinkedHashMap<>();
    for (Entry e : all.values()) {
      if (allowed.contains(e.key())) {
        known.put(e.key(), e);
      } else if (!e.key().startsWith(EXTENSION_PREFIX)) {
        reportUnknown(e, path, allowed);
      }
    }
    return known;
  }

  private void reportUnknown(Entry e, String path, Collection<String> allowed) {
    List<String> offered = allowed.stream().filter(k -> !Keys.NOT_YET.contains(k)).toList();
    String where = path.isEmpty() ? "at the top level" : "in " + path;
    problems.at(
        e.keyNode(),
        join(path, e.key()),
        "unknown key '" + e.key() + "'",
        Suggestions.didYouMean(
            e.key(), offered, "allowed " + where + ": " + String.join(", ", offered)));
  }

  /** {@code a.b}, or {@code b} at the top. */
  public static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
