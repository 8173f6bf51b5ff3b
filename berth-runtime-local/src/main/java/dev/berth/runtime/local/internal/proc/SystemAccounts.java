package dev.berth.runtime.local.internal.proc;

import dev.berth.runtime.local.internal.supervise.Accounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real {@link Accounts}: users from {@code getent passwd NAME} (so NSS sources such as LDAP
 * count), else from {@code /etc/passwd}; root-ness from the owner of {@code /proc/self} (the
 * effective uid); {@code setpriv} from the usual places.
 */
public final class SystemAccounts implements Accounts {
  private static final List<String> GETENT = List.of("/usr/bin/getent", "/bin/getent");
  private static final List<String> SETPRIV = List.of("/usr/bin/setpriv", "/bin/setpriv");

  @Override
  public Optional<Account> find(String name) {
    Optional<String> getent = firstExecutable(GETENT);
    try {
      if (getent.isPresent()) {
        Process p =
            new ProcessBuilder(getent.get(), "passwd", "--", name)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return Optional.empty();
        }
        return p.exitValue() == 0 ? parse(out.strip(), name) : Optional.empty();
      }
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        Optional<Account> a = parse(line, name);
        if (a.isPresent()) {
          return a;
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  /** One {@code passwd} line ({@code name:x:uid:gid:gecos:home:shell}) if it is {@code name}'s. */
  static Optional<Account> parse(String line, String name) {
    String[] f = line.split(":", -1);
    if (f.length < 7 || !f[0].equals(name)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Account(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), Path.of(f[5])));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean root() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public Optional<String> setpriv() {
    return firstExecutable(SETPRIV);
  }

  private static Optional<String> firstExecutable(List<String> candidates) {
    return candidates.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst();
  }
}
