package dev.berth.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForwardingHeadersTest {

  @Test
  void tokensStayBareEverythingElseIsQuoted() {
    assertThat(ForwardingHeaders.quote("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(ForwardingHeaders.quote("web.production.lms.localhost"))
        .isEqualTo("web.production.lms.localhost");
    assertThat(ForwardingHeaders.quote("[::1]")).isEqualTo("\"[::1]\"");
    assertThat(ForwardingHeaders.quote("web.production.lms.localhost:8080"))
        .isEqualTo("\"web.production.lms.localhost:8080\"");
    assertThat(ForwardingHeaders.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(ForwardingHeaders.quote("")).isEqualTo("\"\"");
    assertThat(ForwardingHeaders.quote(null)).isEqualTo("unknown");
  }
}
