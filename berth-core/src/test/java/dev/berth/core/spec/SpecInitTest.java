package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecInitTest {

  private static final String PROCFILE =
      """
      web: bundle exec puma -p $PORT
      worker: bundle exec sidekiq -q "default" \\\\ -v
      release: bundle exec rake db:migrate
      Clock_Job: ./clock --every=1m
      """;

  @Test
  void theGeneratedSpecParsesAndRunsTheProcfileCommands() throws SpecException {
    String yaml = SpecInit.fromProcfile("shop", PROCFILE);
    ProjectSpec spec = parse(yaml, PROCFILE);
    Map<String, String> procfile = Procfile.parse(PROCFILE);

    assertThat(spec.project()).isEqualTo("shop");
    assertThat(spec.services().keySet()).containsExactly("web", "worker", "clock-job");
    ServiceSpec web = spec.services().get("web");
    assertThat(web.type()).isEqualTo(ServiceType.WEB);
    assertThat(web.port()).isEqualTo(8080);
    assertThat(web.health()).isEqualTo(HealthCheck.defaultFor(ServiceType.WEB));
    assertThat(web.command()).isEqualTo(procfile.get("web"));
    assertThat(spec.services().get("worker").type()).isEqualTo(ServiceType.WORKER);
    assertThat(spec.services().get("worker").command()).isEqualTo(procfile.get("worker"));
    assertThat(spec.services().get("clock-job").command()).isEqualTo(procfile.get("Clock_Job"));
    assertThat(spec.releaseCommand()).isEqualTo(procfile.get("release"));
  }

  @Test
  void commandsStayInTheProcfile() throws SpecException {
    String yaml = SpecInit.fromProcfile("shop", PROCFILE);

    assertThat(yaml).doesNotContain("puma").doesNotContain("sidekiq").doesNotContain("rake");
    // Editing the Procfile changes what runs, without touching berth.yaml.
    String edited = PROCFILE.replace("puma -p $PORT", "rails server");
    assertThat(parse(yaml, edited).services().get("web").command())
        .isEqualTo("bundle exec rails server");
  }

  @Test
  void itIsCommentedForAPerson() throws SpecException {
    String yaml = SpecInit.fromProcfile("shop", "web: ./server\n");

    assertThat(yaml)
        .startsWith("# berth.yaml for 'shop', made from the Procfile.")
        .contains("version: 1\nproject: shop\n")
        .contains("    port: 8080\n")
        .contains("    health: {tcp: true}\n")
        .contains("# environments:")
        .doesNotContain("release:");
  }

  @Test
  void aProcfileWithNothingToRunIsAProblem() {
    assertThatThrownBy(() -> SpecInit.fromProcfile("shop", "release: ./migrate\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("the Procfile declares no process to run");
    assertThatThrownBy(() -> SpecInit.fromProcfile("shop", "web ./server\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("Procfile:1:1");
    assertThatThrownBy(() -> SpecInit.fromProcfile("My Shop", "web: ./server\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "my-shop, my-shop",
    "My Shop (v2), my-shop-v2",
    "Café_Crème, cafe-creme",
    "2048, app-2048",
    "'  --weird__name--  ', weird-name",
    "'', app",
    "日本, app",
    "a-very-long-directory-name-that-goes-on-and-on-forever, a-very-long-directory-name-that-goes-on",
  })
  void projectNamesComeFromDirectoryNames(String directory, String project) {
    assertThat(SpecInit.projectNameFrom(directory)).isEqualTo(project);
  }

  @Test
  void quotingSurvivesAnyCommand() throws SpecException {
    String nasty = "echo \"a\\b\" 'c' # d: e \u0007 \u00e9 \t end";
    String procfile = "Odd_Name: " + nasty + "\n";
    ProjectSpec spec = parse(SpecInit.fromProcfile("shop", procfile), procfile);

    assertThat(spec.services().get("odd-name").command()).isEqualTo(nasty);
  }
}
