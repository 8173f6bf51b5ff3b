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
 *   <li>{@code .gitignore} files, the nearest one first (as git does), including those of the
 *       directories above the source directory up to its git repository's root, when it lies inside
 *       one (an app in a monorepo keeps out what the repository's {@code .gitignore} ignores:
 *       {@code node_modules/}, {@code .env});
 *   <li>{@code .git/info/exclude} of that repository.
 * </ol>
 *
 * Within one file the last matching pattern wins. A directory that is ignored is not entered, so
 * nothing below it can be re-included (git's rule too). Immutable: {@link #enter} returns the rules
 * for a subdirectory.
 */
public final class IgnoreRules {
  /** No rules: nothing is ignored. */
  public static final IgnoreRules NONE = new IgnoreRules(null, null, "", List.of());

  /**
   * One {@code .gitignore}: it matches paths relative to its own directory, which is {@code base}
   * below the source directory, or {@code prefix} above it ({@code "app/"} for the repository root
   * when the source directory is {@code <repo>/app}).
   */
  private record Level(String base, String prefix, IgnoreNode node) {
    String relative(String rel) {
      return prefix + (base.isEmpty() ? rel : rel.substring(base.length() + 1));
    }
  }

  private final IgnoreNode berthignore;
  private final IgnoreNode exclude;
  private final String excludePrefix;
  private final List<Level> gitignores; // outermost first

  private IgnoreRules(
      IgnoreNode berthignore, IgnoreNode exclude, String excludePrefix, List<Level> gitignores) {
    this.berthignore = berthignore;
    this.exclude = exclude;
    this.excludePrefix = excludePrefix;
    this.gitignores = gitignores;
  }

  /** The rules at the root of a source directory. */
  public static IgnoreRules forRoot(Path root) {
    Path dir = root.toAbsolutePath().normalize();
    Path repo = repositoryOf(dir);
    List<Level> above = new ArrayList<>();
    String prefix = "";
    if (repo != null && !repo.equals(dir)) {
      prefix = repo.relativize(dir).toString().replace('\\', '/') + "/";
      for (Path d = repo; !d.equals(dir); d = d.resolve(dir.getName(d.getNameCount()))) {
        IgnoreNode node = load(d.resolve(".gitignore"));
        if (node != null) {
          above.add(new Level("", d.relativize(dir).toString().replace('\\', '/') + "/", node));
        }
      }
    }
    IgnoreRules base =
        new IgnoreRules(
            load(dir.resolve(".berthignore")),
            repo == null ? null : load(repo.resolve(".git").resolve("info").resolve("exclude")),
            prefix,
            List.copyOf(above));
    return base.enter(dir, "");
  }

  /**
   * The root of the git repository {@code dir} is in ({@code dir} itself or the nearest directory
   * above it with a {@code .git}), or null when it is in none.
   */
  private static Path repositoryOf(Path dir) {
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(".git"))) {
        return d;
      }
    }
    return null;
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
    levels.add(new Level(rel, "", node));
    return new IgnoreRules(berthignore, exclude, excludePrefix, List.copyOf(levels));
  }

  /** Whether the path ({@code /}-separated, relative to the root) stays out. */
  public boolean ignored(String rel, boolean directory) {
    if (this == NONE) {
      return false;
    }
    Boolean verdict = berthignore == null ? null : berthignore.checkIgnored(rel, directory);
    for (int i = gitignores.size() - 1; verdict == null && i >= 0; i--) {
      Level level = gitignores.get(i);
      verdict = level.node.checkIgnored(level.relative(rel), directory);
    }
    if (verdict == null && exclude != null) {
      verdict = exclude.checkIgnored(excludePrefix + rel, directory);
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
