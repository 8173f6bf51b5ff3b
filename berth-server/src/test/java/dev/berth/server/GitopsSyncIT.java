package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.api.Json;
import dev.berth.server.gitops.WebhookSignature;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Push to git -> deployed", end to end: a bare repository on disk (file:// URL), commits pushed to
 * it with JGit, a real control plane tracking it; deployed through a signed GitHub webhook and
 * through the schedule; a force-push, an unreachable repository and an invalid spec (file:line
 * shown, the running release untouched); webhook refusals (bad signature, replay, huge body,
 * malformed JSON) are 4xx, never 500.
 */
class GitopsSyncIT {
  static final String ENV = "/api/v1/projects/gitapp/environments/staging";
  static final String HOST = "web.staging.gitapp.localhost";

  @TempDir Path tmp;
  RunningControlPlane api;
  Path work;
  Git git;
  String bareUrl;

  @BeforeEach
  void start() throws Exception {
    Path bare = tmp.resolve("origin.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    bareUrl = bare.toUri().toString();
    work = Files.createDirectories(tmp.resolve("work"));
    git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
    git.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(bareUrl)).call();
    Files.createDirectories(work.resolve("deploy")); // the spec's directory is the app's code
    Files.writeString(
        work.resolve("deploy/app.py"),
        """
        import http.server, os
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = (os.environ.get("GREETING", "none") + "\\n").encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *a):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
        """);
    api = new RunningControlPlane(tmp);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    if (git != null) {
      git.close();
    }
  }

  String pushSpec(String greeting, String message, boolean force) throws Exception {
    Files.createDirectories(work.resolve("deploy"));
    Files.writeString(
        work.resolve("deploy/berth.yaml"),
        """
        project: gitapp
        services:
          web:
            type: web
            command: python3 app.py
            env: {GREETING: %s}
            health: {http: /, interval: 200ms}
        environments:
          staging: {target: local}
        """
            .formatted(greeting));
    return commitAndPush(message, force);
  }

  String commitAndPush(String message, boolean force) throws Exception {
    git.add().addFilepattern(".").call();
    RevCommit c =
        git.commit().setMessage(message).setAuthor("t", "t@example.com").setSign(false).call();
    git.push().setRemote("origin").setRefSpecs(new RefSpec("main:main")).setForce(force).call();
    return c.getName();
  }

  void track(boolean autoSync, String interval) throws Exception {
    JsonNode r =
        api.json(
            "PUT",
            ENV + "/source",
            Map.of(
                "git",
                bareUrl,
                "branch",
                "main",
                "path",
                "deploy/berth.yaml",
                "autoSync",
                autoSync,
                "interval",
                interval));
    assertThat(r.path("state").asText()).isEqualTo("pending");
  }

  JsonNode source() throws Exception {
    return api.json("GET", ENV + "/source", null);
  }

  void awaitServing(String body) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> r = api.viaRouter(HOST);
              return r.statusCode() == 200 && r.body().equals(body + "\n");
            });
  }

  HttpResponse<String> hook(
      String path, String event, String delivery, byte[] body, String signature) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(api.cp.apiUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (event != null) {
      b.header("X-GitHub-Event", event);
    }
    if (delivery != null) {
      b.header(path.endsWith("github") ? "X-GitHub-Delivery" : "X-Berth-Delivery", delivery);
    }
    if (signature != null) {
      b.header(
          path.endsWith("github") ? "X-Hub-Signature-256" : "X-Berth-Signature-256", signature);
    }
    return api.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  String secret() throws Exception {
    return api.json("GET", "/api/v1/hooks/secret", null).path("secret").asText();
  }

  byte[] pushEvent() throws Exception {
    return Json.mapper()
        .writeValueAsBytes(
            Map.of("ref", "refs/heads/main", "repository", Map.of("clone_url", bareUrl)));
  }

  HttpResponse<String> signedPush(String delivery) throws Exception {
    byte[] body = pushEvent();
    return hook(
        "/api/v1/hooks/github",
        "push",
        delivery,
        body,
        WebhookSignature.sign(WebhookSignature.secretBytes(secret()), body));
  }

  @Test
  void aSignedPushWebhookDeploysTheNewCommitAndTheReleaseRecordsIt() throws Exception {
    pushSpec("one", "first version", false);
    track(true, "24h"); // the schedule is out of the way: only the first look and webhooks sync
    awaitServing("one");

    String second = pushSpec("two", "say two", false);
    HttpResponse<String> r = signedPush(UUID.randomUUID().toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.body()).contains("gitapp/staging");
    awaitServing("two");

    JsonNode latest = api.json("GET", ENV + "/releases", null).get(0);
    assertThat(latest.path("source").path("kind").asText()).isEqualTo("git");
    assertThat(latest.path("source").path("commit").asText()).isEqualTo(second);
    assertThat(latest.path("message").asText()).isEqualTo("say two");
    JsonNode src = source();
    assertThat(src.path("state").asText()).isEqualTo("synced");
    assertThat(src.path("syncedCommit").asText()).isEqualTo(second);
  }

  @Test
  void theScheduleDeploysAPushWithoutWebhookAndFollowsAForcePush() throws Exception {
    pushSpec("one", "first", false);
    track(true, "1s");
    awaitServing("one");
    pushSpec("two", "second", false);
    awaitServing("two");

    // history rewritten: main now points at a commit that does not descend from the last one
    git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef("HEAD~1").call();
    String rewritten = pushSpec("three", "rewritten", true);
    awaitServing("three");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> source().path("syncedCommit").asText().equals(rewritten));
  }

  @Test
  void withoutAutoSyncANewCommitMarksTheEnvironmentOutOfSyncUntilSynced() throws Exception {
    pushSpec("one", "first", false);
    track(false, "1s");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> source().path("state").asText().equals("out-of-sync"));
    assertThat(source().path("plan").asText()).contains("web");
    assertThat(api.call("GET", ENV, null).statusCode()).isEqualTo(404); // nothing applied

    JsonNode synced = api.json("POST", ENV + "/sync", null);
    assertThat(synced.path("source").path("state").asText()).isEqualTo("synced");
    awaitServing("one");
  }

  @Test
  void anInvalidSpecInGitIsShownWithFileAndLineAndTheRunningReleaseStays() throws Exception {
    pushSpec("one", "good", false);
    track(true, "1s");
    awaitServing("one");
    String live = api.json("GET", ENV + "/releases", null).get(0).path("version").asText();

    Files.writeString(
        work.resolve("deploy/berth.yaml"),
        "project: gitapp\nservices:\n  web:\n    type: web\n    replicas: lots\n    command: python3 app.py\n");
    String bad = commitAndPush("broken spec", false);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> source().path("state").asText().equals("failed"));
    JsonNode src = source();
    assertThat(src.path("error").asText())
        .contains(bad.substring(0, 7))
        .contains("deploy/berth.yaml:5");
    assertThat(src.path("observedCommit").asText()).isEqualTo(bad);
    assertThat(api.json("GET", ENV + "/releases", null).get(0).path("version").asText())
        .isEqualTo(live);
    assertThat(api.viaRouter(HOST).body()).isEqualTo("one\n");
    JsonNode events = api.json("GET", "/api/v1/events?project=gitapp&environment=staging", null);
    assertThat(events.toString()).contains("SyncFailed");
  }

  @Test
  void anUnreachableRepositoryIsAFailedSyncAndAnEventNothingElse() throws Exception {
    api.json(
        "PUT",
        ENV + "/source",
        Map.of("git", tmp.resolve("nowhere.git").toUri().toString(), "interval", "1s"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> source().path("state").asText().equals("failed"));
    assertThat(source().path("error").asText()).contains("cannot be reached");
    assertThat(api.call("GET", ENV, null).statusCode()).isEqualTo(404);
    assertThat(api.json("GET", "/api/v1/events?project=gitapp", null).toString())
        .contains("SyncFailed");
  }

  @Test
  void webhookRefusalsAreClientErrorsNeverServerErrors() throws Exception {
    pushSpec("one", "first", false);
    track(true, "24h");
    byte[] body = pushEvent();
    String good = WebhookSignature.sign(WebhookSignature.secretBytes(secret()), body);

    assertThat(hook("/api/v1/hooks/github", "push", "d-1", body, null).statusCode()).isEqualTo(401);
    assertThat(
            hook(
                    "/api/v1/hooks/github",
                    "push",
                    "d-1",
                    body,
                    WebhookSignature.sign("wrong".getBytes(StandardCharsets.UTF_8), body))
                .statusCode())
        .isEqualTo(401);
    assertThat(hook("/api/v1/hooks/github", "push", "d-1", body, "sha256=zz").statusCode())
        .isEqualTo(401);

    assertThat(hook("/api/v1/hooks/github", "push", "d-1", body, good).statusCode()).isEqualTo(202);
    HttpResponse<String> replay = hook("/api/v1/hooks/github", "push", "d-1", body, good);
    assertThat(replay.statusCode()).isEqualTo(409);
    assertThat(replay.body()).contains("replayed_delivery");

    byte[] huge = new byte[3 << 20];
    java.util.Arrays.fill(huge, (byte) ' ');
    HttpResponse<String> big =
        hook(
            "/api/v1/hooks/github",
            "push",
            "d-2",
            huge,
            WebhookSignature.sign(WebhookSignature.secretBytes(secret()), huge));
    assertThat(big.statusCode()).isEqualTo(413);

    byte[] malformed = "{\"ref\": ".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> bad =
        hook(
            "/api/v1/hooks/github",
            "push",
            "d-3",
            malformed,
            WebhookSignature.sign(WebhookSignature.secretBytes(secret()), malformed));
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);

    assertThat(hook("/api/v1/hooks/github", "push", null, body, good).statusCode()).isEqualTo(400);

    byte[] generic =
        Json.mapper().writeValueAsBytes(Map.of("project", "gitapp", "environment", "staging"));
    assertThat(
            hook(
                    "/api/v1/hooks/generic",
                    null,
                    "g-1",
                    generic,
                    WebhookSignature.sign(WebhookSignature.secretBytes(secret()), generic))
                .statusCode())
        .isEqualTo(202);
    assertThat(hook("/api/v1/hooks/generic", null, "g-2", generic, null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aPullRequestOpenedCreatesAPreviewAndClosingItDeletesIt() throws Exception {
    pushSpec("one", "first", false);
    api.json(
        "PUT",
        ENV + "/source",
        Map.of(
            "git",
            bareUrl,
            "branch",
            "main",
            "path",
            "deploy/berth.yaml",
            "autoSync",
            true,
            "interval",
            "24h",
            "previews",
            true));
    awaitServing("one");
    git.checkout().setCreateBranch(true).setName("feature").call();
    Files.writeString(
        work.resolve("deploy/berth.yaml"),
        Files.readString(work.resolve("deploy/berth.yaml"))
            .replace("GREETING: one", "GREETING: preview"));
    git.add().addFilepattern(".").call();
    git.commit().setMessage("try it").setAuthor("t", "t@example.com").setSign(false).call();
    git.push().setRemote("origin").setRefSpecs(new RefSpec("feature:feature")).call();

    String secret = secret();
    byte[] opened =
        Json.mapper()
            .writeValueAsBytes(
                Map.of(
                    "action",
                    "opened",
                    "number",
                    42,
                    "repository",
                    Map.of("clone_url", bareUrl),
                    "pull_request",
                    Map.of("base", Map.of("ref", "main"), "head", Map.of("ref", "feature"))));
    HttpResponse<String> r =
        hook(
            "/api/v1/hooks/github",
            "pull_request",
            "pr-1",
            opened,
            WebhookSignature.sign(WebhookSignature.secretBytes(secret), opened));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.body()).contains("gitapp/preview-42");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              HttpResponse<String> p = api.viaRouter("web.preview-42.gitapp.localhost");
              return p.statusCode() == 200 && p.body().equals("preview\n");
            });
    assertThat(api.viaRouter(HOST).body()).isEqualTo("one\n"); // staging untouched

    byte[] closed =
        Json.mapper()
            .writeValueAsBytes(
                Map.of(
                    "action",
                    "closed",
                    "number",
                    42,
                    "repository",
                    Map.of("clone_url", bareUrl),
                    "pull_request",
                    Map.of("base", Map.of("ref", "main"), "head", Map.of("ref", "feature"))));
    r =
        hook(
            "/api/v1/hooks/github",
            "pull_request",
            "pr-2",
            closed,
            WebhookSignature.sign(WebhookSignature.secretBytes(secret), closed));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.call("GET", "/api/v1/projects/gitapp/environments/preview-42", null)
                        .statusCode()
                    == 404);
    assertThat(api.json("GET", "/api/v1/envs", null).toString()).doesNotContain("preview-42");
  }
}
