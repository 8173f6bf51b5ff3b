package dev.berth.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Fuzzes what the API reads from a client: request bodies (apply, scale) and query parameters. Only
 * {@link BadRequest} may escape, with a message that does not echo megabytes; what is accepted
 * keeps the rules (a boolean is exactly {@code true}/{@code false}, a scale count is an int and
 * never null, apply has its spec and source directory). Under surefire this runs the stored inputs
 * in {@code RequestParsingFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class RequestParsingFuzzTest {
  private static final String[] TOKENS = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"spec\"",
    "\"sourceDir\"",
    "\"procfile\"",
    "\"specFile\"",
    "\"environment\"",
    "\"replicas\"",
    "\"web\"",
    "null",
    "true",
    "false",
    "0",
    "1.5",
    "-1",
    "1e2",
    "99999999999",
    "\"3\"",
    "\"\"",
    "\"/tmp\"",
    "\"\\u0000\"",
    " "
  };

  @FuzzTest(maxDuration = "30s")
  void arbitraryBodies(byte[] body) {
    checkApply(body);
    checkScale(body);
  }

  @FuzzTest(maxDuration = "30s")
  void jsonLikeBodies(FuzzedDataProvider data) {
    StringBuilder b = new StringBuilder();
    int n = data.consumeInt(0, 40);
    for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
      b.append(data.consumeBoolean() ? data.pickValue(TOKENS) : data.consumeString(8));
    }
    byte[] body = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    checkApply(body);
    checkScale(body);
  }

  @FuzzTest(maxDuration = "30s")
  void queryParameters(FuzzedDataProvider data) {
    String value = data.consumeRemainingAsString();
    try {
      boolean b = QueryParams.parseBoolean("dryRun", value);
      assertThat(value).isEqualTo(b ? "true" : "false");
    } catch (BadRequest e) {
      assertThat(value).isNotIn("true", "false");
      checkMessage(e);
    }
    try {
      QueryParams.parseLong("limit", value, 7);
    } catch (BadRequest e) {
      checkMessage(e);
    }
  }

  private static void checkApply(byte[] body) {
    try {
      Requests.Apply a = Requests.apply(body);
      assertThat(a.spec()).isNotNull();
      assertThat(a.sourceDir()).isNotNull();
    } catch (BadRequest e) {
      checkMessage(e);
    }
  }

  private static void checkScale(byte[] body) {
    try {
      Requests.Scale s = Requests.scale(body);
      assertThat(s.replicas()).isNotEmpty();
      for (Map.Entry<String, Integer> e : s.replicas().entrySet()) {
        assertThat(e.getValue()).isNotNull();
      }
    } catch (BadRequest e) {
      checkMessage(e);
    }
  }

  private static void checkMessage(BadRequest e) {
    assertThat(e.code()).isIn("invalid_request", "invalid_scale");
    assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(2_000);
  }
}
