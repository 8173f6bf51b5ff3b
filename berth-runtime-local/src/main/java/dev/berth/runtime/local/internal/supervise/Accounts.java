package dev.berth.runtime.local.internal.supervise;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine's users, for a service's {@code user}: who exists, whether the control plane may
 * switch to them (only as root), and the tool that switches ({@code setpriv}). A port: the real one
 * asks {@code getent} and {@code /proc}, tests use fakes.
 */
public interface Accounts {
  /** One user as the password database has it. */
  record Account(String name, long uid, long gid, Path home) {}

  /** The user named {@code name}, or empty when the machine does not know it. */
  Optional<Account> find(String name);

  /** Whether the control plane runs as root (effective uid 0), the only way to switch users. */
  boolean root();

  /** util-linux's {@code setpriv}, or empty when it is not installed. */
  Optional<String> setpriv();
}
