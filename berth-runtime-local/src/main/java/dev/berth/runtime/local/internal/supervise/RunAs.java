package dev.berth.runtime.local.internal.supervise;

import dev.berth.runtime.local.internal.proc.ExecPrefix;
import java.util.Optional;

/**
 * Runs a command as a service's {@code user}: {@code exec setpriv --reuid=UID --regid=GID
 * --init-groups -- sh -c '<command>'}. The result is itself a shell command, so it goes wherever a
 * command goes: after the launch prelude (which enters the cgroups and opens the log pipe as root
 * first) and into an exec probe. Root's capabilities are dropped with the uid switch; the
 * environment passes through unchanged. The command is single-quoted, so no text in it can escape
 * the quoting: every {@code '} becomes {@code '\''}.
 */
public final class RunAs {
  private RunAs() {}

  /** {@code command} run by {@code setpriv} as {@code account}. */
  public static String wrap(String setpriv, Accounts.Account account, String command) {
    return "exec "
        + quote(setpriv)
        + " --reuid="
        + account.uid()
        + " --regid="
        + account.gid()
        + " --init-groups -- sh -c "
        + quote(ExecPrefix.apply(command));
  }

  /** One shell word holding exactly {@code s}. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /**
   * Why replicas cannot run as {@code user} on this machine, or empty when they can: the control
   * plane must be root, {@code setpriv} installed, and the user known.
   */
  public static Optional<String> refusal(Accounts accounts, String user) {
    if (!accounts.root()) {
      return Optional.of(
          "running replicas as another user needs berth up to run as root; remove 'user:' to"
              + " run them as the control plane's own user");
    }
    if (accounts.setpriv().isEmpty()) {
      return Optional.of(
          "running replicas as another user needs util-linux's setpriv, which is not installed");
    }
    if (accounts.find(user).isEmpty()) {
      return Optional.of(
          "user '"
              + user
              + "' does not exist on the control plane's machine; create it (useradd) or fix"
              + " the name");
    }
    return Optional.empty();
  }
}
