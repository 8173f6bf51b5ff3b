package dev.berth.engine.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which directories may be an app's source directory. Replicas run with it as their working
 * directory and Berth may write beside it, so it must be a directory of the app's own: a path that
 * is no path (a NUL, not absolute) is refused, and so is a system directory, after following
 * symbolic links ({@code /proc/self} is {@code /proc/<pid>}).
 *
 * <p>docs/api.md ("Input rules") and the OpenAPI description list these directories: change them
 * together. Refused with everything below them: {@link #SYSTEM_TREES} (the kernel's views, devices,
 * configuration, the installed system). Refused themselves but not below them: {@link
 * #SHARED_ROOTS}, directories where apps do live one level down ({@code /home/me/app}, {@code
 * /tmp/build}, {@code /srv/app}).
 */
public final class SourceDirs {
  /** Directories refused together with everything under them. */
  public static final List<Path> SYSTEM_TREES =
      paths(
          "/proc",
          "/sys",
          "/dev",
          "/etc",
          "/usr",
          "/bin",
          "/sbin",
          "/lib",
          "/lib32",
          "/lib64",
          "/libx32",
          "/boot",
          "/run",
          "/var/run",
          "/var/lock",
          "/var/lib",
          "/var/log",
          "/var/spool",
          "/var/cache",
          "/snap");

  /** Directories refused themselves; their subdirectories are fine. */
  public static final List<Path> SHARED_ROOTS =
      paths("/", "/home", "/root", "/tmp", "/var", "/var/tmp", "/opt", "/srv", "/mnt", "/media");

  private SourceDirs() {}

  /**
   * Why {@code text} cannot be a source directory, or empty when it can. Reads the file system
   * (existence, symbolic links); everything else is decided on the path.
   */
  public static Optional<String> problem(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of("the source directory is empty; give the app's absolute directory");
    }
    if (text.indexOf('\0') >= 0) {
      return Optional.of(
          "the source directory contains a NUL character, which no path can hold; give the app's"
              + " absolute directory");
    }
    Path dir;
    try {
      dir = Path.of(text);
    } catch (InvalidPathException e) {
      return Optional.of("'" + shorten(text) + "' is not a path: " + e.getReason());
    }
    if (!dir.isAbsolute()) {
      return Optional.of(
          "source directory '"
              + shorten(text)
              + "' is not absolute; berth apply sends the absolute directory of the app");
    }
    Path normal = dir.normalize();
    Optional<String> system = systemDirectory(normal, normal);
    if (system.isPresent()) {
      return system;
    }
    if (!Files.isDirectory(dir)) {
      return Optional.of(
          "source directory "
              + shorten(text)
              + " does not exist on the control plane's machine; run berth apply from the app's"
              + " directory on the machine where berth up runs");
    }
    try {
      return systemDirectory(normal, dir.toRealPath());
    } catch (IOException | SecurityException e) {
      return Optional.of("cannot resolve source directory " + shorten(text) + ": " + e);
    }
  }

  /**
   * Pure: why {@code real} (what {@code given} resolves to) is a system directory, or empty.
   *
   * @param given the path as given, normalized, for the message
   * @param real an absolute, normalized path
   */
  static Optional<String> systemDirectory(Path given, Path real) {
    Path hit = null;
    for (Path tree : SYSTEM_TREES) {
      if (real.startsWith(tree)) {
        hit = tree;
      }
    }
    if (hit == null && SHARED_ROOTS.contains(real)) {
      hit = real;
    }
    if (hit == null) {
      return Optional.empty();
    }
    return Optional.of(
        "source directory "
            + shorten(given.toString())
            + (given.equals(real) ? "" : " (which is " + shorten(real.toString()) + ")")
            + " is a system directory"
            + (hit.equals(real) ? "" : " (under " + hit + ")")
            + ": replicas run in their source directory, so it must be the app's own; run berth"
            + " apply from the app's directory");
  }

  private static List<Path> paths(String... names) {
    return java.util.Arrays.stream(names).map(Path::of).toList();
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
