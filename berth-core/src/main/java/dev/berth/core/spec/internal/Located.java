package dev.berth.core.spec.internal;

import org.yaml.snakeyaml.nodes.Node;

/**
 * A value read from the spec together with where it was written, so a problem found later (when
 * merging an environment override, say) still points at the line and key path the user wrote.
 *
 * @param value the parsed value; {@code null} only as an override's "remove this" marker
 * @param node where it was written
 * @param path its key path, such as {@code environments.staging.services.web.port}
 */
public record Located<T>(T value, Node node, String path) {}
