package dev.berth.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorPagesTest {

  @Test
  void jsonOnlyWhenItRanksAboveHtml() {
    assertThat(ErrorPages.prefersJson(null)).isFalse();
    assertThat(ErrorPages.prefersJson("text/html,application/xhtml+xml,*/*;q=0.8")).isFalse();
    assertThat(ErrorPages.prefersJson("application/json")).isTrue();
    assertThat(ErrorPages.prefersJson("application/problem+json")).isTrue();
    assertThat(ErrorPages.prefersJson("text/html;q=0.5, application/json")).isTrue();
    assertThat(ErrorPages.prefersJson("text/html, application/json;q=0.9")).isFalse();
    assertThat(ErrorPages.prefersJson("*/*")).isFalse();
  }

  @Test
  void escapesWhatItEchoes() {
    assertThat(ErrorPages.escapeHtml("<a href='x'>&\""))
        .isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
    StringBuilder json = new StringBuilder();
    ErrorPages.escapeJson("a\"b\\c\nd\u0001", json);
    assertThat(json.toString()).isEqualTo("a\\\"b\\\\c\\nd\\u0001");
  }
}
