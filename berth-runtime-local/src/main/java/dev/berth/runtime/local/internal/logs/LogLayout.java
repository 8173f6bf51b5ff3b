package dev.berth.runtime.local.internal.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each file of a replica's log starts in its logical byte stream, which counts every byte the
 * replica ever wrote, across rotations and restarts. Offsets in cursors and in the time index are
 * logical, so they stay valid when files rotate. Rotated files usually abut (one ends where the
 * next starts); a gap means output that was never written (see {@code LogWriter#skip}): readers
 * break the line there.
 *
 * <p>Persisted in {@code <id>.pos} (mode 0600) as one line {@code base s1 s2 ... sN}, replaced
 * atomically.
 *
 * @param base logical offset of byte 0 of the live file
 * @param rotatedStarts logical offset of byte 0 of {@code .1}, {@code .2}, ... (newest first)
 */
public record LogLayout(long base, List<Long> rotatedStarts) {
  public static final LogLayout EMPTY = new LogLayout(0, List.of());

  public LogLayout {
    rotatedStarts = List.copyOf(rotatedStarts);
  }

  /** Reads the layout; a missing or unreadable file is the empty layout of a new log. */
  public static LogLayout read(Path file) {
    try {
      String[] parts = Files.readString(file).trim().split("\\s+");
      List<Long> starts = new ArrayList<>();
      for (int i = 1; i < parts.length; i++) {
        starts.add(Long.parseLong(parts[i]));
      }
      return new LogLayout(Long.parseLong(parts[0]), starts);
    } catch (NoSuchFileException e) {
      return EMPTY;
    } catch (IOException | RuntimeException e) {
      return EMPTY;
    }
  }

  /** Writes the layout atomically (temp file, then rename), so a reader sees old or new. */
  public void write(Path file) throws IOException {
    StringBuilder sb = new StringBuilder(Long.toString(base));
    for (long s : rotatedStarts) {
      sb.append(' ').append(s);
    }
    sb.append('\n');
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out = PrivateFiles.replace(tmp)) {
      ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII));
      while (b.hasRemaining()) {
        out.write(b);
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The layout after a rotation that moved the live file's content to {@code .1}. */
  public LogLayout rotated(long newBase, long startOfNewest, int keep) {
    List<Long> starts = new ArrayList<>();
    if (keep > 0) {
      starts.add(startOfNewest);
      for (int i = 0; i < rotatedStarts.size() && starts.size() < keep; i++) {
        starts.add(rotatedStarts.get(i));
      }
    }
    return new LogLayout(newBase, starts);
  }

  /** The oldest logical offset still retained. */
  public long oldestStart() {
    return rotatedStarts.isEmpty() ? base : rotatedStarts.get(rotatedStarts.size() - 1);
  }
}
