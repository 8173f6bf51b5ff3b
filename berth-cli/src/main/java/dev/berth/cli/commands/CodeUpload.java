package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.artifacts.LocalAppCode;
import dev.berth.artifacts.SourcePacker;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.term.Term;
import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Packs an app's directory into an artifact (honouring {@code .gitignore} and {@code .berthignore})
 * and uploads it to the control plane, unless the control plane has it already: the same files give
 * the same digest, so unchanged code is sent once. Shows live progress on a terminal.
 */
final class CodeUpload {
  private CodeUpload() {}

  /** The digest of {@code dir}'s code, stored on the control plane. */
  static String upload(Cli cli, Path dir, String specFile, boolean quiet) {
    return upload(cli, dir, specFile, quiet, java.util.List.of());
  }

  /**
   * As {@link #upload(Cli, Path, String, boolean)}, leaving out {@code more} paths of {@code dir}
   * too (a saved plan kept beside the code is not code).
   */
  static String upload(
      Cli cli, Path dir, String specFile, boolean quiet, java.util.Collection<String> more) {
    Term t = cli.term();
    SourcePacker packer = LocalAppCode.packer(specFile).excluding(more);
    Artifact local;
    try {
      local = packer.digest(dir);
    } catch (ArtifactException e) {
      throw packingFailed(dir, e);
    }
    String what = size(local.size()) + ", " + local.files() + " files";
    if (cli.api().exists("/api/v1/artifacts/" + local.digest())) {
      if (!quiet) {
        t.say("Code " + local.shortDigest() + " (" + what + ") is on the control plane already.");
      }
      return local.digest();
    }
    long started = System.nanoTime();
    long[] lastDraw = {0};
    JsonNode stored;
    try {
      stored =
          cli.api()
              .upload(
                  "/api/v1/artifacts",
                  "application/x-tar",
                  out ->
                      packer.pack(
                          dir,
                          out,
                          (bytes, files) -> {
                            long now = System.nanoTime();
                            if (!quiet && t.tty() && now - lastDraw[0] > 100_000_000L) {
                              lastDraw[0] = now;
                              t.err()
                                  .print(
                                      "\r\u001b[2KUploading code: "
                                          + size(bytes)
                                          + " of "
                                          + size(local.size())
                                          + ", "
                                          + files
                                          + " files");
                              t.err().flush();
                            }
                          }));
    } catch (ArtifactException e) {
      throw packingFailed(dir, e);
    }
    if (!quiet && t.tty()) {
      t.err().print("\r\u001b[2K");
    }
    String digest = stored.path("digest").asText();
    if (!quiet) {
      double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
      t.say(
          "Uploaded code "
              + digest.substring(0, Math.min(digest.length(), 19))
              + " ("
              + what
              + String.format(Locale.ROOT, ", %.1f MB/s)", local.size() / seconds / 1e6));
      if (!digest.equals(local.digest())) {
        t.say(
            t.yellow("warning: ")
                + "files changed while they were packed; the uploaded code is what was read");
      }
    }
    return digest;
  }

  /** The digest of {@code dir}'s code, uploading nothing (for dry runs). */
  static String digestOnly(Path dir, String specFile) {
    return digestOnly(dir, specFile, java.util.List.of());
  }

  /** As {@link #digestOnly(Path, String)}, leaving out {@code more} paths of {@code dir} too. */
  static String digestOnly(Path dir, String specFile, java.util.Collection<String> more) {
    try {
      return LocalAppCode.packer(specFile).excluding(more).digest(dir).digest();
    } catch (ArtifactException e) {
      throw packingFailed(dir, e);
    }
  }

  private static CliException packingFailed(Path dir, ArtifactException e) {
    return CliException.invalid("cannot pack " + dir + ": " + e.getMessage());
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
