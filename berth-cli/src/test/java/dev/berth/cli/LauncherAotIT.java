package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./berth} launcher's AOT cache for {@code up}, driven with a fake {@code java}
 * (src/test/resources/fake-java.sh) that logs its arguments and plays a training run: made once per
 * build on JDK 24+ (one step on 25, record and create on 24), used by later starts, made again for
 * a newer jar, never on JDK 17, off with {@code BERTH_AOT=off}, and a failure never stops {@code
 * up}.
 */
class LauncherAotIT {
  @TempDir Path tmp;
  Path repo;
  Path jar;
  Path log;

  record Run(int exit, String err, List<String> javaCalls) {
    /** The last java call: the one the launcher exec'd. */
    String exec() {
      return javaCalls.get(javaCalls.size() - 1);
    }

    boolean trained() {
      return javaCalls.stream()
          .anyMatch(c -> c.contains("-XX:AOTCacheOutput=") || c.contains("-XX:AOTMode=record"));
    }
  }

  @BeforeEach
  void layOut() throws IOException {
    repo = Files.createDirectories(tmp.resolve("repo"));
    Files.copy(Path.of("..", "berth"), repo.resolve("berth"));
    jar = Files.createDirectories(repo.resolve("berth-cli/target")).resolve("berth.jar");
    Files.writeString(jar, "not really a jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    log = tmp.resolve("java-calls.log");
  }

  Path jdk(String version) throws IOException {
    Path home = Files.createDirectories(tmp.resolve("jdk-" + version).resolve("bin"));
    Path java = home.resolve("java");
    if (!Files.exists(java)) {
      try (var in = getClass().getResourceAsStream("/fake-java.sh")) {
        Files.copy(in, java);
      }
      java.toFile().setExecutable(true);
      Files.writeString(home.getParent().resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    }
    return home.getParent();
  }

  Run up(Path javaHome, Map<String, String> more) throws Exception {
    Files.deleteIfExists(log);
    ProcessBuilder pb =
        new ProcessBuilder("bash", repo.resolve("berth").toString(), "up", "--api-port", "0");
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("FAKE_LOG", log.toString());
    pb.environment().remove("BERTH_AOT");
    pb.environment().remove("BERTH_JAVA_OPTS");
    pb.environment().putAll(more);
    Path err = tmp.resolve("err.txt");
    pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the launcher did not finish within 2 minutes");
    }
    List<String> calls =
        Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    return new Run(p.exitValue(), Files.readString(err), calls);
  }

  List<Path> caches() throws IOException {
    try (Stream<Path> s = Files.list(jar.getParent())) {
      return s.filter(f -> f.getFileName().toString().matches("berth-up-\\d+\\.aot")).toList();
    }
  }

  @Test
  void onJdk25TheFirstUpMakesTheCacheInOneStepAndLaterOnesUseIt() throws Exception {
    Path jdk25 = jdk("25.0.1");

    Run first = up(jdk25, Map.of());

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.trained()).isTrue();
    assertThat(first.err()).contains("making a start-up cache for Java 25");
    assertThat(first.javaCalls())
        .anyMatch(c -> c.contains(" apply --no-wait"))
        .noneMatch(c -> c.contains("-XX:AOTMode=create"));
    assertThat(caches()).hasSize(1);
    assertThat(first.exec())
        .contains("-XX:AOTCache=" + caches().get(0))
        .endsWith(" up --api-port 0");

    Run second = up(jdk25, Map.of());

    assertThat(second.trained()).isFalse();
    assertThat(second.exec()).contains("-XX:AOTCache=" + caches().get(0));
  }

  @Test
  void aNewerJarMakesANewCache() throws Exception {
    Path jdk25 = jdk("25.0.1");
    up(jdk25, Map.of());
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));

    Run afterBuild = up(jdk25, Map.of());

    assertThat(afterBuild.trained()).isTrue();
    assertThat(afterBuild.exec()).contains("-XX:AOTCache=");
  }

  @Test
  void onJdk24ItRecordsThenCreates() throws Exception {
    Run run = up(jdk("24.0.2"), Map.of());

    assertThat(run.javaCalls()).anyMatch(c -> c.contains("-XX:AOTMode=record"));
    assertThat(run.javaCalls()).anyMatch(c -> c.contains("-XX:AOTMode=create"));
    assertThat(run.exec()).contains("-XX:AOTCache=").doesNotContain("-Xlog:aot");
  }

  @Test
  void onJdk17NothingIsDone() throws Exception {
    Run run = up(jdk("17.0.15"), Map.of());

    assertThat(run.exit()).isZero();
    assertThat(run.trained()).isFalse();
    assertThat(run.exec()).doesNotContain("AOT");
    assertThat(caches()).isEmpty();
  }

  @Test
  void berthAotOffTurnsItOff() throws Exception {
    Run run = up(jdk("25.0.1"), Map.of("BERTH_AOT", "off"));

    assertThat(run.trained()).isFalse();
    assertThat(run.exec()).doesNotContain("AOT");
  }

  @Test
  void aFailedTrainingRunNeverStopsUpAndIsNotRetriedUntilTheNextBuild() throws Exception {
    Path jdk25 = jdk("25.0.1");

    Run failed = up(jdk25, Map.of("FAKE_TRAINING_FAILS", "1"));

    assertThat(failed.exit()).isZero();
    assertThat(failed.err()).contains("could not make the start-up cache");
    assertThat(failed.exec()).endsWith(" up --api-port 0").doesNotContain("AOTCache");
    assertThat(caches()).isEmpty();

    Run again = up(jdk25, Map.of());
    assertThat(again.trained()).isFalse();
    assertThat(again.exec()).doesNotContain("AOTCache");
  }
}
