package dev.berth.artifacts.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The last lines of a text file, read backwards in blocks as {@code tail -n} does, so the work
 * follows what is asked, not the file's size.
 *
 * <p>Invariants: at most {@code max} lines, oldest first; a final line without a newline counts as
 * a line; reading stops after {@code maxBytes} bytes even when fewer lines were found (a file of
 * one giant line does not make a read unbounded): the oldest line returned may then be cut at its
 * start. Bytes are decoded as UTF-8, malformed sequences replaced.
 */
public final class TailLines {
  static final int BLOCK = 64 * 1024;

  private TailLines() {}

  public static List<String> read(Path file, int max, long maxBytes) throws IOException {
    return read(file, max, maxBytes, BLOCK);
  }

  /** As {@link #read(Path, int, long)} with blocks of {@code block} bytes (small ones in tests). */
  static List<String> read(Path file, int max, long maxBytes, int block) throws IOException {
    if (max <= 0) {
      return List.of();
    }
    List<String> newestFirst = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long end = ch.size();
      long pos = end;
      long budget = maxBytes;
      ByteArrayOutputStream partial = new ByteArrayOutputStream(); // the current line, reversed
      boolean skippedFinalNewline = false;
      ByteBuffer buf = ByteBuffer.allocate(block);
      while (pos > 0 && budget > 0 && newestFirst.size() < max) {
        int n = (int) Math.min(Math.min(block, pos), budget);
        pos -= n;
        budget -= n;
        buf.clear().limit(n);
        while (buf.hasRemaining()) {
          if (ch.read(buf, pos + buf.position()) < 0) {
            throw new IOException("file shrank while reading: " + file);
          }
        }
        byte[] a = buf.array();
        for (int i = n - 1; i >= 0 && newestFirst.size() < max; i--) {
          if (a[i] == '\n') {
            if (!skippedFinalNewline && pos + i == end - 1) {
              skippedFinalNewline = true; // the file's last newline ends the last line
              continue;
            }
            newestFirst.add(reversed(partial));
            partial.reset();
          } else {
            partial.write(a[i]);
          }
        }
      }
      // at the file's start, what is left is its first line (empty after a leading newline);
      // where the budget ran out, a cut line is kept only if something of it was read
      boolean atStart = pos == 0 && end > 0;
      if ((partial.size() > 0 || atStart) && newestFirst.size() < max) {
        newestFirst.add(reversed(partial));
      }
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  private static String reversed(ByteArrayOutputStream reversedBytes) {
    byte[] b = reversedBytes.toByteArray();
    for (int i = 0, j = b.length - 1; i < j; i++, j--) {
      byte t = b[i];
      b[i] = b[j];
      b[j] = t;
    }
    String s = new String(b, StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
