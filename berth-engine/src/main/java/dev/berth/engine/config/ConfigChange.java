package dev.berth.engine.config;

import dev.berth.engine.app.Change;
import java.util.List;

/**
 * What {@code berth config set/unset} did.
 *
 * @param changed the vars set or removed (names only)
 * @param unchanged the vars already so (set to the value they had, or unset while absent)
 * @param release the release the change made ({@code v5}), or empty: nothing changed, or the
 *     environment was never applied (the next apply uses the vars)
 * @param changes per service, what the release does
 */
public record ConfigChange(
    List<String> changed, List<String> unchanged, String release, List<Change> changes) {}
