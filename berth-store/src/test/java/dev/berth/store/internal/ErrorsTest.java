package dev.berth.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorsTest {

  @Test
  void networkCausesBeatTheDriversGenericMessage() {
    SQLException refused =
        new SQLException(
            "The connection attempt failed.", new ConnectException("Connection refused"));
    SQLException unknown =
        new SQLException("The connection attempt failed.", new UnknownHostException("db.nowhere"));
    SQLException timeout =
        new SQLException(
            "The connection attempt failed.", new SocketTimeoutException("connect timed out"));

    assertThat(Errors.reason(refused, null)).isEqualTo("connection refused");
    assertThat(Errors.reason(unknown, null)).isEqualTo("unknown host db.nowhere");
    assertThat(Errors.reason(timeout, null)).isEqualTo("timed out (connect timed out)");
  }

  @Test
  void theSqlMessageIsTakenFromDeepInTheChainTrimmedToOneLine() {
    RuntimeException wrapped =
        new RuntimeException(
            "pool failed",
            new SQLException("FATAL: password authentication failed\n for user \"x\"."));

    assertThat(Errors.reason(wrapped, null))
        .isEqualTo("FATAL: password authentication failed for user \"x\"");
  }

  @Test
  void theSecretIsMasked() {
    SQLException e = new SQLException("bad password 'hunter2' for user x");

    assertThat(Errors.reason(e, "hunter2")).isEqualTo("bad password '***' for user x");
  }

  @Test
  void anExceptionWithoutMessageIsNamedByItsType() {
    assertThat(Errors.reason(new IllegalStateException(), null)).isEqualTo("IllegalStateException");
  }
}
