package dev.berth.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BackendTest {

  @Test
  void itsOriginIsWhereRequestsGo() {
    assertThat(new Backend("r", "127.0.0.1", 8080).origin())
        .isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(new Backend("r", "::1", 8080).origin()).isEqualTo(URI.create("http://[::1]:8080"));
    assertThat(new Backend("r", "web-1.internal", 80).origin().getHost())
        .isEqualTo("web-1.internal");
  }

  @Test
  void refusesHostsNoUriCanHoldInsteadOfFailingOnTheRequestPath() {
    assertThatThrownBy(() -> new Backend("r", "my_host", 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backend host must be a host name or an IP address, got my_host");
    assertThatThrownBy(() -> new Backend("r", "a b", 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("backend host must be a host name or an IP address");
    assertThatThrownBy(() -> new Backend("r", "127.0.0.1", 0))
        .hasMessage("backend port must be 1-65535, got 0");
  }
}
