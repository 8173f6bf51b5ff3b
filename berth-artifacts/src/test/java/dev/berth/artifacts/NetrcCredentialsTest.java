package dev.berth.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.berth.engine.artifact.ArtifactException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git credentials from a netrc file: looked up by host, and sent when an HTTPS server asks. */
class NetrcCredentialsTest {
  @TempDir Path tmp;

  Path netrc() throws Exception {
    return Files.writeString(
        tmp.resolve("netrc"),
        "machine git.example.com login bob password s3cret\n"
            + "machine 127.0.0.1 login ci password tok-123\n");
  }

  @Test
  void answersWithTheEntryOfTheHostAndNothingForAnother() throws Exception {
    NetrcCredentials c = new NetrcCredentials(netrc());
    CredentialItem.Username user = new CredentialItem.Username();
    CredentialItem.Password password = new CredentialItem.Password();

    assertThat(c.get(new URIish("https://git.example.com/acme/app.git"), user, password)).isTrue();
    assertThat(user.getValue()).isEqualTo("bob");
    assertThat(new String(password.getValue())).isEqualTo("s3cret");
    assertThat(c.get(new URIish("https://other.example.com/x.git"), user, password)).isFalse();
    assertThat(
            new NetrcCredentials(tmp.resolve("missing"))
                .get(new URIish("https://git.example.com/x.git"), user, password))
        .isFalse();
    assertThat(c.isInteractive()).isFalse();
  }

  @Test
  void theFileIsNetrcElseHomesNetrc() {
    assertThat(NetrcCredentials.fromEnvironment(Map.of("NETRC", "/etc/berth/netrc", "HOME", "/h")))
        .hasValueSatisfying(c -> assertThat(c.file()).isEqualTo(Path.of("/etc/berth/netrc")));
    assertThat(NetrcCredentials.fromEnvironment(Map.of("HOME", "/h")))
        .hasValueSatisfying(c -> assertThat(c.file()).isEqualTo(Path.of("/h/.netrc")));
    assertThat(NetrcCredentials.fromEnvironment(Map.of())).isEmpty();
  }

  @Test
  void aServerAskingForCredentialsGetsThemAndTheTokenIsInNoMessage() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        x -> {
          String auth = x.getRequestHeaders().getFirst("Authorization");
          authorizations.add(String.valueOf(auth));
          x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
          x.sendResponseHeaders(auth == null ? 401 : 403, -1); // refused either way: no repository
          x.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/acme/app.git";
      GitSource git =
          new GitSource(tmp.resolve("work"), Duration.ofSeconds(10), new NetrcCredentials(netrc()));

      assertThatThrownBy(() -> git.checkout(url, "main"))
          .isInstanceOf(ArtifactException.class)
          .hasMessageContaining("netrc");
      String expected =
          "Basic "
              + Base64.getEncoder().encodeToString("ci:tok-123".getBytes(StandardCharsets.UTF_8));
      assertThat(authorizations).contains(expected);

      String withToken =
          "http://ci:tok-123@127.0.0.1:" + server.getAddress().getPort() + "/acme/app.git";
      assertThatThrownBy(() -> git.checkout(withToken, "main"))
          .isInstanceOf(ArtifactException.class)
          .hasMessageContaining("ci:***@")
          .hasMessageNotContaining("tok-123");
    } finally {
      server.stop(0);
    }
  }
}
