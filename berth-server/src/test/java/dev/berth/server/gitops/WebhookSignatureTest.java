package dev.berth.server.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);

  @Test
  void githubsDocumentedExampleVerifies() {
    // from GitHub's "Validating webhook deliveries" page
    byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    String expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assertThat(WebhookSignature.sign(SECRET, body)).isEqualTo(expected);
    assertThat(WebhookSignature.valid(SECRET, body, expected)).isTrue();
  }

  @Test
  void missingMalformedOrOtherSchemeHeadersAreInvalid() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String good = WebhookSignature.sign(SECRET, body);
    assertThat(WebhookSignature.valid(SECRET, body, null)).isFalse();
    assertThat(WebhookSignature.valid(SECRET, body, "")).isFalse();
    assertThat(WebhookSignature.valid(SECRET, body, good.replace("sha256=", "sha1="))).isFalse();
    assertThat(WebhookSignature.valid(SECRET, body, good.substring(0, good.length() - 2)))
        .isFalse();
    assertThat(WebhookSignature.valid(SECRET, body, "sha256=" + "zz".repeat(32))).isFalse();
    assertThat(
            WebhookSignature.valid(SECRET, body, good.toUpperCase().replace("SHA256=", "sha256=")))
        .isTrue(); // hex case does not matter
  }

  @Property(tries = 200)
  void aSignatureVerifiesItsBodyAndNoOtherAndNoOtherSecret(
      @ForAll @Size(max = 300) byte[] body, @ForAll @Size(min = 1, max = 40) byte[] other) {
    String sig = WebhookSignature.sign(SECRET, body);
    assertThat(WebhookSignature.valid(SECRET, body, sig)).isTrue();
    byte[] changed = java.util.Arrays.copyOf(body, body.length + other.length);
    System.arraycopy(other, 0, changed, body.length, other.length);
    assertThat(WebhookSignature.valid(SECRET, changed, sig)).isFalse();
    assertThat(WebhookSignature.valid(other, body, sig))
        .isEqualTo(java.util.Arrays.equals(other, SECRET));
  }
}
