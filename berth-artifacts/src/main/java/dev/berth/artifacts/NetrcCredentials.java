package dev.berth.artifacts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.NetRC;
import org.eclipse.jgit.transport.URIish;

/**
 * Credentials for cloning over HTTPS from a netrc file ({@code machine github.com login x password
 * TOKEN}), the file git (through curl), curl and JGit read: so a private repository can be applied
 * with {@code berth apply --git URL} without the token ever travelling in an API request or being
 * recorded with the release. The file is read once per clone (an edited file applies at once).
 *
 * <p>Which file: {@code $NETRC} when set, else {@code $HOME/.netrc}; never Java's {@code
 * user.home}. No file, or no entry for the host: the clone runs without credentials.
 */
public final class NetrcCredentials extends CredentialsProvider {
  private final Path file;

  public NetrcCredentials(Path file) {
    this.file = file;
  }

  /**
   * The netrc file the control plane's environment names ({@code $NETRC}, else {@code ~/.netrc}).
   */
  public static Optional<NetrcCredentials> fromEnvironment(Map<String, String> env) {
    String explicit = env.get("NETRC");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(new NetrcCredentials(Path.of(explicit)));
    }
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new NetrcCredentials(Path.of(home, ".netrc")));
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  @Override
  public boolean isInteractive() {
    return false;
  }

  @Override
  public boolean supports(CredentialItem... items) {
    for (CredentialItem i : items) {
      if (!(i instanceof CredentialItem.Username) && !(i instanceof CredentialItem.Password)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean get(URIish uri, CredentialItem... items) {
    if (uri.getHost() == null || !Files.isRegularFile(file)) {
      return false;
    }
    NetRC.NetRCEntry entry = new NetRC(file.toFile()).getEntry(uri.getHost());
    if (entry == null || entry.login == null || entry.password == null) {
      return false;
    }
    for (CredentialItem i : items) {
      if (i instanceof CredentialItem.Username u) {
        u.setValue(entry.login);
      } else if (i instanceof CredentialItem.Password p) {
        p.setValue(entry.password);
      } else {
        return false;
      }
    }
    return true;
  }
}
