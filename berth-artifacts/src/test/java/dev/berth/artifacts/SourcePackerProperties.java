package dev.berth.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Properties of packing: the digest depends on content only; ignored files never get in; unpacking
 * a packed tree gives the tree back.
 */
class SourcePackerProperties {
  private Path tmp;

  @BeforeTry
  void makeTemp() throws IOException {
    tmp = Files.createTempDirectory("packer-props");
  }

  @AfterTry
  void removeTemp() {
    dev.berth.artifacts.internal.TarEntries.deleteTree(tmp);
  }

  /** Trees of up to 12 files, names from a small alphabet (so directories are shared). */
  @Provide
  Arbitrary<Map<String, String>> trees() {
    Arbitrary<String> segment =
        Arbitraries.of("a", "b", "c", "Déjà", "x.tmp", "y.log", "node_modules");
    Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(3).map(s -> String.join("/", s));
    Arbitrary<String> content =
        Combinators.combine(Arbitraries.strings().ofMaxLength(40), Arbitraries.of(true, false))
            .as((text, exec) -> (exec ? "x:" : "") + text);
    return Arbitraries.maps(path, content)
        .ofMaxSize(12)
        .filter(SourcePackerProperties::noFileIsAParent);
  }

  private static boolean noFileIsAParent(Map<String, String> tree) {
    return tree.keySet().stream()
        .noneMatch(p -> tree.keySet().stream().anyMatch(q -> q.startsWith(p + "/")));
  }

  @Property(tries = 40)
  void sameContentSameDigestWhateverTheOrderAndTimes(
      @ForAll("trees") Map<String, String> tree, @ForAll Random random) throws IOException {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    writeInOrder(one, tree, List.copyOf(tree.keySet()));
    List<String> shuffled = new ArrayList<>(tree.keySet());
    Collections.shuffle(shuffled, random);
    writeInOrder(two, tree, shuffled);
    try (var walk = Files.walk(two)) {
      for (Path p : walk.toList()) {
        Files.setLastModifiedTime(p, FileTime.fromMillis(random.nextInt() & 0x7fffffffL));
      }
    }
    assertThat(SourcePacker.withIgnoreRules().digest(two))
        .isEqualTo(SourcePacker.withIgnoreRules().digest(one));
  }

  @Property(tries = 40)
  void anIgnoredFileNeverGetsIn(@ForAll("trees") Map<String, String> tree, @ForAll boolean nested)
      throws IOException {
    Path app = tmp.resolve("app");
    Trees.write(app, tree);
    Files.createDirectories(app);
    Files.writeString(app.resolve(".gitignore"), "*.tmp\n");
    Files.writeString(app.resolve(".berthignore"), "*.log\n");
    if (nested && Files.isDirectory(app.resolve("a"))) {
      Files.writeString(app.resolve("a/.gitignore"), "b\n");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SourcePacker.withIgnoreRules().pack(app, out, SourcePacker.Progress.NONE);

    for (String name : Trees.names(out.toByteArray())) {
      String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      assertThat(trimmed.split("/")).noneMatch(s -> s.endsWith(".tmp") || s.endsWith(".log"));
      if (nested) {
        assertThat(trimmed).doesNotStartWith("a/b");
      }
    }
  }

  @Property(tries = 40)
  void unpackOfPackGivesTheTreeBack(@ForAll("trees") Map<String, String> tree, @ForAll boolean link)
      throws IOException {
    Path app = tmp.resolve("app");
    Trees.write(app, tree);
    Files.createDirectories(app.resolve("empty/dir"));
    if (link && !tree.isEmpty()) {
      Files.createSymbolicLink(app.resolve("link"), Path.of(tree.keySet().iterator().next()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SourcePacker.everything().pack(app, out, SourcePacker.Progress.NONE);
    FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"));
    var artifact = store.put(new ByteArrayInputStream(out.toByteArray()), 1 << 24);
    store.unpack(artifact.digest(), tmp.resolve("unpacked"));

    assertThat(Trees.read(tmp.resolve("unpacked"))).isEqualTo(Trees.read(app));
    assertThat(artifact.files()).isEqualTo(tree.size() + (link && !tree.isEmpty() ? 1 : 0));
  }

  /** Writes the files one at a time in the given order (so directories are made in that order). */
  private static void writeInOrder(Path root, Map<String, String> tree, List<String> order)
      throws IOException {
    Files.createDirectories(root);
    for (String p : order) {
      Trees.write(root, Map.of(p, tree.get(p)));
    }
  }
}
