package dev.berth.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.server.UserHome;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI's {@code config.json}: the control plane the {@code berth} command talks to ({@link
 * #current}), and the others it talked to before ({@link #others}), each with its token, so that
 * two control planes with different data directories never silently overwrite each other's token:
 * {@code berth login --url URL} switches back. Written by {@code berth up} and {@code berth login},
 * readable only by its owner (mode 0600), replaced atomically so a crash never leaves half a file.
 * {@code BERTH_URL} and {@code BERTH_TOKEN} override it.
 *
 * <p>The file keeps the current control plane's {@code url} and {@code token} at the top level, as
 * earlier versions wrote it, and the others under {@code others}.
 *
 * @param current the control plane commands use, or null when none is saved
 * @param others earlier control planes, most recent first, at most {@link #MAX_OTHERS}
 */
public record ClientConfig(Target current, List<Target> others) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  /** How many earlier control planes are remembered. */
  public static final int MAX_OTHERS = 8;

  /**
   * One control plane as the CLI knows it.
   *
   * @param url API base URL, e.g. {@code http://127.0.0.1:7070}
   * @param token API token
   * @param dataDir the data directory of a control plane {@code berth up} started here, or null for
   *     one saved by {@code berth login}
   */
  public record Target(String url, String token, String dataDir) {
    /** {@code http://127.0.0.1:7070 (data /home/me/.berth)}. */
    public String describe() {
      return url + (dataDir == null ? "" : " (data " + dataDir + ")");
    }
  }

  public ClientConfig {
    others = List.copyOf(others);
  }

  /** A config with only a current control plane. */
  public ClientConfig(String url, String token) {
    this(new Target(url, token, null), List.of());
  }

  /** The current URL, or null. */
  public String url() {
    return current == null ? null : current.url();
  }

  /** The current token, or null. */
  public String token() {
    return current == null ? null : current.token();
  }

  /**
   * Where the config lives: {@code $BERTH_CONFIG}, else {@code $XDG_CONFIG_HOME/berth/config.json}
   * (when that is an absolute path, as the XDG spec requires), else {@code
   * $HOME/.berth/config.json}. Read from {@code env}, never from Java's {@code user.home}.
   *
   * @throws IllegalStateException when none of them is set (see {@link UserHome})
   */
  public static Path defaultPath(Map<String, String> env) {
    String p = env.get("BERTH_CONFIG");
    if (p != null && !p.isBlank()) {
      return Path.of(p);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "berth", "config.json");
    }
    return UserHome.of(env).resolve(".berth").resolve("config.json");
  }

  /** Every saved control plane, the current one first. */
  public List<Target> all() {
    List<Target> all = new ArrayList<>();
    if (current != null) {
      all.add(current);
    }
    all.addAll(others);
    return all;
  }

  /** The saved control planes at {@code url}, the current one first, then the most recent. */
  public List<Target> at(String url) {
    return all().stream().filter(t -> t.url() != null && t.url().equals(url)).toList();
  }

  /**
   * This config with {@code next} as the current control plane. The previous current one moves to
   * {@link #others} unless {@code next} replaces it: a target with the same token (the same control
   * plane, perhaps at another URL), or with the same data directory (a token that directory's store
   * no longer knows), or, for logins, the same URL without a data directory.
   */
  public ClientConfig switchTo(Target next) {
    List<Target> kept = new ArrayList<>();
    for (Target t : all()) {
      if (!replaces(next, t) && kept.size() < MAX_OTHERS) {
        kept.add(t);
      }
    }
    return new ClientConfig(next, kept);
  }

  private static boolean replaces(Target next, Target old) {
    if (Objects.equals(old.token(), next.token())) {
      return true;
    }
    if (next.dataDir() != null) {
      return next.dataDir().equals(old.dataDir());
    }
    return old.dataDir() == null && Objects.equals(old.url(), next.url());
  }

  /** The config in {@code file}; empty if there is none or it cannot be read. */
  public static Optional<ClientConfig> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      Target current = target(node);
      List<Target> others = new ArrayList<>();
      for (JsonNode o : node.path("others")) {
        Target t = target(o);
        if (t != null && others.size() < MAX_OTHERS) {
          others.add(t);
        }
      }
      return Optional.of(new ClientConfig(current, others));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Target target(JsonNode n) {
    String url = n.path("url").asText(null);
    String token = n.path("token").asText(null);
    if (url == null && token == null) {
      return null;
    }
    return new Target(url, token, n.path("dataDir").asText(null));
  }

  /**
   * Writes atomically with mode 0600; a missing directory is made 0700 (it is usually {@code
   * $HOME/.berth}, also the default data directory).
   */
  public void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
      } catch (UnsupportedOperationException notPosix) {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException raced) {
        // made in between by someone else
      }
    }
    Path tmp = Files.createTempFile(dir, ".config", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: the directory's permissions protect it
      }
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), toJson());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    if (current != null) {
      put(root, current);
    }
    if (!others.isEmpty()) {
      ArrayNode list = root.putArray("others");
      others.forEach(t -> put(list.addObject(), t));
    }
    return root;
  }

  private static void put(ObjectNode n, Target t) {
    n.put("url", t.url());
    n.put("token", t.token());
    if (t.dataDir() != null) {
      n.put("dataDir", t.dataDir());
    }
  }
}
