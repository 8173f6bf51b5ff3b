package dev.berth.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A rendering as YAML manifests: one file per object, named {@code NN-kind-name.yaml} with {@code
 * NN} its place in apply order, so {@code kubectl apply -f DIR} (which reads a directory's files in
 * name order) creates the Namespace first and the Deployments after their ConfigMaps.
 *
 * <p>Invariant: the text is a pure function of the objects (fabric8's serialization, whose field
 * order is fixed by the model classes, and maps built in sorted or fixed order).
 */
public final class Manifests {

  /** Written into an export directory; lists the files of the previous export to replace. */
  public static final String MARKER = ".berth-export";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Manifests() {}

  public static KubernetesSerialization serialization() {
    return SERIALIZATION;
  }

  /** One object as a YAML document, starting with {@code ---}. */
  public static String yaml(HasMetadata object) {
    return SERIALIZATION.asYaml(object);
  }

  /** File name to content, in apply order. */
  public static Map<String, String> files(Rendering r) {
    Map<String, String> out = new LinkedHashMap<>();
    int width = Math.max(2, Integer.toString(r.objects().size() - 1).length());
    int i = 0;
    for (HasMetadata o : r.objects()) {
      String name =
          String.format(Locale.ROOT, "%0" + width + "d", i++)
              + "-"
              + o.getKind().toLowerCase(Locale.ROOT)
              + "-"
              + o.getMetadata().getName()
              + ".yaml";
      out.put(name, yaml(o));
    }
    return out;
  }

  /**
   * Writes the files into {@code dir}, creating it. A directory holding a previous export (its
   * {@value #MARKER} file) has that export's files replaced, so a removed service leaves no stale
   * manifest behind; any other non-empty directory is refused.
   *
   * @return the files written, in apply order
   * @throws IllegalArgumentException when {@code dir} is a file or a non-empty directory that Berth
   *     did not export to
   */
  public static List<Path> write(Map<String, String> files, Path dir) {
    try {
      prepare(dir);
      List<Path> written = new ArrayList<>();
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path p = dir.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        written.add(p);
      }
      Files.writeString(
          dir.resolve(MARKER), String.join("\n", files.keySet()) + "\n", StandardCharsets.UTF_8);
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void prepare(Path dir) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          dir + " is a file: give --out a directory (it is created when missing)");
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      return;
    }
    Path marker = dir.resolve(MARKER);
    if (Files.isRegularFile(marker)) {
      for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.contains("..") && !line.startsWith("/")) {
          Files.deleteIfExists(dir.resolve(line));
        }
      }
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(
            dir
                + " is not empty and holds no previous export: give --out an empty or new"
                + " directory");
      }
    }
  }
}
