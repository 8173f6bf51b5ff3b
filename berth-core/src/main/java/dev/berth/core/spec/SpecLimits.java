package dev.berth.core.spec;

/**
 * Every size limit on a spec and on what it asks of the machine, in one place: the parser, the
 * apply use case, the JSON Schema ({@code docs/berth.schema.json}, kept in step by {@code
 * SchemaTest}) and the reference ({@code docs/spec.md}, "Limits") all use these numbers.
 *
 * <p>Why they exist: a spec may come from anyone who can open a pull request, and the control plane
 * must refuse a hostile or broken one fast, with a problem that says which limit and what to do,
 * instead of parsing it for seconds, storing it expanded, or starting replicas the kernel refuses
 * to exec. The numbers are far above what a real app needs.
 */
public final class SpecLimits {

  /** Characters in the spec text (1 MiB). */
  public static final int MAX_DOCUMENT_CHARS = 1 << 20;

  /**
   * Characters of one line of the spec text. Checked before parsing: SnakeYAML's time on one long
   * line grows faster than its length (a 900 KB line took seconds).
   */
  public static final int MAX_LINE_CHARS = 64 * 1024;

  /** Characters of one scalar value (a command, an env value), also across several lines. */
  public static final int MAX_SCALAR_CHARS = 64 * 1024;

  /**
   * Characters of the document with every alias expanded (2 MiB): what the spec would weigh written
   * out, so a few aliases to one long string cannot multiply it.
   */
  public static final int MAX_EXPANDED_CHARS = 2 << 20;

  /** Aliases to collections (mappings, lists): no billion laughs. */
  public static final int MAX_ALIASES = 50;

  /** Levels of nesting. */
  public static final int MAX_DEPTH = 32;

  /** Services in one project. */
  public static final int MAX_SERVICES = 1_000;

  /** Replicas of one service, in the spec or with {@code berth scale}. */
  public static final int MAX_REPLICAS_PER_SERVICE = 100;

  /** Replicas on the machine, all projects and environments together, checked at apply. */
  public static final int MAX_REPLICAS_PER_MACHINE = 2_000;

  /**
   * UTF-8 bytes of one string a replica's process gets: one {@code NAME=value} of its environment,
   * or its command. Linux refuses to exec a process with a string of 128 KiB or more
   * (MAX_ARG_STRLEN, E2BIG); this stays at half of that.
   */
  public static final int MAX_EXEC_STRING_BYTES = 64 * 1024;

  /**
   * UTF-8 bytes of a replica's environment (every {@code NAME=value}) and command together, one
   * byte more per string for its terminator. Linux allows about 2 MiB of arguments and environment
   * (ARG_MAX is a quarter of the stack limit); this leaves the rest for the environment Berth adds
   * (PORT, BERTH_*, the control plane's own PATH, HOME, ...).
   */
  public static final int MAX_EXEC_TOTAL_BYTES = 256 * 1024;

  private SpecLimits() {}

  /** {@code 1 MiB}, {@code 64 KiB}, {@code 1000}: a limit as the docs and problems write it. */
  public static String size(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return Long.toString(bytes);
  }
}
