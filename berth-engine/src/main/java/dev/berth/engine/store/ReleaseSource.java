package dev.berth.engine.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a release's code came from: what {@code berth releases} shows as its source, and what a
 * rollback or promotion re-deploys.
 *
 * @param kind how it was made
 * @param location the source directory or git URL as the user gave it; for a rollback or promotion,
 *     the environment it came from
 * @param ref the git ref asked for, or empty
 * @param commit the git commit (of the repository or of the directory's checkout), or empty
 * @param artifact the content digest of the code ({@code sha256:...}), or empty when the release
 *     runs from a directory on the control plane's machine (before artifacts)
 * @param fromVersion for a rollback or promotion, the release it copies ({@code 4}), else 0
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReleaseSource(
    Kind kind, String location, String ref, String commit, String artifact, long fromVersion) {

  public ReleaseSource {
    Objects.requireNonNull(kind, "kind");
    location = location == null ? "" : location;
    ref = ref == null ? "" : ref;
    commit = commit == null ? "" : commit;
    artifact = artifact == null ? "" : artifact;
  }

  /** A release of a directory's content. */
  public static ReleaseSource directory(String dir, String commit, String artifact) {
    return new ReleaseSource(Kind.DIRECTORY, dir, "", commit, artifact, 0);
  }

  /** How a release was made. Wire spelling: lower case. */
  public enum Kind {
    /** {@code berth apply} of a directory. */
    DIRECTORY,
    /** {@code berth apply --git URL --ref REF}. */
    GIT,
    /** {@code berth rollback}: an earlier release's code and config. */
    ROLLBACK,
    /** {@code berth promote}: another environment's live code, this environment's config. */
    PROMOTION,
    /** {@code berth config set/unset}: the environment's current code with changed config vars. */
    CONFIG;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static Kind parse(String text) {
      for (Kind k : values()) {
        if (k.wireName().equals(text)) {
          return k;
        }
      }
      throw new IllegalArgumentException("not a release source kind: " + text);
    }
  }
}
