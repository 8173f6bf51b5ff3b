package dev.berth.runtime.local.internal.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads processes from a procfs root ({@code /proc} in production, a directory of fake files in
 * tests). Stateless; every call reads afresh, since processes come and go between calls.
 */
public final class ProcFs {
  /** Linux's USER_HZ, fixed at 100 for user space on every mainstream architecture. */
  public static final long TICKS_PER_SECOND = 100;

  private final Path root;

  public ProcFs(Path root) {
    this.root = root;
  }

  /** The real {@code /proc}. */
  public static ProcFs system() {
    return new ProcFs(Path.of("/proc"));
  }

  /** The stat of one process, or empty when it does not exist (or vanished while reading). */
  public Optional<ProcStat> stat(long pid) {
    try {
      String text = Files.readString(root.resolve(Long.toString(pid)).resolve("stat"));
      return Optional.of(ProcStat.parse(text.trim()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code pid} is running and is the process that started at {@code startTicks}. */
  public boolean isSameProcess(long pid, long startTicks) {
    return pid > 0
        && stat(pid).filter(s -> s.running() && s.startTicks() == startTicks).isPresent();
  }

  /** Every process whose stat can be read now. */
  public List<ProcStat> all() {
    List<ProcStat> out = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          stat(Long.parseLong(name)).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** Running members of process group {@code pgid}. */
  public List<ProcStat> group(long pgid) {
    List<ProcStat> out = new ArrayList<>();
    for (ProcStat s : all()) {
      if (s.pgid() == pgid && s.running()) {
        out.add(s);
      }
    }
    return out;
  }

  /** When a process that started {@code startTicks} after boot started, from {@code btime}. */
  public Optional<java.time.Instant> startedAt(long startTicks) {
    try {
      for (String line : Files.readAllLines(root.resolve("stat"), StandardCharsets.UTF_8)) {
        if (line.startsWith("btime ")) {
          long bootSeconds = Long.parseLong(line.substring(6).trim());
          return Optional.of(
              java.time.Instant.ofEpochMilli(
                  bootSeconds * 1000 + startTicks * 1000 / TICKS_PER_SECOND));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Resident memory of one process in bytes from {@code status} (VmRSS, in kB), 0 if unknown. */
  public long rssBytes(long pid) {
    try {
      for (String line :
          Files.readAllLines(
              root.resolve(Long.toString(pid)).resolve("status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
