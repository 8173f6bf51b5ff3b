package dev.berth.runtime.local.internal.proc;

/**
 * The fields Berth uses from one {@code /proc/PID/stat} line. Parsed after the last {@code ')'} so
 * a command name with spaces or parentheses cannot shift the fields.
 *
 * @param pid process id (field 1)
 * @param state one-letter state (field 3); {@code Z} is a zombie that no longer runs
 * @param pgid process group (field 5)
 * @param sid session (field 6)
 * @param cpuTicks user plus system CPU time in clock ticks (fields 14 and 15)
 * @param startTicks start time in clock ticks since boot (field 22): with the pid, identifies a
 *     process across pid reuse
 * @param rssPages resident set in pages (field 24)
 */
public record ProcStat(
    long pid, char state, long pgid, long sid, long cpuTicks, long startTicks, long rssPages) {

  /** Parses one stat line; throws {@link IllegalArgumentException} for anything else. */
  public static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 1 || close < open || close + 2 > line.length()) {
      throw new IllegalArgumentException("not a /proc stat line: " + abbreviate(line));
    }
    try {
      long pid = Long.parseLong(line.substring(0, open).trim());
      String[] f = line.substring(close + 2).trim().split(" +");
      // f[0] is field 3
      return new ProcStat(
          pid,
          f[0].charAt(0),
          Long.parseLong(f[5 - 3]),
          Long.parseLong(f[6 - 3]),
          Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]),
          Long.parseLong(f[22 - 3]),
          Long.parseLong(f[24 - 3]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a /proc stat line: " + abbreviate(line), e);
    }
  }

  /** True while the process has not exited (a zombie has exited but is not reaped yet). */
  public boolean running() {
    return state != 'Z' && state != 'X';
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
