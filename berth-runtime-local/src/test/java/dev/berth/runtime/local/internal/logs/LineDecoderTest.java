package dev.berth.runtime.local.internal.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

// a hang guard for every test (each takes well under a second), never a performance assertion
@org.junit.jupiter.api.Timeout(
    value = 120,
    threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class LineDecoderTest {
  @Test
  void escapesControlsButKeepsTabs() {
    assertThat(LineDecoder.decode("\u001b[1mbold\tx\u0007".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("\\x1b[1mbold\tx\\x07");
  }

  @Test
  void replacesInvalidUtf8() {
    assertThat(LineDecoder.decode(new byte[] {'a', (byte) 0xff, 'b', (byte) 0xc3}))
        .isEqualTo("a\uFFFDb\uFFFD");
  }

  @Test
  void keepsMultibyteText() {
    assertThat(LineDecoder.decode("héllo 世界 🚀".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("héllo 世界 🚀");
  }
}
