package dev.berth.engine.app;

import java.util.Objects;

/**
 * What {@code berth apply} sends: the spec text, the Procfile beside it, where the app's source
 * lives, and which environment to apply it to.
 *
 * @param specFile the spec's file name for messages ({@code berth.yaml})
 * @param specYaml the spec text
 * @param procfile the Procfile text, or {@code null}
 * @param sourceDir absolute path of the app's source directory on the control plane's machine
 * @param environment environment name ({@code production} when the user names none)
 * @param actor who applies (recorded with the release and in the audit log)
 * @param message why, as given with {@code --message}, or empty
 * @param artifact the digest of the code uploaded for this apply ({@code sha256:...}); empty to
 *     have the control plane pack {@code sourceDir} itself (it must then be on its machine)
 * @param source what the release records as its source, or {@code null} for the directory applied
 *     ({@code berth promote} names the environment and release it copies)
 */
public record ApplyRequest(
    String specFile,
    String specYaml,
    String procfile,
    String sourceDir,
    String environment,
    Actor actor,
    String message,
    String artifact,
    dev.berth.engine.store.ReleaseSource source) {
  public ApplyRequest {
    specFile = specFile == null || specFile.isBlank() ? "berth.yaml" : specFile;
    Objects.requireNonNull(specYaml, "specYaml");
    Objects.requireNonNull(sourceDir, "sourceDir");
    environment =
        environment == null || environment.isBlank()
            ? dev.berth.core.model.ProjectSpec.DEFAULT_ENVIRONMENT
            : environment;
    Objects.requireNonNull(actor, "actor");
    message = message == null ? "" : message.strip();
    artifact = artifact == null ? "" : artifact.strip();
  }
}
