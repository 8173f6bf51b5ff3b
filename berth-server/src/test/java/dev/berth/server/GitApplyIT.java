package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth apply --git URL --ref REF} over the API: the control plane clones a repository (a
 * local one: there is no network here), reads its spec, packs it and deploys it, recording the
 * commit; a missing repository or ref is a clear 404 that changes nothing.
 */
class GitApplyIT {
  static final String ENV = "/api/v1/projects/fromgit/environments/production";

  @TempDir Path tmp;
  RunningControlPlane api;
  String commit;

  @BeforeEach
  void start() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(
        repo.resolve("app.py"),
        """
        import http.server, os
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = b"from git\\n"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *a):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
        """);
    Files.writeString(
        repo.resolve("berth.yaml"),
        """
        project: fromgit
        services:
          web:
            type: web
            command: python3 app.py
            health: {http: /, interval: 200ms}
        """);
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      RevCommit c =
          git.commit().setMessage("first").setAuthor("t", "t@example.com").setSign(false).call();
      commit = c.getName();
    }
    api = new RunningControlPlane(tmp);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void aRepositoryAtARefIsDeployedAndItsCommitRecorded() throws Exception {
    String url = tmp.resolve("repo").toUri().toString();
    JsonNode applied =
        api.json("POST", "/api/v1/apply", Map.of("git", Map.of("url", url, "ref", "main")));
    assertThat(applied.path("release").asText()).isEqualTo("v1");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> api.json("GET", ENV, null).path("latest").path("status").asText().equals("live"));
    assertThat(api.viaRouter("web.production.fromgit.localhost").body()).isEqualTo("from git\n");
    JsonNode source = api.json("GET", ENV + "/releases", null).get(0).path("source");
    assertThat(source.path("kind").asText()).isEqualTo("git");
    assertThat(source.path("location").asText()).isEqualTo(url);
    assertThat(source.path("ref").asText()).isEqualTo("main");
    assertThat(source.path("commit").asText()).isEqualTo(commit);
    assertThat(source.path("artifact").asText()).startsWith("sha256:");
  }

  @Test
  void aMissingRefOrRepositoryIsA404AndChangesNothing() throws Exception {
    String url = tmp.resolve("repo").toUri().toString();
    HttpResponse<String> noRef =
        api.call("POST", "/api/v1/apply", Map.of("git", Map.of("url", url, "ref", "nope")));
    assertThat(noRef.statusCode()).as(noRef.body()).isEqualTo(404);
    assertThat(noRef.body()).contains("nope", "main");

    HttpResponse<String> noRepo =
        api.call(
            "POST",
            "/api/v1/apply",
            Map.of("git", Map.of("url", tmp.resolve("missing").toUri().toString())));
    assertThat(noRepo.statusCode()).as(noRepo.body()).isEqualTo(404);
    assertThat(api.call("GET", ENV, null).statusCode()).isEqualTo(404);
  }
}
