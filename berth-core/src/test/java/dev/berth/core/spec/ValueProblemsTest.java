package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values with their own syntax: quantities, env, health, cron. Line 5 is the value's line. */
class ValueProblemsTest {

  private static final String WEB = "project: shop\nservices:\n  web:\n    command: a\n";
  private static final String CRON =
      "project: shop\nservices:\n  report:\n    command: a\n    schedule: \"@daily\"\n";
  private static final String SCHEDULE_HINT =
      " (write minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\" for 02:00 daily,"
          + " or a macro such as @hourly, @daily, @weekly or @monthly)";

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactlyTheseProblems(String rule, String yaml, List<String> expected) {
    assertThat(problems(yaml)).containsExactlyElementsOf(expected);
  }

  static Arguments row(String rule, String yaml, String... expected) {
    return arguments(rule, yaml, List.of(expected));
  }

  static Arguments schedule(String expression, String why) {
    return row(
        "schedule " + expression,
        "project: shop\nservices:\n  report:\n    command: a\n    schedule: \""
            + expression
            + "\"\n",
        "berth.yaml:5:15: services.report.schedule: '"
            + expression
            + "' is not a valid cron schedule: "
            + why
            + SCHEDULE_HINT);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "cpu with a unit word, memory in MB",
            WEB + "    resources: {cpu: 0.5cores, memory: 512MB}\n",
            "berth.yaml:5:22: services.web.resources.cpu: '0.5cores' is not a CPU quantity (use"
                + " millicores like 250m, or cores like 0.5 or 2)",
            "berth.yaml:5:40: services.web.resources.memory: '512MB' is not a memory quantity"
                + " (use 512Mi (mebibytes) or 512M (megabytes))"),
        row(
            "negative cpu, memory in millibytes",
            WEB + "    resources: {cpu: -1, memory: 512m}\n",
            "berth.yaml:5:22: services.web.resources.cpu: CPU '-1' is negative (use millicores"
                + " like 250m, or cores like 0.5 or 2)",
            "berth.yaml:5:34: services.web.resources.memory: '512m' means 512 thousandths of a"
                + " byte ('m' is milli) (use 512Mi (mebibytes) or 512M (megabytes))"),
        row(
            "zero cpu, too little memory",
            WEB + "    resources: {cpu: 0, memory: 1Mi}\n",
            "berth.yaml:5:22: services.web.resources.cpu: CPU '0' is zero (use millicores like"
                + " 250m, or cores like 0.5 or 2)",
            "berth.yaml:5:33: services.web.resources.memory: memory '1Mi' is too small: a replica"
                + " needs at least 4Mi (use at least 4Mi, e.g. 256Mi)"),
        row(
            "absurd amounts",
            WEB + "    resources: {cpu: 300, memory: 2Ti}\n",
            "berth.yaml:5:22: services.web.resources.cpu: CPU '300' is absurd: more than 256"
                + " cores (use at most 256, e.g. 2 or 500m)",
            "berth.yaml:5:35: services.web.resources.memory: memory '2Ti' is absurd: more than"
                + " 1Ti per replica (use at most 1Ti, e.g. 512Mi or 4Gi)"),
        row(
            "a fraction of a millicore, an exponent",
            WEB + "    resources: {cpu: 0.0005, memory: 1e9}\n",
            "berth.yaml:5:22: services.web.resources.cpu: '0.0005' is not a whole number of"
                + " millicores (CPU is counted in millicores (1000m = 1 core); the smallest amount"
                + " is 1m)",
            "berth.yaml:5:38: services.web.resources.memory: '1e9' is not a memory quantity (use"
                + " a number of bytes with a suffix: Ki, Mi, Gi, Ti (powers of 1024) or k, M, G,"
                + " T (powers of 1000), e.g. 512Mi or 1.5Gi)"),
        row(
            "resources key misspelt",
            WEB + "    resources: {cpus: 1, memory: 1Gi}\n",
            "berth.yaml:5:17: services.web.resources.cpus: unknown key 'cpus' (did you mean"
                + " 'cpu'?)"),
        row(
            "resources as a word",
            WEB + "    resources: small\n",
            "berth.yaml:5:16: services.web.resources: expected a mapping with cpu and memory,"
                + " got 'small' (write e.g. resources: {cpu: 250m, memory: 512Mi})"),
        row(
            "env names and values",
            WEB
                + "    env:\n      PORT: 80\n      BERTH_TOKEN: x\n      my-var: 1\n"
                + "      9LIVES: x\n      EMPTY:\n      LIST: [1, 2]\n      OK: 1\n",
            "berth.yaml:6:7: services.web.env.PORT: PORT is set by Berth (remove it: Berth gives"
                + " each web replica its own PORT; listen on $PORT, and set 'port:' for the"
                + " container port)",
            "berth.yaml:7:7: services.web.env.BERTH_TOKEN: names starting with BERTH_ are reserved"
                + " for Berth (rename it, e.g. APP_TOKEN)",
            "berth.yaml:8:7: services.web.env.my-var: 'my-var' is not a valid environment"
                + " variable name (use letters, digits and '_', not starting with a digit, e.g."
                + " my_var)",
            "berth.yaml:9:7: services.web.env.9LIVES: '9LIVES' is not a valid environment"
                + " variable name (use letters, digits and '_', not starting with a digit, e.g."
                + " _9LIVES)",
            "berth.yaml:10:13: services.web.env.EMPTY: EMPTY has no value (write EMPTY: \"\" for"
                + " an empty value)",
            "berth.yaml:11:13: services.web.env.LIST: expected text, a number or true/false, got"
                + " a list (quote structured values, e.g. LIST: '{\"a\": 1}')"),
        row(
            "env as a line of shell",
            WEB + "    env: LOG_LEVEL=info\n",
            "berth.yaml:5:10: services.web.env: expected a mapping of NAME: value, got"
                + " 'LOG_LEVEL=info' (write e.g. env: {LOG_LEVEL: info})"),
        row(
            "http path without a slash",
            WEB + "    health: {http: health}\n",
            "berth.yaml:5:20: services.web.health.http: 'health' is not an HTTP path (start it"
                + " with '/' and leave out spaces, e.g. /health)"),
        row(
            "two probes",
            WEB + "    health: {http: /health, tcp: true}\n",
            "berth.yaml:5:29: services.web.health.tcp: a health check has one probe, and this one"
                + " already has 'http' (keep one of http, tcp and exec)"),
        row(
            "tcp false",
            WEB + "    health: {tcp: false}\n",
            "berth.yaml:5:19: services.web.health.tcp: tcp: false does not turn probing off"
                + " (write tcp: true for a TCP probe, or health: none for no probe)"),
        row(
            "every health setting wrong",
            WEB
                + "    health:\n      http: /h\n      interval: 0s\n      timeout: 5\n"
                + "      initialDelay: soon\n      startupTimeout: 2h\n      failureThreshold: 0\n"
                + "      liveness: \"yes\"\n",
            "berth.yaml:7:17: services.web.health.interval: interval '0s' must be longer than"
                + " zero (use at least 1ms, e.g. 2s)",
            "berth.yaml:8:16: services.web.health.timeout: duration '5' has no unit (write 5s for"
                + " seconds, or 5ms)",
            "berth.yaml:9:21: services.web.health.initialDelay: 'soon' is not a duration (use a"
                + " whole number with a unit: ms, s, m or h, e.g. 500ms, 2s, 1m or 1m30s)",
            "berth.yaml:10:23: services.web.health.startupTimeout: startupTimeout '2h' is too"
                + " long (use at most 1h)",
            "berth.yaml:11:25: services.web.health.failureThreshold: failureThreshold 0 is out of"
                + " range (use a whole number from 1 to 100)",
            "berth.yaml:12:17: services.web.health.liveness: expected true or false, got 'yes'"
                + " (remove the quotes: liveness: true or liveness: false)"),
        row(
            "health as a word",
            WEB + "    health: maybe\n",
            "berth.yaml:5:13: services.web.health: 'maybe' is not a health check (use {http:"
                + " /health}, {tcp: true}, {exec: \"command\"}, or none to turn probing off)"),
        row(
            "a tcp probe on a worker",
            "project: shop\nservices:\n  worker:\n    command: a\n    health: {tcp: true}\n",
            "berth.yaml:5:14: services.worker.health.tcp: a tcp probe needs a port, and a worker"
                + " has none (use exec: \"<command>\" to probe a worker, or remove health)"),
        row(
            "probe settings on a worker without a probe",
            "project: shop\nservices:\n  worker:\n    command: a\n    health: {interval: 5s}\n",
            "berth.yaml:5:13: services.worker.health: health settings need a probe, and workers"
                + " have none by default (add exec: \"<command>\", or write health: none)"),
        row(
            "an empty exec",
            WEB + "    health: {exec: \"\"}\n",
            "berth.yaml:5:20: services.web.health.exec: exec is empty (write a command here)"),
        schedule("0 2 * *", "it has 4 fields, not 5"),
        schedule("* * *", "it has 3 fields, not 5"),
        schedule("61 * * * *", "the minute field '61': 61 is outside 0-59"),
        schedule("0 0 2 * * *", "it has 6 fields, not 5 (seconds are not supported)"),
        schedule("0 25 * * *", "the hour field '25': 25 is outside 0-23"),
        schedule(
            "0 0 L * MON",
            "the day-of-month field 'L': '?', 'L', 'W' and '#' are Quartz"
                + " syntax, which Unix cron does not have"),
        schedule(
            "@every 5m",
            "'@every 5m' is not one of the macros @yearly, @annually, @monthly, @weekly, @daily,"
                + " @midnight, @hourly"),
        row(
            "an unknown time zone",
            CRON + "    timezone: Mars/Olympus\n",
            "berth.yaml:6:15: services.report.timezone: 'Mars/Olympus' is not a time zone (use an"
                + " IANA time zone id such as UTC, Europe/Paris or America/New_York)"),
        row(
            "cron run settings out of range",
            CRON
                + "    startingDeadline: 8d\n    timeout: 0s\n    retries: -1\n"
                + "    history: {successful: many}\n    missedRuns: replay\n    suspend: yes please\n",
            "berth.yaml:6:23: services.report.startingDeadline: '8d' is not a duration (use a whole"
                + " number with a unit: ms, s, m or h, e.g. 500ms, 2s, 1m or 1m30s)",
            "berth.yaml:7:14: services.report.timeout: timeout '0s' must be longer than zero (use"
                + " at least 1ms, e.g. 1h)",
            "berth.yaml:8:14: services.report.retries: retries -1 is out of range (use a whole"
                + " number from 0 to 100)",
            "berth.yaml:9:27: services.report.history.successful: expected a whole number, got"
                + " 'many' (successful is a whole number from 0 to 1000)",
            "berth.yaml:10:17: services.report.missedRuns: 'replay' is not a missed-runs policy"
                + " (use 'run-latest' (one run for the latest missed time) or 'skip' (none))",
            "berth.yaml:11:14: services.report.suspend: expected true or false, got 'yes please'"
                + " (write suspend: true or suspend: false)"),
        row(
            "maxBackoff shorter than backoff",
            CRON + "    retries: {limit: 2, backoff: 1m, maxBackoff: 10s}\n",
            "berth.yaml:6:50: services.report.retries.maxBackoff: maxBackoff 10s is shorter than"
                + " backoff 1m (make maxBackoff at least backoff, e.g. retries: {limit: 3, backoff:"
                + " 10s, maxBackoff: 6m})"),
        row(
            "run settings on a worker",
            "project: shop\nservices:\n  worker:\n    command: a\n    retries: 2\n",
            "berth.yaml:5:5: services.worker.retries: retries applies only to cron services, and"
                + " 'worker' is a worker service (remove it, or make the service type: cron with a"
                + " schedule)"),
        row(
            "a misspelt time zone",
            CRON + "    timezone: Europe/Pari\n",
            "berth.yaml:6:15: services.report.timezone: 'Europe/Pari' is not a time zone (did you"
                + " mean 'Europe/Paris'?)"),
        row(
            "a city for a time zone",
            CRON + "    timezone: paris\n",
            "berth.yaml:6:15: services.report.timezone: 'paris' is not a time zone (did you mean"
                + " 'Europe/Paris'?)"),
        row(
            "an abbreviation for a time zone",
            CRON + "    timezone: PST\n",
            "berth.yaml:6:15: services.report.timezone: 'PST' is not a time zone (did you mean"
                + " 'America/Los_Angeles'?)"),
        row(
            "a fixed offset for a time zone",
            CRON + "    timezone: \"+02:00\"\n",
            "berth.yaml:6:15: services.report.timezone: '+02:00' is not a time zone (use an IANA"
                + " time zone id such as UTC, Europe/Paris or America/New_York)"),
        row(
            "an unknown concurrency policy",
            CRON + "    concurrency: skip\n",
            "berth.yaml:6:18: services.report.concurrency: 'skip' is not a concurrency policy"
                + " (use 'allow', 'forbid' or 'replace')"),
        row(
            "a concurrency policy in capitals",
            CRON + "    concurrency: Forbid\n",
            "berth.yaml:6:18: services.report.concurrency: 'Forbid' is not a concurrency policy"
                + " (did you mean 'forbid'?)"));
  }
}
