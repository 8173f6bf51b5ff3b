package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.config.MasterKey;
import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.server.api.Json;
import dev.berth.server.auth.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth config} over real HTTP against a real control plane: set, list (masked), unset,
 * reveal and rotate for the admin token only, the key file (0600, created on first use), and a
 * missing or wrong key file after a restart (clear 409, nothing decrypted, nothing overwritten).
 */
class ConfigApiIT {
  static final String ENV = "/api/v1/projects/shop/environments/production";
  static final EnvironmentKey KEY = new EnvironmentKey("shop", "production");

  @TempDir Path tmp;
  RunningControlPlane api;

  @BeforeEach
  void start() throws Exception {
    api = new RunningControlPlane(tmp);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  Path keyFile() {
    return tmp.resolve("data").resolve("master.key");
  }

  List<ConfigRecord> rows() {
    return api.cp.store().read(tx -> tx.config().list(KEY));
  }

  HttpResponse<String> as(String token, String method, String path) throws Exception {
    return api.http.send(
        HttpRequest.newBuilder(URI.create(api.cp.apiUrl() + path))
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void setListUnsetWithSecretsMaskedAndTheKeyFileMadeOnFirstUse() throws Exception {
    JsonNode plain =
        api.json("POST", ENV + "/config", Map.of("vars", Map.of("LOG_LEVEL", "debug")));
    assertThat(plain.path("changed").toString()).isEqualTo("[\"LOG_LEVEL\"]");
    assertThat(plain.path("release").asText()).isEmpty(); // never applied
    assertThat(keyFile()).as("no key before the first secret").doesNotExist();

    api.json(
        "POST",
        ENV + "/config",
        Map.of("vars", Map.of("DB_PASSWORD", "hunter2-api"), "secret", true));
    assertThat(Files.getPosixFilePermissions(keyFile()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    JsonNode list = api.json("GET", ENV + "/config", null);
    assertThat(list.path("revealed").asBoolean()).isFalse();
    assertThat(list.path("vars").get(0).path("name").asText()).isEqualTo("DB_PASSWORD");
    assertThat(list.path("vars").get(0).path("secret").asBoolean()).isTrue();
    assertThat(list.path("vars").get(0).path("value").isNull()).isTrue();
    assertThat(list.path("vars").get(1).path("value").asText()).isEqualTo("debug");
    assertThat(list.toString()).doesNotContain("hunter2-api");

    JsonNode unset = api.json("POST", ENV + "/config/unset", Map.of("names", List.of("LOG_LEVEL")));
    assertThat(unset.path("changed").toString()).isEqualTo("[\"LOG_LEVEL\"]");
    assertThat(api.json("GET", ENV + "/config", null).path("vars")).hasSize(1);

    assertThat(api.call("POST", ENV + "/config", Map.of()).statusCode()).isEqualTo(400);
    HttpResponse<String> badName =
        api.call("POST", ENV + "/config", Map.of("vars", Map.of("BERTH_X", "1")));
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(badName.body()).contains("invalid_config", "set by Berth itself");
    assertThat(api.call("POST", ENV + "/config/unset", Map.of("names", List.of())).statusCode())
        .isEqualTo(400);
  }

  @Test
  void revealAndRotationNeedTheAdminTokenAndAreAudited() throws Exception {
    api.json(
        "POST", ENV + "/config", Map.of("vars", Map.of("TOKEN", "t0k3n-value"), "secret", true));
    api.cp
        .store()
        .write(tx -> tx.tokens().add("ci", Tokens.sha256Hex("ci-token-123456"), Instant.now()));

    HttpResponse<String> denied = as("ci-token-123456", "GET", ENV + "/config?reveal=true");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("forbidden", "admin token").doesNotContain("t0k3n-value");
    assertThat(as("ci-token-123456", "GET", ENV + "/config").statusCode()).isEqualTo(200);
    assertThat(as("ci-token-123456", "POST", "/api/v1/config/rotate-key").statusCode())
        .isEqualTo(403);

    assertThat(api.json("GET", ENV + "/config?reveal=true", null).toString())
        .contains("t0k3n-value");
    String before = Files.readString(keyFile());
    JsonNode rotated = api.json("POST", "/api/v1/config/rotate-key", null);
    assertThat(rotated.path("secrets").asInt()).isEqualTo(1);
    assertThat(rotated.path("newKeyId").asText()).isNotEqualTo(rotated.path("oldKeyId").asText());
    assertThat(Files.readString(keyFile())).isNotEqualTo(before);
    assertThat(MasterKey.fromJson(Files.readString(keyFile())).ids()).hasSize(1);
    assertThat(Files.getPosixFilePermissions(keyFile()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(api.json("GET", ENV + "/config?reveal=true", null).toString())
        .contains("t0k3n-value");

    JsonNode audit = api.json("GET", "/api/v1/audit", null);
    assertThat(audit.toString())
        .contains("config-set", "config-reveal", "config-rotate-key")
        .doesNotContain("t0k3n-value");
  }

  @Test
  void aMissingKeyFileAfterARestartIsAClearErrorAndNothingIsOverwritten() throws Exception {
    api.json("POST", ENV + "/config", Map.of("vars", Map.of("DB", "s3cret-db"), "secret", true));
    List<ConfigRecord> stored = rows();
    api.close();
    Files.delete(keyFile());
    api = new RunningControlPlane(tmp);

    HttpResponse<String> reveal = api.call("GET", ENV + "/config?reveal=true", null);
    assertThat(reveal.statusCode()).isEqualTo(409);
    assertThat(reveal.body()).contains("master_key_missing", "master.key", "restore");
    HttpResponse<String> set =
        api.call(
            "POST", ENV + "/config", Map.of("vars", Map.of("OTHER", "x-secret"), "secret", true));
    assertThat(set.statusCode()).isEqualTo(409);
    assertThat(api.call("POST", "/api/v1/config/rotate-key", null).statusCode()).isEqualTo(409);

    assertThat(keyFile()).as("no new key in its place").doesNotExist();
    assertThat(rows()).isEqualTo(stored);
  }

  @Test
  void aWrongKeyFileDecryptsNothingAndIsNotReplaced() throws Exception {
    api.json("POST", ENV + "/config", Map.of("vars", Map.of("DB", "s3cret-db"), "secret", true));
    List<ConfigRecord> stored = rows();
    api.close();
    String wrong = MasterKey.generate().toJson();
    Files.writeString(keyFile(), wrong);
    api = new RunningControlPlane(tmp);

    HttpResponse<String> reveal = api.call("GET", ENV + "/config?reveal=true", null);
    assertThat(reveal.statusCode()).isEqualTo(409);
    assertThat(reveal.body()).contains("not the one").doesNotContain("s3cret-db");
    assertThat(api.call("POST", "/api/v1/config/rotate-key", null).statusCode()).isEqualTo(409);
    assertThat(
            api.call(
                    "POST",
                    ENV + "/config",
                    Map.of("vars", Map.of("DB", "new-value"), "secret", true))
                .statusCode())
        .isEqualTo(409);

    assertThat(Files.readString(keyFile())).isEqualTo(wrong);
    assertThat(rows()).isEqualTo(stored);
  }

  @Test
  void aKeyFileOthersCanReadIsRefused() throws Exception {
    api.json("POST", ENV + "/config", Map.of("vars", Map.of("DB", "s3cret-db"), "secret", true));
    api.close();
    Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
    api = new RunningControlPlane(tmp);

    HttpResponse<String> reveal = api.call("GET", ENV + "/config?reveal=true", null);
    assertThat(reveal.statusCode()).isEqualTo(409);
    assertThat(reveal.body()).contains("chmod 600");
    assertThat(Json.mapper().readTree(reveal.body()).path("error").path("code").asText())
        .isEqualTo("master_key_unreadable");
  }
}
