package dev.berth.engine.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class GitUrlsTest {
  @Test
  void aPasswordInAUrlIsReplacedAndEverythingElseKept() {
    assertThat(GitUrls.redacted("https://bob:ghp_secret@github.com/acme/app.git"))
        .isEqualTo("https://bob:***@github.com/acme/app.git");
    assertThat(GitUrls.redacted("https://github.com/acme/app.git"))
        .isEqualTo("https://github.com/acme/app.git");
    assertThat(GitUrls.redacted("ssh://git@github.com/acme/app.git"))
        .isEqualTo("ssh://git@github.com/acme/app.git");
    assertThat(GitUrls.redacted("git@github.com:acme/app.git"))
        .isEqualTo("git@github.com:acme/app.git");
    assertThat(GitUrls.redacted("file:///srv/repo")).isEqualTo("file:///srv/repo");
    assertThat(GitUrls.redacted("https://u:p@host/a@b")).isEqualTo("https://u:***@host/a@b");
    assertThat(GitUrls.redacted(null)).isNull();
  }

  @Property
  void theSecretNeverSurvives(
      @ForAll @AlphaChars @StringLength(min = 1, max = 12) String user,
      @ForAll @AlphaChars @NumericChars @StringLength(min = 6, max = 40) String token,
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String host) {
    String shown = GitUrls.redacted("https://" + user + ":" + token + "@" + host + "/repo.git");

    assertThat(shown).isEqualTo("https://" + user + ":***@" + host + "/repo.git");
  }
}
