package dev.berth.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.store.ServiceKey;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

  private static final ServiceKey WEB = new ServiceKey("lms", "production", "web");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "web.production.lms.localhost",
        "web.production.lms.localhost:8080",
        "web.production.lms.localhost.",
        "web.production.lms.localhost.:80",
        "WEB.Production.LMS.LocalHost",
        "Web.Production.Lms.Localhost:65535"
      })
  void parsesTheRoutedForm(String host) {
    assertThat(HostNames.parse(host)).contains(WEB);
  }

  @Test
  void keepsDigitsAndInnerHyphens() {
    assertThat(HostNames.parse("api-2.preview-42.my-app.localhost"))
        .contains(new ServiceKey("my-app", "preview-42", "api-2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "localhost:8080",
        "127.0.0.1",
        "127.0.0.1:8080",
        "[::1]:8080",
        "lms.localhost",
        "production.lms.localhost",
        "x.web.production.lms.localhost",
        "web.production.lms.example.com",
        "web.production.lmslocalhost",
        "web.production.lms.localhost:",
        "web.production.lms.localhost:80a",
        "web.production.lms.localhost:123456",
        "web.production.lms.localhost:65536",
        "web..lms.localhost",
        ".production.lms.localhost",
        "-web.production.lms.localhost",
        "web-.production.lms.localhost",
        "we_b.production.lms.localhost",
        "wéb.production.lms.localhost",
        "web.production.lms.localhost..",
        "web production.lms.localhost"
      })
  void rejectsEverythingElse(String host) {
    assertThat(HostNames.parse(host)).isEmpty();
  }

  @Test
  void rejectsNullAndOverlongLabels() {
    assertThat(HostNames.parse(null)).isEmpty();
    assertThat(HostNames.parse("a".repeat(64) + ".production.lms.localhost")).isEmpty();
    assertThat(HostNames.parse("a".repeat(63) + ".production.lms.localhost"))
        .contains(new ServiceKey("lms", "production", "a".repeat(63)));
  }

  @Test
  void hostNameIsTheInverseOfParse() {
    assertThat(HostNames.hostName(WEB)).isEqualTo("web.production.lms.localhost");
  }

  /** Property: every valid triple, in any case, with or without port and dot, round-trips. */
  @Test
  void randomValidHostsRoundTrip() {
    Random random = new Random(20_260_101L);
    for (int i = 0; i < 5_000; i++) {
      ServiceKey key = new ServiceKey(label(random), label(random), label(random));
      String host = HostNames.hostName(key);
      if (random.nextBoolean()) {
        host = randomCase(host, random);
      }
      if (random.nextBoolean()) {
        host += ".";
      }
      if (random.nextBoolean()) {
        host += ":" + random.nextInt(65_536);
      }
      assertThat(HostNames.parse(host)).as(host).contains(key);
    }
  }

  /** Property: arbitrary strings never throw, and whatever parses is lower case. */
  @Test
  void randomGarbageNeverThrows() {
    Random random = new Random(7L);
    String alphabet = "abcXYZ019-._:[]@ é\u0000";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder host = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        host.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (random.nextBoolean()) {
        host.append(".localhost");
      }
      HostNames.parse(host.toString())
          .ifPresent(
              key -> assertThat(key.toString()).isEqualTo(key.toString().toLowerCase(Locale.ROOT)));
    }
  }

  private static String label(Random random) {
    String inner = "abcdefghijklmnopqrstuvwxyz0123456789-";
    String edge = "abcdefghijklmnopqrstuvwxyz0123456789";
    int length = 1 + random.nextInt(20);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      String from = i == 0 || i == length - 1 ? edge : inner;
      out.append(from.charAt(random.nextInt(from.length())));
    }
    return out.toString();
  }

  private static String randomCase(String s, Random random) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
