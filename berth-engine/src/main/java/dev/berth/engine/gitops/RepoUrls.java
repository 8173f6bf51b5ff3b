package dev.berth.engine.gitops;

import java.util.Collection;
import java.util.Locale;

/**
 * Whether a webhook's repository is the one a source tracks. GitHub names a repository several ways
 * in one payload ({@code clone_url}, {@code ssh_url}, {@code html_url}); a source may use any of
 * them. Two URLs name the same repository when they agree after dropping the scheme, user
 * information, a trailing {@code .git} or {@code /}, and case of the host.
 */
public final class RepoUrls {
  private RepoUrls() {}

  /** The comparable form: {@code github.com/owner/repo}. */
  public static String canonical(String url) {
    String u = url == null ? "" : url.strip();
    int scheme = u.indexOf("://");
    if (scheme >= 0) {
      u = u.substring(scheme + 3);
    } else if (u.matches("^[^/@]+@[^:/]+:.*")) { // git@github.com:owner/repo.git
      u = u.replaceFirst(":", "/");
    }
    int at = u.indexOf('@');
    int slash = u.indexOf('/');
    if (at >= 0 && (slash < 0 || at < slash)) {
      u = u.substring(at + 1);
    }
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (u.endsWith(".git")) {
      u = u.substring(0, u.length() - 4);
    }
    slash = u.indexOf('/');
    return slash < 0
        ? u.toLowerCase(Locale.ROOT)
        : u.substring(0, slash).toLowerCase(Locale.ROOT) + u.substring(slash);
  }

  /** Whether {@code source} names one of {@code candidates}. */
  public static boolean matches(String source, Collection<String> candidates) {
    String c = canonical(source);
    return !c.isEmpty() && candidates.stream().anyMatch(x -> canonical(x).equals(c));
  }

  /** The branch a ref names: {@code refs/heads/main} -> {@code main}; other refs as they are. */
  public static String branchOf(String ref) {
    return ref != null && ref.startsWith("refs/heads/") ? ref.substring(11) : ref;
  }
}
