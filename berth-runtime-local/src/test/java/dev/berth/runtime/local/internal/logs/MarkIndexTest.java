package dev.berth.runtime.local.internal.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkIndexTest {
  @TempDir Path dir;

  @Test
  void searchesByOffsetAndTimeAcrossBlocks() throws IOException {
    Path f = dir.resolve("r.idx");
    for (int i = 1; i <= 1000; i++) {
      MarkIndex.append(f, i * 10L, 5000L + i);
    }
    try (MarkIndex idx = MarkIndex.open(f)) {
      assertThat(idx.count()).isEqualTo(1000);
      assertThat(idx.firstAtOrAfter(0)).isZero();
      assertThat(idx.firstAtOrAfter(10)).isZero();
      assertThat(idx.firstAtOrAfter(11)).isEqualTo(1);
      assertThat(idx.timeAt(idx.firstAtOrAfter(5005))).isEqualTo(5501);
      assertThat(idx.firstAtOrAfter(10_001)).isEqualTo(1000);
      assertThat(idx.lastBefore(5001)).isEqualTo(-1);
      assertThat(idx.lastBefore(5600)).isEqualTo(598);
    }
  }

  @Test
  void aTornLastRecordIsIgnoredAndCompactionDropsOldMarks() throws IOException {
    Path f = dir.resolve("r.idx");
    MarkIndex.append(f, 10, 1);
    MarkIndex.append(f, 20, 2);
    MarkIndex.append(f, 30, 3);
    Files.write(f, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    try (MarkIndex idx = MarkIndex.open(f)) {
      assertThat(idx.count()).isEqualTo(3);
    }
    MarkIndex.compact(f, 20);
    try (MarkIndex idx = MarkIndex.open(f)) {
      assertThat(idx.count()).isEqualTo(2);
      assertThat(idx.offsetAt(0)).isEqualTo(20);
    }
  }

  @Test
  void aMissingIndexIsEmpty() throws IOException {
    try (MarkIndex idx = MarkIndex.open(dir.resolve("none.idx"))) {
      assertThat(idx.count()).isZero();
      assertThat(idx.firstAtOrAfter(5)).isZero();
    }
  }
}
