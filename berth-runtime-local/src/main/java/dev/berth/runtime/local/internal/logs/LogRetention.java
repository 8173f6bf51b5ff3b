package dev.berth.runtime.local.internal.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the logs of replicas that no longer run once their last write is older than the
 * retention, so logs survive restarts and deploys (a crashed replica's output is still there to
 * read) but not forever. Logs of replicas whose pipe is being drained are never deleted.
 */
public final class LogRetention {
  private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);
  private static final Pattern FILE =
      Pattern.compile("(.+?)\\.(log|log\\.\\d+|idx|pos|idx\\.tmp|pos\\.tmp|pipe)");

  private LogRetention() {}

  /** Returns the replica ids whose logs were deleted. */
  public static List<String> sweep(
      Path logsRoot, Instant now, Duration retention, Predicate<String> live) {
    List<String> deleted = new ArrayList<>();
    if (!Files.isDirectory(logsRoot)) {
      return deleted;
    }
    try (Stream<Path> dirs = Files.walk(logsRoot, 3)) {
      for (Path dir : dirs.filter(d -> d.getNameCount() - logsRoot.getNameCount() == 3).toList()) {
        deleted.addAll(sweepService(dir, now.minus(retention), live));
      }
    } catch (IOException e) {
      LOG.warn("log retention sweep of {} failed: {}", logsRoot, e.toString());
    }
    removeEmptyDirs(logsRoot);
    return deleted;
  }

  private static List<String> sweepService(Path dir, Instant deadline, Predicate<String> live)
      throws IOException {
    Map<String, List<Path>> byId = new HashMap<>();
    Map<String, Instant> lastWrite = new HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Matcher m = FILE.matcher(f.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        String id = m.group(1);
        byId.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
        if (m.group(2).startsWith("log")) {
          Instant t = Files.getLastModifiedTime(f).toInstant();
          lastWrite.merge(id, t, (a, b) -> a.isAfter(b) ? a : b);
        }
      }
    }
    List<String> deleted = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : byId.entrySet()) {
      String id = e.getKey();
      Instant last = lastWrite.getOrDefault(id, Instant.EPOCH);
      if (!live.test(id) && last.isBefore(deadline)) {
        for (Path f : e.getValue()) {
          Files.deleteIfExists(f);
        }
        deleted.add(id);
      }
    }
    return deleted;
  }

  private static void removeEmptyDirs(Path logsRoot) {
    try (Stream<Path> dirs = Files.walk(logsRoot, 3)) {
      List<Path> all = new ArrayList<>(dirs.filter(Files::isDirectory).toList());
      all.sort((a, b) -> b.getNameCount() - a.getNameCount());
      for (Path d : all) {
        if (!d.equals(logsRoot)) {
          try (Stream<Path> s = Files.list(d)) {
            if (s.findAny().isEmpty()) {
              Files.deleteIfExists(d);
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot remove empty log directories: {}", e.toString());
    }
  }
}
