package dev.berth.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void replacesEveryOccurrenceOfAKnownSecret() {
    Redactor r = new Redactor();
    r.add("s3cr3t-value");
    assertThat(r.redact("a s3cr3t-value and s3cr3t-value."))
        .isEqualTo("a (sensitive) and (sensitive).");
    assertThat(r.redact("nothing here")).isEqualTo("nothing here");
    assertThat(r.redact(null)).isNull();
  }

  @Test
  void ignoresValuesShorterThanFourCharacters() {
    Redactor r = new Redactor();
    r.add(List.of("abc", "", "1"));
    assertThat(r.size()).isZero();
    assertThat(r.redact("abc 1")).isEqualTo("abc 1");
  }

  @Test
  void masksALongerSecretWholeBeforeAShorterOneItContains() {
    Redactor r = new Redactor();
    r.add(List.of("pass", "password-123"));
    assertThat(r.redact("x password-123 y pass")).isEqualTo("x (sensitive) y (sensitive)");
  }

  @Property
  void noKnownSecretSurvivesRedaction(
      @ForAll @StringLength(min = 4, max = 20) String secret,
      @ForAll @StringLength(max = 30) String before,
      @ForAll @StringLength(max = 30) String after) {
    Redactor r = new Redactor();
    r.add(secret);
    assertThat(r.redact(before + secret + after)).doesNotContain(secret);
  }
}
