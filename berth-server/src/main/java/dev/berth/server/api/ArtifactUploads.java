package dev.berth.server.api;

import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code PUT /api/v1/artifacts} (a tar stream, read as it arrives, never held in memory) and {@code
 * HEAD /api/v1/artifacts/{digest}} ("is it there already?", so {@code berth apply} uploads
 * unchanged code only once).
 *
 * @param store where artifacts are kept
 * @param maxBytes the largest artifact accepted ({@code berth up --max-artifact-size})
 */
public record ArtifactUploads(ArtifactStore store, long maxBytes) {
  /** The path prefix, which the API's 8 MiB body limit does not apply to. */
  static final String PATH = "/api/v1/artifacts";

  void upload(Context x) {
    long declared = x.req().getContentLengthLong();
    if (declared > maxBytes) {
      ApiServer.error(x, 413, "artifact_too_large", tooLarge(declared), java.util.List.of());
      return;
    }
    Artifact a;
    try {
      a = store.put(x.req().getInputStream(), maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the upload failed", e);
    } catch (ArtifactException e) {
      int status =
          switch (e.kind()) {
            case TOO_LARGE -> 413;
            case INVALID -> 400;
            case NO_SPACE -> 507;
            case NOT_FOUND -> 404;
          };
      ApiServer.error(x, status, e.code(), e.getMessage(), java.util.List.of());
      return;
    }
    x.status(201).json(Map.of("digest", a.digest(), "size", a.size(), "files", a.files()));
  }

  void exists(Context x) {
    String digest = x.pathParam("digest");
    // claimed: what the client skips uploading is not deleted as unused before its apply
    x.status(Artifact.isDigest(digest) && store.claim(digest) ? 200 : 404);
  }

  private String tooLarge(long declared) {
    return "the upload is "
        + declared
        + " bytes; this control plane accepts artifacts up to "
        + maxBytes
        + " bytes (berth up --max-artifact-size); leave build outputs and data out with"
        + " .berthignore";
  }
}
