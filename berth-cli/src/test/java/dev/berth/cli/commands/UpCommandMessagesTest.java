package dev.berth.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.term.Term;
import dev.berth.server.auth.ClientConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What berth up says when the CLI config pointed at another control plane before. */
class UpCommandMessagesTest {
  private final PrintStream sink =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private final Term t = new Term(sink, sink, false, false);

  @Test
  void anotherUrlIsOneLoginAway() {
    var before = new ClientConfig.Target("http://127.0.0.1:7070", "berth_a", "/home/me/.berth");

    assertThat(UpCommand.switchedFrom(t, before, "http://127.0.0.1:7071"))
        .contains("now points at this control plane")
        .contains("http://127.0.0.1:7070 (data /home/me/.berth)")
        .contains("berth login --url http://127.0.0.1:7070 switches back");
  }

  @Test
  void theSameUrlWithAnotherDataDirectoryIsFoundByStartingThatOneAgain() {
    var before = new ClientConfig.Target("http://127.0.0.1:7070", "berth_a", "/srv/a");

    assertThat(UpCommand.switchedFrom(t, before, "http://127.0.0.1:7070"))
        .contains("berth up --data-dir /srv/a finds it again")
        .doesNotContain("berth login --url http://127.0.0.1:7070");
  }
}
