package dev.berth.engine.artifact;

import java.util.Objects;

/**
 * Why an artifact could not be stored, read or made. The message names the thing that failed and
 * says what to do next; {@link #kind()} decides how the API and the CLI report it and {@link
 * #code()} is the stable machine-readable code of the API's error body.
 */
public final class ArtifactException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The upload is larger than the configured limit (API 413; CLI exit 2). */
    TOO_LARGE("artifact_too_large"),
    /**
     * The input is not an acceptable artifact or source: a bad tar (absolute path, {@code ..}, a
     * symbolic link leaving the tree, a device or FIFO entry), a bad digest, a source directory
     * with such a link (API 400; CLI exit 2).
     */
    INVALID("artifact_invalid"),
    /** The disk holding the store is full; nothing was kept (API 507; CLI exit 1). */
    NO_SPACE("artifact_no_space"),
    /** No such artifact, git repository or git ref (API 404; CLI exit 1). */
    NOT_FOUND("artifact_not_found");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    /** The stable code for the API's error body. */
    public String code() {
      return code;
    }
  }

  private final Kind kind;

  public ArtifactException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public ArtifactException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  /** Same as {@code kind().code()}. */
  public String code() {
    return kind.code();
  }
}
