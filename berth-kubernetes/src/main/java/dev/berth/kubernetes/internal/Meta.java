package dev.berth.kubernetes.internal;

import dev.berth.kubernetes.RenderInput;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names, labels and annotations shared by every object of one rendering.
 *
 * <p>Invariants: a selector ({@link #selector}) holds only labels that never change for the life of
 * a service (name, instance, component), because a Deployment's selector is immutable; the release
 * ({@code app.kubernetes.io/version} and {@code berth.dev/release}) is on objects, never in a pod
 * template, so a release that leaves a service's template unchanged does not restart its pods (as
 * the local engine's template hash decides).
 */
public final class Meta {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String VERSION = "app.kubernetes.io/version";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String PROJECT = "berth.dev/project";
  public static final String ENVIRONMENT = "berth.dev/environment";
  public static final String RELEASE = "berth.dev/release";
  public static final String CONFIG_HASH = "berth.dev/config-hash";

  /** The longest name of a namespace (a DNS label). */
  public static final int MAX_NAMESPACE = 63;

  private final RenderInput in;
  private final String namespace;

  public Meta(RenderInput in) {
    this.in = in;
    this.namespace = namespaceOf(in.project(), in.environment().name());
  }

  /**
   * {@code <project>-<environment>}; when that is longer than a DNS label, its first 54 characters
   * and 8 hex digits of its SHA-256, so two environments never share a namespace.
   */
  public static String namespaceOf(String project, String environment) {
    String name = project + "-" + environment;
    if (name.length() <= MAX_NAMESPACE) {
      return name;
    }
    String head = name.substring(0, MAX_NAMESPACE - 9).replaceAll("-+$", "");
    return head + "-" + sha256Hex(name).substring(0, 8);
  }

  public String namespace() {
    return namespace;
  }

  public RenderInput input() {
    return in;
  }

  /** The labels a selector matches: stable for the life of a service. */
  public Map<String, String> selector(String name, String component) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(NAME, name);
    m.put(INSTANCE, namespace);
    m.put(COMPONENT, component);
    return m;
  }

  /** A pod template's labels: the selector plus what says who owns it; no release. */
  public Map<String, String> podLabels(String name, String component) {
    Map<String, String> m = selector(name, component);
    m.put(PART_OF, in.project());
    m.put(MANAGED_BY, "berth");
    return m;
  }

  /** An object's labels: the pod labels, the release, and what pruning selects by. */
  public Map<String, String> objectLabels(String name, String component) {
    Map<String, String> m = podLabels(name, component);
    m.put(VERSION, in.release());
    m.put(PROJECT, in.project());
    m.put(ENVIRONMENT, in.environment().name());
    return m;
  }

  /** Metadata of a namespaced object. */
  public ObjectMeta object(String objectName, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(objectName)
        .withNamespace(namespace)
        .withLabels(objectLabels(name, component))
        .withAnnotations(Map.of(RELEASE, in.release()))
        .build();
  }

  public static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
