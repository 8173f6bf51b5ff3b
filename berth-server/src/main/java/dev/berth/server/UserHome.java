package dev.berth.server;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's home directory, from {@code $HOME} as every Unix tool reads it. Never Java's {@code
 * user.home}: on Linux that comes from the password database, so {@code HOME=/x berth up} would
 * still write elsewhere, and a container's UID without a password entry gets {@code ?}.
 */
public final class UserHome {
  private UserHome() {}

  /**
   * {@code $HOME} from {@code env}.
   *
   * @throws IllegalStateException when it is unset, blank or not an absolute path, naming what to
   *     set instead
   */
  public static Path of(Map<String, String> env) {
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      throw new IllegalStateException(
          "HOME is not set: Berth keeps its CLI config and data under $HOME/.berth; set HOME,"
              + " or set BERTH_CONFIG (the CLI config file) and pass --data-dir");
    }
    Path p = Path.of(home);
    if (!p.isAbsolute()) {
      throw new IllegalStateException(
          "HOME is '" + home + "', not an absolute path: set HOME to your home directory");
    }
    return p.normalize();
  }
}
