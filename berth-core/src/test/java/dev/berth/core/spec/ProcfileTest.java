package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcfileTest {

  @Test
  void readsHerokuFormatInOrder() throws SpecException {
    Map<String, String> entries =
        Procfile.parse(
            "# processes\nweb: bundle exec puma -C config/puma.rb\r\n\nworker:./work --queue=a:b\n"
                + "release:   rake db:migrate   \nclock_2-x: ./clock # comment stays\n");

    assertThat(entries)
        .containsExactly(
            Map.entry("web", "bundle exec puma -C config/puma.rb"),
            Map.entry("worker", "./work --queue=a:b"),
            Map.entry("release", "rake db:migrate"),
            Map.entry("clock_2-x", "./clock # comment stays"));
  }

  @Test
  void anEmptyProcfileHasNoEntries() throws SpecException {
    assertThat(Procfile.parse("")).isEmpty();
    assertThat(Procfile.parse("\n# nothing yet\n")).isEmpty();
  }

  @Test
  void reportsEveryMalformedLineAndDuplicate() {
    SpecException e =
        catchThrowableOfType(
            SpecException.class,
            () ->
                Procfile.parse(
                    "web: ./a\njust a line\nweb: ./b\nmy app: ./c\nworker:\n  indented: ./d\n"));

    assertThat(e.problems().stream().map(Problem::toString))
        .containsExactly(
            "Procfile:2:1: line 2 is not 'name: command' (write one 'name: command' per line;"
                + " names use letters, digits, '_' and '-')",
            "Procfile:3:1: web: duplicate process 'web' (first defined at line 1) (keep one of the"
                + " two lines)",
            "Procfile:4:1: 'my app' is not a valid process name (write one 'name: command' per"
                + " line; names use letters, digits, '_' and '-')",
            "Procfile:5:8: worker: process 'worker' has no command (write the command after the"
                + " colon, e.g. worker: ./run)",
            "Procfile:6:1: line 6 is indented (write one 'name: command' per line; names use"
                + " letters, digits, '_' and '-')");
  }

  @Test
  void procfileProblemsComeAfterTheSpecsOwn() {
    SpecException e =
        catchThrowableOfType(
            SpecException.class,
            () ->
                SpecParser.parse(
                    new SpecSource(
                        "berth.yaml",
                        "project: shop\nservices:\n  web:\n  worker: {replicas: -1}\n",
                        "web: ./server\nworker\n")));

    assertThat(e.problems().stream().map(Problem::toString))
        .containsExactly(
            "berth.yaml:4:3: services.worker: service 'worker' has no command (add 'command:' or a"
                + " 'worker:' line to the Procfile beside berth.yaml)",
            "berth.yaml:4:22: services.worker.replicas: replicas -1 is out of range (use a whole"
                + " number from 0 to 100)",
            "Procfile:2:1: line 2 is not 'name: command' (write one 'name: command' per line;"
                + " names use letters, digits, '_' and '-')");
  }
}
