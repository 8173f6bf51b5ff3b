package dev.berth.kubernetes.deploy;

import java.util.List;

/**
 * A deploy that could not start: the reason kind decides the exit code ({@link Kind#UNREACHABLE}:
 * 3, {@link Kind#INVALID}: 2, the others: 1), the problems say what to do next.
 */
public final class DeployException extends RuntimeException {

  /** Why nothing was applied. */
  public enum Kind {
    /** No kube context, or the API server does not answer. */
    UNREACHABLE,
    /** The spec cannot run on this target (no image, a local-only key). */
    INVALID,
    /** The cluster refuses: RBAC, a namespace owned by something else. */
    PREFLIGHT
  }

  private final Kind kind;
  private final List<String> problems;

  public DeployException(Kind kind, List<String> problems) {
    super(String.join("; ", problems));
    this.kind = kind;
    this.problems = List.copyOf(problems);
  }

  public Kind kind() {
    return kind;
  }

  public List<String> problems() {
    return problems;
  }

  /** The CLI's exit code for this failure (DESIGN.md: 2 invalid input, 3 cannot reach). */
  public int exitCode() {
    return switch (kind) {
      case UNREACHABLE -> 3;
      case INVALID -> 2;
      case PREFLIGHT -> 1;
    };
  }
}
