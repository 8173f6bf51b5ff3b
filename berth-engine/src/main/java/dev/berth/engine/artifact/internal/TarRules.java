package dev.berth.engine.artifact.internal;

import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactException.Kind;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The rules a tar must follow to be stored, shared by the real store and its fake so that both
 * refuse the same tars with the same words.
 *
 * <p>Feed every entry in order to one instance with {@link #add}. Invariant after each accepted
 * entry: every path is relative, has no {@code .} or {@code ..} segment, appears once, and has no
 * proper prefix that is a symbolic link or a regular file; every symbolic link resolves, lexically
 * from its own directory, to a path inside the tree. Together these make extraction into a fresh
 * directory safe without following links: no write can pass through a link, and no link points out.
 */
public final class TarRules {
  /** The kinds of entries a stored tar may hold. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  private static final String FIX =
      "; upload a tar made by `berth apply` (it writes only relative paths, regular files,"
          + " directories and links inside the tree)";

  private final Map<String, Type> seen = new HashMap<>();
  private final Set<String> ancestors = new HashSet<>();

  /**
   * Normalises a raw entry name: drops a leading {@code ./} and trailing slashes. Returns the empty
   * string for the root itself ({@code ./}).
   *
   * @throws ArtifactException {@code INVALID} for an absolute path, a {@code ..} segment, a NUL
   */
  public static String normalize(String raw) {
    String name = raw;
    if (name.indexOf('\0') >= 0) {
      throw invalid("artifact entry name contains a NUL character");
    }
    if (name.startsWith("/")) {
      throw invalid("artifact entry '" + name + "' is an absolute path");
    }
    while (name.startsWith("./")) {
      name = name.substring(2);
    }
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.equals(".")) {
      return "";
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..")) {
        throw invalid("artifact entry '" + raw + "' leaves the tree ('..')");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        throw invalid("artifact entry '" + raw + "' has an empty or '.' path segment");
      }
    }
    return name;
  }

  /**
   * Checks that a link's target, read from the link's directory, stays inside the tree.
   *
   * @param name the normalised path of the link
   * @param target the link's target as stored
   */
  public static void checkLink(String name, String target) {
    if (target.isEmpty() || target.indexOf('\0') >= 0) {
      throw invalid("symbolic link '" + name + "' has an empty or malformed target");
    }
    if (target.startsWith("/")) {
      throw invalid(
          "symbolic link '"
              + name
              + "' points to the absolute path '"
              + target
              + "' outside the tree");
    }
    Deque<String> path = new ArrayDeque<>();
    String[] parts = name.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      path.addLast(parts[i]);
    }
    for (String segment : target.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (path.isEmpty()) {
          throw invalid(
              "symbolic link '" + name + "' points to '" + target + "', outside the tree");
        }
        path.removeLast();
      } else {
        path.addLast(segment);
      }
    }
  }

  /**
   * Accepts the next entry, or refuses it.
   *
   * @param rawName the name as stored in the tar
   * @param type what the entry is
   * @param linkTarget the target of a {@link Type#SYMLINK}; ignored otherwise
   * @return the normalised name; empty for the root directory entry (which the caller skips)
   */
  public String add(String rawName, Type type, String linkTarget) {
    String name = normalize(rawName);
    if (name.isEmpty()) {
      if (type != Type.DIRECTORY) {
        throw invalid("artifact entry '" + rawName + "' names the root but is not a directory");
      }
      return name;
    }
    if (type == Type.SYMLINK) {
      checkLink(name, linkTarget == null ? "" : linkTarget);
    }
    if (seen.containsKey(name)) {
      throw invalid("artifact entry '" + name + "' appears twice");
    }
    for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
      Type parent = seen.get(name.substring(0, slash));
      if (parent == Type.SYMLINK || parent == Type.FILE) {
        throw invalid(
            "artifact entry '"
                + name
                + "' lies below '"
                + name.substring(0, slash)
                + "', which is not a directory");
      }
    }
    if (type != Type.DIRECTORY && ancestors.contains(name)) {
      throw invalid(
          "artifact entry '" + name + "' is not a directory, but earlier entries lie below it");
    }
    for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
      ancestors.add(name.substring(0, slash));
    }
    seen.put(name, type);
    return name;
  }

  /** How many non-directory entries were accepted. */
  public long files() {
    return seen.values().stream().filter(t -> t != Type.DIRECTORY).count();
  }

  /** The refusal for an entry type a stored tar may not hold (device, FIFO, hard link...). */
  public static ArtifactException unsupported(String rawName, String what) {
    return invalid(
        "artifact entry '" + rawName + "' is a " + what + ", which artifacts cannot hold");
  }

  private static ArtifactException invalid(String what) {
    return new ArtifactException(Kind.INVALID, what + FIX);
  }
}
