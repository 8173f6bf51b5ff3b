package dev.berth.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

  @Test
  void defaultsMatchTheDocumentedContract() {
    RouterConfig config = RouterConfig.defaults();

    assertThat(config.bindHost()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.maxConnectAttempts()).isEqualTo(3);
    assertThat(config.withPort(0).port()).isZero();
  }

  @Test
  void rejectsValuesThatCannotWork() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new RouterConfig("127.0.0.1", 65_536, s, s, 3))
        .hasMessageContaining("0-65535");
    assertThatThrownBy(() -> new RouterConfig("127.0.0.1", 80, Duration.ZERO, s, 3))
        .hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> new RouterConfig("127.0.0.1", 80, s, Duration.ofSeconds(-1), 3))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> new RouterConfig("127.0.0.1", 80, s, s, 0))
        .hasMessageContaining("maxConnectAttempts");
    assertThatThrownBy(() -> new Backend("r1", "127.0.0.1", 0)).hasMessageContaining("port");
    assertThatThrownBy(() -> new Backend("r1", " ", 80)).hasMessageContaining("host");
  }
}
