package dev.berth.runtime.local.internal.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.Leftover;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan over a fake procfs: which processes count as this installation's leftovers. */
class LeftoverScanTest {
  static final String MINE = "/var/lib/berth";

  @TempDir Path root;

  /** A process with stat fields pid, state, pgid, start ticks, and the given environment. */
  private void process(long pid, char state, long pgid, long start, String... env)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve(Long.toString(pid)));
    Files.writeString(
        dir.resolve("stat"),
        pid
            + " (sleep) "
            + state
            + " 1 "
            + pgid
            + " "
            + pgid
            + " 0 -1 4194304 1 0 0 0 1 1 0 0 20 0 1 0 "
            + start
            + " 2654208 404 0\n");
    Files.write(dir.resolve("environ"), String.join("\0", env).getBytes(StandardCharsets.UTF_8));
  }

  private LeftoverScan scan() {
    return new LeftoverScan(root, 1);
  }

  @Test
  void findsGroupLeadersCarryingThisInstallationsMarker() throws IOException {
    process(
        100,
        'S',
        100,
        5000,
        "PATH=/bin",
        "BERTH_REPLICA=web-a",
        "BERTH_CONTROL_PLANE=" + MINE,
        "PORT=20001");
    process(101, 'S', 100, 5001, "BERTH_REPLICA=web-a", "BERTH_CONTROL_PLANE=" + MINE); // child
    process(200, 'S', 200, 6000, "BERTH_REPLICA=web-b", "BERTH_CONTROL_PLANE=/home/x/.berth");
    process(300, 'Z', 300, 7000, "BERTH_REPLICA=web-c", "BERTH_CONTROL_PLANE=" + MINE);
    process(400, 'S', 400, 8000, "BERTH_CONTROL_PLANE=" + MINE); // no replica id
    process(500, 'S', 500, 9000, "BERTH_REPLICA=web-d", "BERTH_CONTROL_PLANE=" + MINE + "/sub");

    assertThat(scan().find("BERTH_REPLICA", "BERTH_CONTROL_PLANE", MINE))
        .containsExactly(new Leftover("web-a", new Incarnation(100, 5000, 20001)));
  }

  @Test
  void onePerReplicaTheEarliestStartedEvenWhenADescendantMadeItsOwnSession() throws IOException {
    process(700, 'S', 700, 9100, "BERTH_REPLICA=worker-x", "BERTH_CONTROL_PLANE=" + MINE);
    process(600, 'S', 600, 9000, "BERTH_REPLICA=worker-x", "BERTH_CONTROL_PLANE=" + MINE);
    assertThat(scan().find("BERTH_REPLICA", "BERTH_CONTROL_PLANE", MINE))
        .containsExactly(new Leftover("worker-x", new Incarnation(600, 9000, 0)));
  }

  @Test
  void neverReportsItselfAndReadsNothingWithoutAProcfs() throws IOException {
    process(1, 'S', 1, 10, "BERTH_REPLICA=web-a", "BERTH_CONTROL_PLANE=" + MINE);
    assertThat(scan().find("BERTH_REPLICA", "BERTH_CONTROL_PLANE", MINE)).isEmpty();
    assertThat(
            new LeftoverScan(root.resolve("missing"), 1)
                .find("BERTH_REPLICA", "BERTH_CONTROL_PLANE", MINE))
        .isEmpty();
  }

  @Test
  void parsesEnvironEntriesSeparatedByNul() {
    byte[] raw = "A=1\0B=x=y\0junk\0\0C=\0".getBytes(StandardCharsets.UTF_8);
    assertThat(LeftoverScan.parseEnviron(raw)).isEqualTo(Map.of("A", "1", "B", "x=y", "C", ""));
  }
}
