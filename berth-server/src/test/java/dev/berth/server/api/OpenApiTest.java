package dev.berth.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.spec.SpecLimits;
import dev.berth.engine.app.SourceDirs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI description states the input rules the code enforces, with the same numbers. */
class OpenApiTest {
  final JsonNode doc = read();

  static JsonNode read() {
    try {
      return Json.mapper().readTree(OpenApi.document());
    } catch (Exception e) {
      throw new AssertionError("openapi.json is not JSON", e);
    }
  }

  @Test
  void everyBooleanQueryParameterIsDocumentedAsExactlyTrueOrFalse() {
    List<String> found = new ArrayList<>();
    for (JsonNode path : doc.get("paths")) {
      for (JsonNode op : path) {
        for (JsonNode p : op.path("parameters")) {
          if (p.path("schema").path("type").asText().equals("boolean")) {
            found.add(p.get("name").asText());
            assertThat(p.get("description").asText()).contains("true or false");
          }
        }
      }
    }
    assertThat(new java.util.HashSet<>(found))
        .containsExactlyInAnyOrderElementsOf(QueryParams.BOOLEANS);
  }

  @Test
  void theLimitsAreTheCodes() {
    JsonNode counts =
        doc.at(
            "/paths/~1api~1v1~1projects~1{project}~1environments~1{environment}~1scale/post"
                + "/requestBody/content/application~1json/schema/properties/replicas"
                + "/additionalProperties");
    assertThat(counts.get("type").asText()).isEqualTo("integer");
    assertThat(counts.get("minimum").asInt()).isZero();
    assertThat(counts.get("maximum").asInt()).isEqualTo(SpecLimits.MAX_REPLICAS_PER_SERVICE);
    assertThat(doc.at("/components/responses/TooLarge/description").asText())
        .contains((Requests.MAX_BODY_BYTES >> 20) + " MiB");
    assertThat(doc.at("/components/responses/ReplicaLimit/description").asText())
        .contains(String.format("%,d", SpecLimits.MAX_REPLICAS_PER_MACHINE));
  }

  @Test
  void everyRefusedSystemDirectoryIsNamed() {
    String described =
        doc.at("/components/schemas/ApplyRequest/properties/sourceDir/description").asText();
    List<Path> all = new ArrayList<>(SourceDirs.SYSTEM_TREES);
    all.addAll(SourceDirs.SHARED_ROOTS);
    for (Path p : all) {
      String s = p.toString();
      boolean named =
          described.contains(s + ",")
              || described.contains(s + " ")
              || s.startsWith("/lib") && described.contains("/lib*")
              || s.startsWith("/var/")
                  && described.matches("(?s).*/var/\\{[^}]*\\b" + s.substring(5) + "\\b.*");
      assertThat(named).as(s + " in: " + described).isTrue();
    }
  }
}
