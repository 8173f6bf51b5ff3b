package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth config ...} against a fake API that records requests. */
class ConfigCommandTest {
  static final String LIST =
      "{\"project\": \"shop\", \"environment\": \"production\", \"revealed\": false, \"vars\": ["
          + "{\"name\": \"DB_PASSWORD\", \"secret\": true, \"value\": null,"
          + " \"updatedAt\": \"2026-12-03T10:00:00Z\"},"
          + "{\"name\": \"LOG_LEVEL\", \"secret\": false, \"value\": \"debug\","
          + " \"updatedAt\": \"2026-12-03T10:00:00Z\"}]}";
  static final String REVEALED =
      LIST.replace("\"value\": null", "\"value\": \"hunter2-prod\"")
          .replace("\"revealed\": false", "\"revealed\": true");

  @TempDir Path dir;
  FakeApiCli cli;
  final List<String> methods = new CopyOnWriteArrayList<>();
  volatile String changeAnswer =
      "{\"changed\": [\"LOG_LEVEL\"], \"unchanged\": [], \"release\": \"v5\", \"changes\": []}";

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    cli =
        new FakeApiCli(dir)
            .handle(
                "/api/v1/",
                x -> {
                  String path = x.getRequestURI().getPath();
                  String query = x.getRequestURI().getRawQuery();
                  methods.add(x.getRequestMethod() + " " + path);
                  String body =
                      path.endsWith("/rotate-key")
                          ? "{\"secrets\": 3, \"oldKeyId\": \"11\", \"newKeyId\": \"22\","
                              + " \"where\": \"/data/master.key\"}"
                          : x.getRequestMethod().equals("GET")
                              ? (query != null && query.contains("reveal=true") ? REVEALED : LIST)
                              : changeAnswer;
                  FakeApiCli.respond(x, 200, "application/json", body);
                })
            .start();
  }

  @AfterEach
  void stopFakeApi() {
    cli.close();
  }

  @Test
  void listMasksSecretsAndConfigAloneLists() {
    assertThat(cli.run("config", "list")).isZero();
    assertThat(cli.out()).contains("DB_PASSWORD", "(sensitive)", "LOG_LEVEL", "debug");
    assertThat(cli.paths()).containsExactly("/api/v1/projects/shop/environments/production/config");

    cli.resetOutput();
    assertThat(cli.run("config", "--env", "staging")).isZero();
    assertThat(cli.paths()).last().isEqualTo("/api/v1/projects/shop/environments/staging/config");
  }

  @Test
  void revealAsksTheApiToRevealAndJsonIsTheApisShape() {
    assertThat(cli.run("config", "list", "--reveal", "-o", "json")).isZero();
    assertThat(cli.paths()).last().asString().endsWith("/config?reveal=true");
    assertThat(cli.out()).contains("\"value\" : \"hunter2-prod\"", "\"revealed\" : true");
  }

  @Test
  void setSendsThePairsAndTheSecretFlagAndNamesTheRelease() {
    assertThat(cli.run("config", "set", "LOG_LEVEL=debug", "URL=http://x/?a=b", "--secret"))
        .isZero();
    assertThat(cli.requests)
        .last()
        .asString()
        .startsWith("/api/v1/projects/shop/environments/production/config ")
        .contains("\"LOG_LEVEL\":\"debug\"", "\"URL\":\"http://x/?a=b\"", "\"secret\":true");
    assertThat(methods).last().asString().startsWith("POST ");
    assertThat(cli.err()).contains("Set LOG_LEVEL in production: release v5 rolls out");
  }

  @Test
  void aPairWithoutEqualsIsBadInputAndSendsNothing() {
    assertThat(cli.run("config", "set", "LOG_LEVEL")).isEqualTo(2);
    assertThat(cli.err()).contains("is not KEY=VALUE");
    assertThat(cli.requests).isEmpty();
  }

  @Test
  void unsetPostsTheNamesAndSaysWhenNothingChanged() {
    changeAnswer =
        "{\"changed\": [], \"unchanged\": [\"NOPE\"], \"release\": \"\", \"changes\": []}";
    assertThat(cli.run("config", "unset", "NOPE")).isZero();
    assertThat(cli.requests)
        .last()
        .asString()
        .isEqualTo(
            "/api/v1/projects/shop/environments/production/config/unset {\"names\":[\"NOPE\"]}");
    assertThat(cli.err()).contains("Nothing changed in production: NOPE not set");
  }

  @Test
  void setBeforeTheFirstApplySaysTheApplyWillUseIt() {
    changeAnswer = "{\"changed\": [\"A\"], \"unchanged\": [], \"release\": \"\", \"changes\": []}";
    assertThat(cli.run("config", "set", "A=1")).isZero();
    assertThat(cli.err()).contains("the next berth apply starts with them");
  }

  @Test
  void rotateKeyReportsTheKeysAndWhereToBackUp() {
    assertThat(cli.run("config", "rotate-key")).isZero();
    assertThat(cli.paths()).containsExactly("/api/v1/config/rotate-key");
    assertThat(cli.err())
        .contains("Re-wrapped 3 secret(s) under master key id 22", "/data/master.key");
  }
}
