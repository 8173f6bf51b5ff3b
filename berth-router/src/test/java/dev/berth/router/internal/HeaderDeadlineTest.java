package dev.berth.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpParser.State;
import org.junit.jupiter.api.Test;

class HeaderDeadlineTest {

  private static final long DEADLINE_MS = 15_000;
  private static final long NOW_NANOS = 1_000_000_000_000L;
  private static final long NOW_MILLIS = 1_700_000_000_000L;

  private static boolean overdue(
      State state, long requestsBefore, long beganMsAgo, long acceptedMsAgo) {
    return HeaderDeadline.overdue(
        state,
        requestsBefore,
        NOW_NANOS - beganMsAgo * 1_000_000L,
        NOW_MILLIS - acceptedMsAgo,
        NOW_NANOS,
        NOW_MILLIS,
        DEADLINE_MS);
  }

  @Test
  void headersInProgressPastTheDeadlineAreOverdue() {
    for (State s : new State[] {State.METHOD, State.URI, State.REQUEST_VERSION, State.HEADER}) {
      assertThat(overdue(s, 0, 15_001, 60_000)).as(s.name()).isTrue();
      assertThat(overdue(s, 7, 15_001, 60_000)).as(s.name()).isTrue();
      assertThat(overdue(s, 0, 14_999, 60_000)).as(s.name()).isFalse();
    }
  }

  @Test
  void aNewConnectionThatSentNothingIsJudgedFromItsAccept() {
    assertThat(overdue(State.START, 0, 0, 15_001)).isTrue();
    assertThat(overdue(State.START, 0, 0, 14_999)).isFalse();
  }

  @Test
  void anIdleKeepAliveConnectionIsLeftToTheIdleTimeout() {
    assertThat(overdue(State.START, 1, 600_000, 600_000)).isFalse();
  }

  @Test
  void aRequestWhoseHeadersAreCompleteIsNeverCut() {
    for (State s :
        new State[] {State.CONTENT, State.CHUNKED_CONTENT, State.CHUNK, State.END, State.CLOSED}) {
      assertThat(overdue(s, 0, 600_000, 600_000)).as(s.name()).isFalse();
    }
  }
}
