package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One rule per row: a small spec and the exact problems a person sees, with line and column. Specs
 * start with {@code project: shop} and {@code services:} so line 3 is the first service.
 */
class SpecProblemsTest {

  private static final String HEAD = "project: shop\nservices:\n";

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactlyTheseProblems(String rule, String yaml, List<String> expected) {
    assertThat(problems(yaml)).containsExactlyElementsOf(expected);
  }

  static Arguments row(String rule, String yaml, String... expected) {
    return arguments(rule, yaml, List.of(expected));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // keys
        row(
            "unknown key, close to a known one",
            HEAD + "  web:\n    command: a\n    replica: 2\n",
            "berth.yaml:5:5: services.web.replica: unknown key 'replica' (did you mean 'replicas'?)"),
        row(
            "unknown key, case differs",
            HEAD + "  web:\n    Command: a\n",
            "berth.yaml:3:3: services.web: service 'web' has no command (add 'command:' or a"
                + " 'web:' line to the Procfile beside berth.yaml)",
            "berth.yaml:4:5: services.web.Command: unknown key 'Command' (did you mean 'command'?)"),
        row(
            "unknown key, nothing close: the allowed keys are listed",
            HEAD + "  web:\n    command: a\n    volumes: [data]\n",
            "berth.yaml:5:5: services.web.volumes: unknown key 'volumes' (allowed in services.web:"
                + " type, command, port, replicas, resources, env, health, schedule, timezone,"
                + " concurrency, startingDeadline, missedRuns, timeout, retries, suspend, history, user,"
                + " deploy, autoscale, image)"),
        row(
            "unknown key, a word from another platform",
            HEAD + "  web: {cmd: a}\n",
            "berth.yaml:3:3: services.web: service 'web' has no command (add 'command:' or a"
                + " 'web:' line to the Procfile beside berth.yaml)",
            "berth.yaml:3:9: services.web.cmd: unknown key 'cmd' (did you mean 'command'?)"),
        row(
            "unknown top-level key and the missing key it meant",
            "project: shop\nservice:\n  web: {command: a}\n",
            "berth.yaml:1:1: missing 'services' (add a services: map, e.g. services: {web:"
                + " {command: ./server}})",
            "berth.yaml:2:1: service: unknown key 'service' (did you mean 'services'?)"),
        row(
            "extension keys are ignored",
            "project: shop\nx-note: anything\nservices:\n  web: {command: a, x-owner: me}\n"
                + "  worker: {replicas: x}\n",
            "berth.yaml:5:3: services.worker: service 'worker' has no command (add 'command:'"
                + " or a 'worker:' line to the Procfile beside berth.yaml)",
            "berth.yaml:5:22: services.worker.replicas: expected a whole number, got 'x'"
                + " (replicas is a whole number from 0 to 100)"),
        row(
            "duplicate key, at the second occurrence",
            HEAD + "  web:\n    command: a\n    command: b\n",
            "berth.yaml:5:5: services.web.command: duplicate key 'command' (first defined at"
                + " line 4) (keep one of them; YAML does not merge repeated keys)"),
        row(
            "duplicate service name",
            HEAD + "  web: {command: a}\n  worker: {command: b}\n  web: {command: c}\n",
            "berth.yaml:5:3: services.web: duplicate key 'web' (first defined at line 3) (keep"
                + " one of them; YAML does not merge repeated keys)"),
        // types and ranges
        row(
            "a word for a number",
            HEAD + "  web: {command: a, replicas: two}\n",
            "berth.yaml:3:31: services.web.replicas: expected a whole number, got 'two'"
                + " (replicas is a whole number from 0 to 100)"),
        row(
            "a quoted number",
            HEAD + "  web: {command: a, replicas: \"2\"}\n",
            "berth.yaml:3:31: services.web.replicas: expected a whole number, got the text '2'"
                + " (remove the quotes: replicas: 2)"),
        row(
            "a fraction for a whole number",
            HEAD + "  web: {command: a, replicas: 1.5}\n",
            "berth.yaml:3:31: services.web.replicas: expected a whole number, got '1.5'"
                + " (replicas is a whole number from 0 to 100)"),
        row(
            "too many replicas",
            HEAD + "  web: {command: a, replicas: 101}\n",
            "berth.yaml:3:31: services.web.replicas: replicas 101 is out of range (use a whole"
                + " number from 0 to 100)"),
        row(
            "port out of range",
            HEAD + "  web: {command: a, port: 70000}\n",
            "berth.yaml:3:27: services.web.port: port 70000 is out of range (use a whole number"
                + " from 1 to 65535)"),
        row(
            "a mapping where text belongs",
            HEAD + "  web: {command: {run: a}}\n",
            "berth.yaml:3:18: services.web.command: expected a command, got a mapping (write a"
                + " command here)"),
        row(
            "a service that is not a mapping",
            HEAD + "  web: ./server\n",
            "berth.yaml:3:8: services.web: expected the settings of service 'web', got"
                + " './server' (write a mapping, e.g. web: {command: ..., replicas: 2})"),
        row(
            "an unknown type",
            HEAD + "  web: {command: a, type: Web}\n",
            "berth.yaml:3:27: services.web.type: 'Web' is not a service type (did you mean"
                + " 'web'?)"),
        // names
        row(
            "a project name with capitals",
            "project: My Shop\nservices:\n  web: {command: a}\n",
            "berth.yaml:1:10: project: 'My Shop' is not a valid project name: it has upper-case"
                + " letters (use lower-case letters, digits and dashes, starting with a letter,"
                + " at most 40 characters, e.g. 'my-shop')"),
        row(
            "a project name starting with a digit",
            "project: 2048\nservices:\n  web: {command: a}\n",
            "berth.yaml:1:10: project: '2048' is not a valid project name: it does not start"
                + " with a letter (use lower-case letters, digits and dashes, starting with a"
                + " letter, at most 40 characters, e.g. 'app-2048')"),
        row(
            "a project name that is too long",
            "project: " + "a".repeat(41) + "\nservices:\n  web: {command: a}\n",
            "berth.yaml:1:10: project: '"
                + "a".repeat(41)
                + "' is not a valid project name: it"
                + " is longer than 40 characters (use lower-case letters, digits and dashes,"
                + " starting with a letter, at most 40 characters, e.g. '"
                + "a".repeat(40)
                + "')"),
        row(
            "missing project",
            "services:\n  web: {command: a}\n",
            "berth.yaml:1:1: missing 'project' (add project: <name> at the top, e.g. project:"
                + " shop)"),
        row(
            "a service name with an underscore",
            HEAD + "  web_api: {command: a}\n",
            "berth.yaml:3:3: services.web_api: 'web_api' is not a valid service name: it has"
                + " characters other than a-z, 0-9 and '-' (use lower-case letters, digits and"
                + " dashes, starting with a letter, at most 40 characters, e.g. 'web-api')"),
        row(
            "no services",
            "project: shop\nservices: {}\n",
            "berth.yaml:2:1: services: services is empty (declare at least one service by name,"
                + " e.g. services: {web: {command: ./server}})"),
        row(
            "version 2",
            "version: 2\n" + HEAD + "  web: {command: a}\n",
            "berth.yaml:1:10: version: version 2 is not supported (this Berth reads version 1;"
                + " write version: 1, or upgrade Berth)"),
        // rules between keys
        row(
            "no command anywhere",
            HEAD + "  web: {replicas: 2}\n",
            "berth.yaml:3:3: services.web: service 'web' has no command (add 'command:' or a"
                + " 'web:' line to the Procfile beside berth.yaml)"),
        row(
            "a port on a worker",
            HEAD + "  worker: {command: a, port: 8080}\n",
            "berth.yaml:3:24: services.worker.port: port applies only to web services, and"
                + " 'worker' is a worker (remove it, or make the service type: web)"),
        row(
            "a cron service without a schedule",
            HEAD + "  report: {type: cron, command: a}\n",
            "berth.yaml:3:18: services.report.type: cron service 'report' has no schedule (add"
                + " schedule: \"0 2 * * *\" (minute hour day-of-month month day-of-week), or a"
                + " macro such as \"@daily\")"),
        row(
            "port, replicas and health on a cron service",
            HEAD
                + "  report:\n    schedule: \"@daily\"\n    command: a\n    port: 80\n"
                + "    replicas: 2\n    health: {tcp: true}\n",
            "berth.yaml:6:5: services.report.port: port applies only to web services (remove"
                + " it: a cron run gets no traffic)",
            "berth.yaml:7:5: services.report.replicas: replicas does not apply to cron services"
                + " (remove it: each run starts one process; 'concurrency' decides about"
                + " overlapping runs)",
            "berth.yaml:8:5: services.report.health: health does not apply to cron services"
                + " (remove it: a run succeeds when its command exits with status 0)"),
        row(
            "a schedule on a web service",
            HEAD + "  web: {type: web, command: a, schedule: \"@daily\", timezone: UTC}\n",
            "berth.yaml:3:32: services.web.schedule: schedule applies only to cron services,"
                + " and 'web' is a web service (remove it, or make the service type: cron with a"
                + " schedule)",
            "berth.yaml:3:52: services.web.timezone: timezone applies only to cron services,"
                + " and 'web' is a web service (remove it, or make the service type: cron with a"
                + " schedule)"),
        row(
            "autoscale",
            HEAD + "  web:\n    command: a\n    autoscale: {min: 1, max: 4}\n",
            "berth.yaml:5:16: services.web.autoscale: autoscale has no triggers (add triggers:"
                + " [...], e.g. - {type: cpu, value: 70} to keep CPU use near 70%)"),
        // release
        row(
            "release as a bare command",
            HEAD + "  web: {command: a}\nrelease: ./migrate\n",
            "berth.yaml:4:10: release: expected a mapping with the release command, got"
                + " './migrate' (write release: {command: \"./migrate\"})"),
        row(
            "release without a command",
            HEAD + "  web: {command: a}\nrelease: {}\n",
            "berth.yaml:4:1: release: release has no command (add 'command:' under release, or"
                + " a 'release:' line to the Procfile beside berth.yaml)"));
  }
}
