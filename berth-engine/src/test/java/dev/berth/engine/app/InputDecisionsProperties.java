package dev.berth.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The pure decisions behind apply's input checks, over many inputs. */
class InputDecisionsProperties {

  @Property
  void aChangeIsRefusedExactlyWhenItRaisesTheCountAboveTheLimit(
      @ForAll @IntRange(min = 0, max = 5000) int before,
      @ForAll @IntRange(min = 0, max = 5000) int after,
      @ForAll @IntRange(min = 0, max = 3000) int limit) {
    boolean refused = MachineReplicas.problem(before, after, limit).isPresent();
    assertThat(refused).isEqualTo(after > limit && after > before);
  }

  @Property
  void everythingUnderASystemTreeIsRefused(
      @ForAll("systemTrees") Path tree, @ForAll("relativePaths") String below) {
    Path p = tree.resolve(below).normalize();
    assertThat(SourceDirs.systemDirectory(p, p)).as(p.toString()).isPresent();
  }

  @Property
  void anAppDirectoryBelowASharedRootIsFine(
      @ForAll("appRoots") Path root,
      @ForAll("names") String app,
      @ForAll("relativePaths") String below) {
    Path p = root.resolve(app).resolve(below).normalize();
    assertThat(SourceDirs.systemDirectory(p, p)).as(p.toString()).isEmpty();
    // ... unless it resolves (a symbolic link) into a system tree
    assertThat(SourceDirs.systemDirectory(p, Path.of("/etc").resolve(app))).isPresent();
  }

  @Provide
  Arbitrary<Path> systemTrees() {
    return Arbitraries.of(SourceDirs.SYSTEM_TREES);
  }

  @Provide
  Arbitrary<Path> appRoots() {
    return Arbitraries.of(List.of("/home/me", "/srv", "/opt", "/tmp/build", "/var/www", "/root"))
        .map(Path::of);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
  }

  @Provide
  Arbitrary<String> relativePaths() {
    return names().list().ofMaxSize(4).map(parts -> String.join("/", parts));
  }
}
