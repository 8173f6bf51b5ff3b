package dev.berth.runtime.local.internal.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * The block scanner against a naive reference that walks the logical stream byte by byte: over
 * random content (CR, LF, empty lines, lines longer than a piece), random block sizes (so lines and
 * CRLFs straddle block edges) and random gaps (small, and a terabyte wide, which a scanner that
 * stepped through gaps would never cross), forwards and backwards find the same lines. The loops
 * here assert progress on every step, so a scanner that stopped moving fails rather than hangs.
 */
class LineScannerProperties {
  /** One file of the stream: its bytes and how far after the previous file's end it starts. */
  record Chunk(long gapBefore, byte[] bytes) {
    @Override
    public String toString() {
      return "gap " + gapBefore + " then " + Arrays.toString(new String(bytes).toCharArray());
    }
  }

  private final List<Path> dirs = new ArrayList<>();

  @AfterProperty
  void deleteFiles() throws IOException {
    for (Path d : dirs) {
      try (Stream<Path> s = Files.walk(d)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    dirs.clear();
  }

  @Provide
  Arbitrary<List<Chunk>> chunks() {
    Arbitrary<Byte> b =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of((byte) 'a', (byte) 'b')),
            Tuple.of(3, Arbitraries.just((byte) '\n')),
            Tuple.of(1, Arbitraries.just((byte) '\r')));
    Arbitrary<byte[]> bytes =
        Arbitraries.frequencyOf(
                Tuple.of(10, b.list().ofMaxSize(60)),
                Tuple.of(
                    1, b.list().ofMinSize(LineScanner.PIECE - 5).ofMaxSize(LineScanner.PIECE + 40)))
            .map(LineScannerProperties::toArray);
    Arbitrary<Long> gap =
        Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.just(0L)),
            Tuple.of(3, Arbitraries.longs().between(1, 300)),
            Tuple.of(1, Arbitraries.just(1L << 40)));
    return Combinators.combine(gap, bytes).as(Chunk::new).list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<Integer> blocks() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(1, 16)),
        Tuple.of(2, Arbitraries.integers().between(17, 300)),
        Tuple.of(1, Arbitraries.just(LineScanner.BLOCK)));
  }

  @Property(tries = 200)
  void forwardScanFindsTheLinesOfTheReference(
      @ForAll("chunks") List<Chunk> chunks,
      @ForAll("blocks") int block,
      @ForAll boolean tailComplete)
      throws Exception {
    try (LogSegments segs = segments(chunks)) {
      LineScanner sc = new LineScanner(segs, tailComplete, budget(), block);
      assertThat(render(forward(segs, sc))).isEqualTo(render(reference(chunks, tailComplete)));
    }
  }

  @Property(tries = 200)
  void backwardScanFindsTheSameLinesAsTheForwardOne(
      @ForAll("chunks") List<Chunk> chunks, @ForAll("blocks") int block) throws Exception {
    try (LogSegments segs = segments(chunks)) {
      LineScanner sc = new LineScanner(segs, true, budget(), block);
      assertThat(render(backward(segs, sc))).isEqualTo(render(reference(chunks, true)));
    }
  }

  private static ScanBudget budget() {
    return new ScanBudget(Long.MAX_VALUE, () -> false);
  }

  /** Every line, oldest first, as LogReader follows a log. */
  static List<LineScanner.RawLine> forward(LogSegments segs, LineScanner sc) throws Exception {
    List<LineScanner.RawLine> out = new ArrayList<>();
    long pos = segs.start();
    for (LineScanner.RawLine l; (l = sc.next(pos)) != null; pos = l.end()) {
      assertThat(l.end()).isGreaterThan(pos);
      out.add(l);
    }
    return out;
  }

  /** Every line found stepping back from the end, as LogReader reads the last lines. */
  static List<LineScanner.RawLine> backward(LogSegments segs, LineScanner sc) throws Exception {
    List<LineScanner.RawLine> out = new ArrayList<>();
    long e = segs.end();
    while (true) {
      e = segs.backOverGap(e);
      if (e <= segs.start()) {
        break;
      }
      long s = sc.lineStartBefore(e, segs.start());
      assertThat(s).isLessThan(e);
      List<LineScanner.RawLine> pieces = new ArrayList<>();
      for (long p = s; p < e; ) {
        LineScanner.RawLine l = sc.next(p);
        if (l == null || l.end() > e) {
          break;
        }
        pieces.add(l);
        p = l.end();
      }
      Collections.reverse(pieces);
      out.addAll(pieces);
      e = s;
    }
    Collections.reverse(out);
    return out;
  }

  /**
   * The naive reference: walks each run of bytes without a gap, one byte at a time. A line ends at
   * a newline (its CR dropped) or a gap; {@link LineScanner#PIECE} bytes without a newline make a
   * piece of their own (taking the newline right after them); an unterminated line at the very end
   * of the stream only counts when the tail is complete.
   */
  static List<LineScanner.RawLine> reference(List<Chunk> chunks, boolean tailComplete) {
    List<LineScanner.RawLine> out = new ArrayList<>();
    List<long[]> runs = new ArrayList<>(); // {start, end} of byte runs without a gap
    List<Byte> bytes = new ArrayList<>();
    long pos = 0;
    for (Chunk c : chunks) {
      long start = pos + c.gapBefore();
      if (c.bytes().length > 0) {
        if (runs.isEmpty() || runs.get(runs.size() - 1)[1] != start) {
          runs.add(new long[] {start, start});
        }
        runs.get(runs.size() - 1)[1] = start + c.bytes().length;
        for (byte x : c.bytes()) {
          bytes.add(x);
        }
      }
      pos = start + c.bytes().length;
    }
    int i = 0; // index into bytes
    for (int r = 0; r < runs.size(); r++) {
      long runStart = runs.get(r)[0];
      long runEnd = runs.get(r)[1];
      boolean last = runEnd == pos; // a run followed by a gap ends its line, even at the end
      long p = runStart;
      while (p < runEnd) {
        int k = 0;
        while (p + k < runEnd && k < LineScanner.PIECE && bytes.get(i + k) != '\n') {
          k++;
        }
        boolean nl = p + k < runEnd && bytes.get(i + k) == '\n';
        boolean atEnd = p + k == runEnd;
        if (!nl && atEnd && last && !tailComplete) {
          break;
        }
        byte[] content = new byte[k];
        for (int j = 0; j < k; j++) {
          content[j] = bytes.get(i + j);
        }
        int len = nl && k > 0 && content[k - 1] == '\r' ? k - 1 : k;
        int consumed = nl ? k + 1 : k;
        out.add(new LineScanner.RawLine(p, p + consumed, Arrays.copyOf(content, len)));
        p += consumed;
        i += consumed;
      }
      i += (int) (runEnd - p); // bytes of an unreturned tail
    }
    return out;
  }

  private LogSegments segments(List<Chunk> chunks) {
    try {
      Path dir = Files.createTempDirectory("scanner");
      dirs.add(dir);
      List<LogSegments.Segment> segs = new ArrayList<>();
      long pos = 0;
      int n = 0;
      for (Chunk c : chunks) {
        Path f = Files.write(dir.resolve("f" + n++), c.bytes());
        long start = pos + c.gapBefore();
        segs.add(
            new LogSegments.Segment(
                start, c.bytes().length, FileChannel.open(f, StandardOpenOption.READ)));
        pos = start + c.bytes().length;
      }
      return new LogSegments(segs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> render(List<LineScanner.RawLine> lines) {
    return lines.stream()
        .map(l -> l.start() + ".." + l.end() + " " + Arrays.toString(l.content()))
        .toList();
  }

  private static byte[] toArray(List<Byte> list) {
    byte[] b = new byte[list.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = list.get(i);
    }
    return b;
  }
}
