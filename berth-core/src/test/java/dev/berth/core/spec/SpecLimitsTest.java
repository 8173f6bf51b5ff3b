package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.parse;
import static dev.berth.core.spec.SpecAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The limits of {@link SpecLimits}, each refused with one located problem that names the limit, and
 * the cases the adversarial probe of issue 7 sent. Timeouts are hang guards only.
 */
class SpecLimitsTest {

  private static final String HEAD = "project: shop\nservices:\n";
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  static String block(char c, int chars) {
    return SpecAssertions.literal(c, chars, 6);
  }

  @Test
  void aLongLineIsRefusedBeforeParsing() {
    // The probe's case: a 900 KB plain scalar took SnakeYAML 6 to 13 s.
    String yaml = HEAD + "  web: {command: a}\nx-blob: " + "a".repeat(900_000) + "\n";

    List<String> problems = assertTimeoutPreemptively(HANG_GUARD, () -> problems(yaml));

    assertThat(problems)
        .containsExactly(
            "berth.yaml:4:65537: line 4 is 900008 characters long, more than the limit of 64 KiB"
                + " (break a long text over several lines with a block scalar (key: |), or keep"
                + " data out of the spec: read it from a file in the app's directory)");
  }

  @Test
  void aLineAsLongAsAllowedIsFine() {
    String command = "a".repeat(SpecLimits.MAX_LINE_CHARS - "    command: ".length());
    String yaml = HEAD + "  web:\n    command: " + command + "\n";

    assertThat(parse(yaml).services().get("web").command()).isEqualTo(command);
  }

  @Test
  void aLongScalarOverSeveralLinesIsRefused() {
    String yaml = HEAD + "  web:\n    command: " + block('a', SpecLimits.MAX_SCALAR_CHARS + 1);

    assertThat(problems(yaml))
        .containsExactly(
            "berth.yaml:4:14: a value of 65537 characters, more than the limit of 64 KiB for one"
                + " value (keep data out of the spec: read it from a file in the app's"
                + " directory)");
  }

  @Test
  void aliasesThatAmplifyTheSpecAreRefused() {
    // The probe's case: 500 env vars each aliasing one 100 KB string (here split over lines,
    // so the line limit does not catch it first; the scalar limit still does).
    StringBuilder y = new StringBuilder("x-big: &big " + block('b', 100_000));
    y.append(HEAD).append("  web:\n    command: a\n    env:\n");
    for (int i = 0; i < 500; i++) {
      y.append("      V").append(i).append(": *big\n");
    }

    List<String> problems = assertTimeoutPreemptively(HANG_GUARD, () -> problems(y.toString()));

    assertThat(problems)
        .containsExactly(
            "berth.yaml:1:8: a value of 100000 characters, more than the limit of 64 KiB for one"
                + " value (keep data out of the spec: read it from a file in the app's"
                + " directory)",
            "berth.yaml:1261:7: with its aliases written out, the spec would be larger than 2 MiB"
                + " (the limit), and this is where it passes the limit (alias long values less"
                + " often: each alias counts as a copy of what it names)");
  }

  @Test
  void aliasesOfAnAllowedValueStillCountTowardsTheExpandedSize() {
    StringBuilder y = new StringBuilder("x-big: &big " + block('b', 60_000));
    y.append(HEAD);
    for (int i = 0; i < 40; i++) {
      y.append("  s").append(i).append(": {command: *big}\n");
    }

    assertThat(problems(y.toString()))
        .singleElement()
        .asString()
        .startsWith("berth.yaml:")
        .contains("with its aliases written out, the spec would be larger than 2 MiB");
  }

  @Test
  void aReplicaWhoseEnvironmentLinuxCannotExecIsRefused() {
    // five aliases of 60,000 characters: each under the string limit, 300 KB together
    StringBuilder y = new StringBuilder("x-big: &big " + block('b', 60_000));
    y.append(HEAD).append("  web:\n    command: a\n    env:\n");
    for (int i = 0; i < 5; i++) {
      y.append("      V").append(i).append(": *big\n");
    }

    assertThat(problems(y.toString()))
        .containsExactly(
            "berth.yaml:745:3: services.web: a replica of 'web' would get 300022 bytes of"
                + " environment and command, more than the limit of 256 KiB (Linux refuses to"
                + " start a process with too large an environment) (keep large data out of the"
                + " environment: put it in a file in the app's directory and pass its path)");
  }

  @Test
  void oneVariableOverTheStringLimitIsRefusedWhereItIsWritten() {
    // 40,000 characters, mostly two-byte ones: under the scalar limit, 79,507 bytes in UTF-8
    String yaml =
        HEAD
            + "  web:\n    command: a\n    env:\n      NAME: "
            + SpecAssertions.literal('é', 40_000, 8);

    assertThat(problems(yaml))
        .containsExactly(
            "berth.yaml:6:13: services.web.env.NAME: NAME=value is 79512 bytes, more than the"
                + " limit of 64 KiB for one environment variable (keep large data out of the"
                + " environment: put it in a file in the app's directory and pass its path)");
  }

  @Test
  void aCommandFromTheProcfileCountsToo() {
    String procfile = "web: " + "x".repeat(SpecLimits.MAX_EXEC_STRING_BYTES + 1) + "\n";

    assertThat(SpecAssertions.problems(HEAD + "  web:\n", procfile))
        .containsExactly(
            "berth.yaml:3:3: services.web: the command of 'web' is 65537 bytes, more than the"
                + " limit of 64 KiB (move the script into a file in the app's directory and run"
                + " that file)");
  }

  @Test
  void tooManyServicesAreRefusedAtTheServicesKey() {
    StringBuilder y = new StringBuilder(HEAD);
    for (int i = 0; i <= SpecLimits.MAX_SERVICES; i++) {
      y.append("  s").append(i).append(": {command: a}\n");
    }

    assertThat(problems(y.toString()))
        .containsExactly(
            "berth.yaml:2:1: services: services declares 1001 services, more than the limit of"
                + " 1000 per project (split the app into several projects, or run related"
                + " processes in one service)");
  }

  @Test
  void tooManyReplicasForOneServiceAreRefused() {
    assertThat(problems(HEAD + "  web: {command: a, replicas: 101}\n"))
        .singleElement()
        .asString()
        .isEqualTo(
            "berth.yaml:3:31: services.web.replicas: replicas 101 is out of range (use a whole"
                + " number from 0 to 100)");
  }

  @Test
  void aSelfContainingSequenceEndsTheWalk() {
    assertThat(problems("project: shop\nservices: &s [*s]\n"))
        .singleElement()
        .asString()
        .contains("expected a mapping of services");
  }
}
