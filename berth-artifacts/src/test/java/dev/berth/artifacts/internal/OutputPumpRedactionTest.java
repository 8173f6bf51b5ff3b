package dev.berth.artifacts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.config.Redactor;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The output of builds and release commands: a known secret is masked in all three copies. */
class OutputPumpRedactionTest {
  @Test
  void aSecretIsMaskedInTheLogTheConsumerAndTheLastLines() {
    String secret = "pump-s3cret-" + System.nanoTime();
    Redactor.shared().add(secret);
    StringWriter log = new StringWriter();
    List<String> seen = new ArrayList<>();
    OutputPump pump =
        new OutputPump(
            new ByteArrayInputStream(
                ("token " + secret + "\nplain line\n").getBytes(StandardCharsets.UTF_8)),
            log,
            seen::add,
            10);

    pump.run();

    assertThat(log.toString()).isEqualTo("token (sensitive)\nplain line\n");
    assertThat(seen).containsExactly("token (sensitive)", "plain line");
    assertThat(pump.lastLines()).containsExactly("token (sensitive)", "plain line");
  }
}
