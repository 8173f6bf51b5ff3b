package dev.berth.core.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.core.spec.Quantities;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instance types a node pool may use, and where their prices come from.
 *
 * <p>Invariants: at least one type; names unique. An empty catalog is refused here, with what to
 * do, rather than producing a plan that silently places nothing.
 *
 * @param source where the prices come from and how old they are, shown with every plan
 */
public record Catalog(List<InstanceType> types, String source) {

  public Catalog {
    types = List.copyOf(types);
    if (types.isEmpty()) {
      throw new IllegalArgumentException(
          "the instance catalog is empty: list at least one type under 'types:' ({name: m6i.large,"
              + " cpu: 2, memory: 8Gi, pricePerHour: 0.096}), or leave out --catalog to use the"
              + " default AWS catalog");
    }
    Set<String> names = new HashSet<>();
    for (InstanceType t : types) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException(
            "instance type " + t.name() + " is listed twice in the catalog: keep one");
      }
    }
  }

  /** The type named {@code name}, or {@code null}. */
  public InstanceType type(String name) {
    for (InstanceType t : types) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /**
   * Reads a catalog file: {@code types: [{name: m6i.large, cpu: 2, memory: 8Gi, pricePerHour:
   * 0.096, labels: {...}}]} with an optional top-level {@code source:} line. cpu and memory use
   * Kubernetes quantities; labels are optional.
   *
   * @throws IllegalArgumentException naming the entry and the field to fix
   */
  public static Catalog parse(String yaml, String fileName) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          fileName + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("types").isArray()) {
      throw new IllegalArgumentException(
          fileName
              + " needs a 'types:' list, e.g. types: [{name: m6i.large, cpu: 2, memory: 8Gi,"
              + " pricePerHour: 0.096}]");
    }
    List<InstanceType> types = new ArrayList<>();
    int i = 0;
    for (JsonNode t : root.path("types")) {
      String where = fileName + ": types[" + i++ + "]";
      String name = text(t, "name", where);
      where += " (" + name + ")";
      long cpu;
      long memory;
      try {
        cpu = Quantities.parseCpuMillis(text(t, "cpu", where));
        memory = Quantities.parseMemoryBytes(text(t, "memory", where));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      JsonNode price = t.get("pricePerHour");
      if (price == null || !price.isNumber()) {
        throw new IllegalArgumentException(
            where + ": pricePerHour must be a number of US dollars per hour, e.g. 0.096");
      }
      Map<String, String> labels = new LinkedHashMap<>();
      t.path("labels")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      try {
        types.add(
            new InstanceType(name, cpu, memory, InstanceType.micros(price.asDouble()), labels));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    String source = root.path("source").asText(fileName);
    return new Catalog(types, source);
  }

  private static String text(JsonNode t, String field, String where) {
    JsonNode v = t.get(field);
    if (v == null || v.isNull() || v.isContainerNode() || v.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": '" + field + "' is missing");
    }
    return v.asText();
  }
}
