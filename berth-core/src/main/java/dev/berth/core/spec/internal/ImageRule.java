package dev.berth.core.spec.internal;

import dev.berth.core.model.Target;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The per-service {@code image:} key and the rules that depend on an environment's target: a
 * Kubernetes environment runs images, so every service there needs one and local-only keys (such as
 * {@code user:}) cannot be honoured; the local target runs commands in the release's artifact, so
 * an image there is a problem until local runs of images exist.
 *
 * <p>Invariant: rules run on the merged service (base with the environment's override laid over
 * it), so an image given only in a Kubernetes environment's override is enough.
 */
final class ImageRule {

  /** A container image reference: [registry[:port]/]path[:tag][@sha256:digest]. */
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]{1,5})?/)?"
              + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
              + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
              + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
              + "(?:@sha256:[a-f0-9]{64})?");

  static final int MAX_LENGTH = 512;

  /** Keys that only the local target can honour. */
  static final Map<String, String> LOCAL_ONLY =
      Map.of(
          "user",
          "remove it here; on Kubernetes the image decides the user (USER in its Dockerfile)");

  private ImageRule() {}

  static boolean isReference(String text) {
    return text.length() <= MAX_LENGTH && REFERENCE.matcher(text).matches();
  }

  static Located<String> read(Node v, String kp, Problems p) {
    String text = Scalars.nonBlank(v, kp, "an image reference", p);
    if (text == null) {
      return null;
    }
    text = text.strip();
    if (!isReference(text)) {
      p.at(
          v,
          kp,
          Scalars.quote(text) + " is not a container image reference",
          "write registry/path:tag, e.g. registry.example.com/lms/web:1.4.2 (lower-case path;"
              + " a digest may follow as @sha256:...)");
      return null;
    }
    return new Located<>(text, v, kp);
  }

  /**
   * Checks the services of one environment against its target.
   *
   * @param envPath {@code environments.<name>}, or empty for the implicit local environment of a
   *     spec without {@code environments:}
   */
  static void check(
      String envName,
      String envPath,
      Target target,
      Map<String, ServiceDraft> drafts,
      Map<String, ServiceDraft> overrides,
      Problems p) {
    for (ServiceDraft base : drafts.values()) {
      if (base.invalid) {
        continue;
      }
      ServiceDraft d = base.overlay(overrides.get(base.name));
      if (target == Target.KUBERNETES) {
        if (d.image == null && !d.given.containsKey("image")) {
          p.at(
              base.nameNode,
              MappingReader.join("services", base.name),
              "service '"
                  + base.name
                  + "' has no image, and environment '"
                  + envName
                  + "' runs on Kubernetes",
              "add image: registry.example.com/"
                  + base.name
                  + ":1.0.0 (built and pushed by your CI) under services."
                  + base.name
                  + ", or under "
                  + envPath
                  + ".services."
                  + base.name
                  + " for this environment only");
        }
        for (Map.Entry<String, String> key : LOCAL_ONLY.entrySet()) {
          Located<String> at = d.given.get(key.getKey());
          if (at != null) {
            p.at(
                at.node(),
                at.path(),
                key.getKey()
                    + " applies only to the local target, and environment '"
                    + envName
                    + "' runs on Kubernetes",
                key.getValue());
          }
        }
      } else if (d.image != null) {
        p.at(
            d.image.node(),
            d.image.path(),
            "image is not available on the local target yet"
                + (envPath.isEmpty() ? "" : " (environment '" + envName + "')"),
            envPath.isEmpty()
                ? "remove it (locally the command runs in the release's artifact), or declare a"
                    + " kubernetes environment, e.g. environments: {production: {target:"
                    + " kubernetes, services: {"
                    + base.name
                    + ": {image: ...}}}}"
                : "give the image only in the kubernetes environments' overrides (environments."
                    + "<name>.services."
                    + base.name
                    + ".image), not under services: where "
                    + envName
                    + " inherits it");
      }
    }
  }
}
