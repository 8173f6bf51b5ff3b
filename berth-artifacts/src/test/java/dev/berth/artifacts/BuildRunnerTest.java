package dev.berth.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.artifact.BuildResult;
import dev.berth.engine.artifact.BuildResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With real processes (sh, setsid, kill) and the real store. */
class BuildRunnerTest {
  @TempDir Path tmp;
  private FileArtifactStore store;
  private BuildRunner runner;
  private Artifact source;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    store = new FileArtifactStore(tmp.resolve("artifacts"));
    runner = new BuildRunner(store, tmp.resolve("builds"), Duration.ofMillis(500));
    Path app = tmp.resolve("app");
    Trees.write(app, Map.of("in.txt", "from the source", ".gitignore", "out.txt\n"));
    source =
        SourcePacker.withIgnoreRules().packInto(store, app, 1 << 20, SourcePacker.Progress.NONE);
  }

  private BuildRequest request(String id, String command, Duration timeout) {
    return new BuildRequest(id, source.digest(), command, timeout, Map.of("FOO", "bar"), 1 << 20);
  }

  private BuildResult build(String command) {
    return runner.build(request("b1", command, Duration.ofSeconds(30)), lines::add);
  }

  @Test
  void sealsTheBuildOutputWithoutHomeOrTmp() throws Exception {
    BuildResult r =
        build("echo hi > out.txt; cat in.txt; echo; echo \"FOO=$FOO\"; touch \"$HOME/cache\"");

    assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(r.exitCode()).isZero();
    assertThat(lines).containsExactly("from the source", "FOO=bar");
    assertThat(Path.of(r.logFile())).content().contains("from the source", "FOO=bar");
    store.unpack(r.artifact().digest(), tmp.resolve("out"));
    assertThat(Trees.read(tmp.resolve("out")))
        .isEqualTo(
            Map.of(".gitignore", "out.txt\n", "in.txt", "from the source", "out.txt", "hi\n"));
    assertThat(tmp.resolve("builds/b1")).isDirectoryContaining(p -> p.endsWith("build.log"));
    try (var left = Files.list(tmp.resolve("builds/b1"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("build.log");
    }
  }

  @Test
  void theCommandSeesNoneOfTheControlPlanesEnvironment() {
    BuildResult r = build("env | cut -d= -f1");
    assertThat(r.succeeded()).isTrue();
    assertThat(lines)
        .isSubsetOf(Set.of("PATH", "LANG", "HOME", "TMPDIR", "FOO", "PWD", "SHLVL", "_", "OLDPWD"))
        .contains("HOME", "TMPDIR", "FOO");
  }

  @Test
  void aFailedBuildStoresNothingAndSaysWhy() {
    BuildResult r = build("echo compiling; echo 'error: missing ;' >&2; exit 3");
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.artifact()).isNull();
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.reason()).isEqualTo("build command exited with status 3");
    assertThat(r.lastLines()).containsExactly("compiling", "error: missing ;");
    assertThat(store.list()).containsExactly(source);
  }

  @Test
  void aHangingBuildIsStoppedAtItsTimeoutWithEverythingItStarted() {
    long start = System.nanoTime();
    BuildResult r =
        runner.build(
            request(
                "hang",
                "sleep 120 & echo \"child $!\"; trap '' TERM; sleep 120",
                Duration.ofSeconds(1)),
            lines::add);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.status()).isEqualTo(Status.TIMED_OUT);
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.reason()).contains("did not finish within 1s");
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    long child = Long.parseLong(r.lastLines().get(0).substring("child ".length()));
    assertThat(ProcessGroup.running(child)).isFalse();
    assertThat(store.list()).containsExactly(source);
  }

  @Test
  void aProcessLeftBehindBySuccessfulBuildIsStopped() {
    BuildResult r = build("sleep 120 & echo \"child $!\"");
    assertThat(r.succeeded()).isTrue();
    long child = Long.parseLong(lines.get(0).substring("child ".length()));
    assertThat(ProcessGroup.running(child)).isFalse();
  }

  @Test
  void outputIsStreamedWhileTheBuildRuns() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    CompletableFuture<BuildResult> running =
        CompletableFuture.supplyAsync(
            () ->
                runner.build(
                    request("live", "echo first; sleep 3; echo second", Duration.ofSeconds(30)),
                    line -> {
                      if (line.equals("first")) {
                        first.countDown();
                      }
                    }));
    assertThat(first.await(2, TimeUnit.SECONDS)).isTrue();
    assertThat(running).isNotDone();
    assertThat(running.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
  }

  @Test
  void aConsumerThatFailsDoesNotStopTheBuild() {
    BuildResult r =
        runner.build(
            request("gone", "echo a; echo b > b.txt", Duration.ofSeconds(30)),
            line -> {
              throw new IllegalStateException("client went away");
            });
    assertThat(r.succeeded()).isTrue();
  }

  @Test
  void anOutputThatCannotBeSealedFailsTheBuild() {
    BuildResult r = build("ln -s /etc/passwd leak");
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.reason()).contains("could not be sealed", "'leak'", "outside");
    assertThat(store.list()).containsExactly(source);

    BuildResult big = build("head -c 2000000 /dev/zero > big.bin");
    assertThat(big.status()).isEqualTo(Status.FAILED);
    assertThat(big.reason()).contains("larger than the limit");
    assertThat(store.list()).containsExactly(source);
  }

  @Test
  void aMissingSourceIsNotFound() {
    BuildRequest missing =
        new BuildRequest(
            "m", "sha256:" + "1".repeat(64), "true", Duration.ofSeconds(5), Map.of(), 1 << 20);
    assertThatThrownBy(() -> runner.build(missing, lines::add))
        .isInstanceOfSatisfying(
            ArtifactException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
  }
}
