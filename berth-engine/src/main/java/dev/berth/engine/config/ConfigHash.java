package dev.berth.engine.config;

import dev.berth.core.decide.TemplateHash;
import dev.berth.core.model.ServiceSpec;
import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.StoreTx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A service's template hash with the environment's config vars in it, so that {@code berth config
 * set} gives every service a new template and its replicas roll, as a spec change would.
 *
 * <p>Invariants: an environment without config vars keeps exactly {@link TemplateHash#of} (an
 * upgrade of Berth rolls nothing); the hash covers a secret's ciphertext, never its plain text (a
 * 40-bit hash of a short secret could be searched), and rotating the master key leaves it as it is
 * ({@link SecretCipher#rewrap} keeps the ciphertext); a var set again to the same value is not
 * rewritten ({@link ConfigService}), so it rolls nothing.
 */
public final class ConfigHash {
  private ConfigHash() {}

  /** The template hash of {@code spec} in {@code env}, read within {@code tx}. */
  public static String of(StoreTx tx, EnvironmentKey env, ServiceSpec spec, String workingDir) {
    return of(TemplateHash.of(spec, workingDir), tx.config().list(env));
  }

  /** {@code template} mixed with {@code vars} (any order); {@code template} alone when empty. */
  public static String of(String template, List<ConfigRecord> vars) {
    if (vars.isEmpty()) {
      return template;
    }
    StringBuilder b = new StringBuilder(template).append('\n');
    vars.stream()
        .sorted(java.util.Comparator.comparing(ConfigRecord::name))
        .forEach(v -> field(b, (v.secret() ? "secret." : "var.") + v.name(), v.value()));
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Length-prefixed, as {@link TemplateHash} does, so no two var sets produce the same text. */
  private static void field(StringBuilder b, String name, String value) {
    b.append(name.length()).append(':').append(name).append('=');
    b.append(value.length()).append(':').append(value).append('\n');
  }
}
