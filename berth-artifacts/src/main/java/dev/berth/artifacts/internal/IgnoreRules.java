package dev.berth.artifacts.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Which paths of a source directory stay out of its artifact, with git's rules, matched by JGit's
 * {@link IgnoreNode} (the same matcher JGit's working tree uses), in this order of precedence:
 *
 * <ol>
 *   <li>{@code .berthignore} at the root: same syntax, applied after the {@code .gitignore} files,
 *       so it can exclude more and re-include ({@code !dist/}) what they exclude;
 *   <li>{@code .gitignore} files, the nearest one first (as git does);
 *   <li>{@code .git/info/exclude}.
 * </ol>
 *
 * Within one file the last matching pattern wins. A directory that is ignored is not entered, so
 * nothing below it can be re-included (git's rule too). Immutable: {@link #enter} returns the rules
 * for a subdirectory.
 */
public final class IgnoreRules {
  /** No rules: nothing is ignored. */
  public static final IgnoreRules NONE = new IgnoreRules(null, null, List.of());

  private record Level(String base, IgnoreNode node) {}

  private final IgnoreNode berthignore;
  private final IgnoreNode exclude;
  private final List<Level> gitignores; // root first

  private IgnoreRules(IgnoreNode berthignore, IgnoreNode exclude, List<Level> gitignores) {
    this.berthignore = berthignore;
    this.exclude = exclude;
    this.gitignores = gitignores;
  }

  /** The rules at the root of a source directory. */
  public static IgnoreRules forRoot(Path root) {
    IgnoreRules base =
        new IgnoreRules(
            load(root.resolve(".berthignore")),
            load(root.resolve(".git").resolve("info").resolve("exclude")),
            List.of());
    return base.enter(root, "");
  }

  /** The rules inside {@code dir} (at {@code rel} from the root): adds its .gitignore if any. */
  public IgnoreRules enter(Path dir, String rel) {
    if (this == NONE) {
      return this;
    }
    IgnoreNode node = load(dir.resolve(".gitignore"));
    if (node == null) {
      return this;
    }
    List<Level> levels = new ArrayList<>(gitignores);
    levels.add(new Level(rel, node));
    return new IgnoreRules(berthignore, exclude, List.copyOf(levels));
  }

  /** Whether the path ({@code /}-separated, relative to the root) stays out. */
  public boolean ignored(String rel, boolean directory) {
    if (this == NONE) {
      return false;
    }
    Boolean verdict = berthignore == null ? null : berthignore.checkIgnored(rel, directory);
    for (int i = gitignores.size() - 1; verdict == null && i >= 0; i--) {
      Level level = gitignores.get(i);
      String below = level.base.isEmpty() ? rel : rel.substring(level.base.length() + 1);
      verdict = level.node.checkIgnored(below, directory);
    }
    if (verdict == null && exclude != null) {
      verdict = exclude.checkIgnored(rel, directory);
    }
    return verdict != null && verdict;
  }

  private static IgnoreNode load(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    IgnoreNode node = new IgnoreNode();
    try (InputStream in = Files.newInputStream(file)) {
      node.parse(file.toString(), in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return node.getRules().isEmpty() ? null : node;
  }
}
