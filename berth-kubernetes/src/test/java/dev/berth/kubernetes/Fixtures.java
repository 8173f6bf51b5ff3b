package dev.berth.kubernetes;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.spec.SpecException;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Specs from src/test/resources/specs, rendered; and a strict check of the typed model. */
final class Fixtures {
  /** KEDA's ScaledObject schema, the subset Berth renders, strict (see the file's comment). */
  static final Schema KEDA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(resource("schema/keda-scaledobject.json"));

  private Fixtures() {}

  static String resource(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ProjectSpec spec(String name) {
    try {
      return SpecParser.parse(
          new SpecSource("berth.yaml", resource("specs/" + name + ".yaml"), ""));
    } catch (SpecException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * The spec {@code name} rendered for a cluster with KEDA; {@code name-hpa} renders spec {@code
   * name} for a cluster without it.
   */
  static Rendering render(String name) {
    return KubernetesRenderer.render(input(name));
  }

  static RenderInput input(String name) {
    boolean hpa = name.endsWith("-hpa");
    String spec = hpa ? name.substring(0, name.length() - 4) : name;
    return RenderInput.of(spec(spec), "production", "v3").withKeda(!hpa);
  }

  static String yaml(Rendering r) {
    StringBuilder b = new StringBuilder();
    for (HasMetadata o : r.objects()) {
      b.append(Manifests.yaml(o));
    }
    return b.toString();
  }

  /**
   * The paths of every field the typed model did not know (fabric8 keeps them in {@code
   * additionalProperties} instead of failing): empty means the document is valid for the model.
   */
  static List<String> unknownFields(Object root) {
    if (root instanceof GenericKubernetesResource g) {
      return KEDA.validate(Manifests.serialization().asJson(g), InputFormat.JSON).stream()
          .map(e -> g.getKind() + ": " + e)
          .toList();
    }
    List<String> out = new ArrayList<>();
    walk(root, root.getClass().getSimpleName(), out, new IdentityHashMap<>());
    return out;
  }

  private static void walk(Object o, String path, List<String> out, Map<Object, Boolean> seen) {
    if (o == null || seen.put(o, Boolean.TRUE) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        walk(e, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, path + "." + k, out, seen));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method g : o.getClass().getMethods()) {
      if (g.getParameterCount() != 0 || !g.getName().startsWith("get") || g.isSynthetic()) {
        continue;
      }
      if (g.getDeclaringClass() == Object.class) {
        continue;
      }
      Object v;
      try {
        v = g.invoke(o);
      } catch (ReflectiveOperationException | RuntimeException e) {
        continue;
      }
      if (g.getName().equals("getAdditionalProperties")) {
        if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        }
        continue;
      }
      walk(v, path + "." + g.getName().substring(3), out, seen);
    }
  }
}
