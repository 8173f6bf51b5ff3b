package dev.berth.runtime.local.internal.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class LineDecoderProperties {
  @Property(tries = 200)
  void anyBytesDecodeToTextWithoutControlCharacters(@ForAll @Size(max = 300) byte[] bytes) {
    String s = LineDecoder.decode(bytes);
    assertThat(s.chars())
        .noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c <= 0x9f));
    // valid UTF-16: no lone surrogates, so it encodes back to UTF-8 losslessly
    assertThat(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(s);
  }

  @Property(tries = 200)
  void printableTextIsUnchanged(@ForAll @StringLength(max = 200) String text) {
    String printable =
        text.codePoints()
            .filter(
                c ->
                    c >= 0x20
                        && c != 0x7f
                        && !(c >= 0x80 && c <= 0x9f)
                        && c != 0x2028
                        && c != 0x2029)
            .filter(c -> !(Character.isSurrogate((char) c)))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    assertThat(LineDecoder.decode(printable.getBytes(StandardCharsets.UTF_8))).isEqualTo(printable);
  }

  @Property(tries = 200)
  void utf8CutNeverSplitsACharacter(@ForAll @StringLength(min = 1, max = 60) String text) {
    net.jqwik.api.Assume.that(
        text.chars().noneMatch(c -> c == 0xFFFD || Character.isSurrogate((char) c)));
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    for (int n = 4; n <= b.length; n++) { // a piece is always longer than one character
      int cut = LineScanner.utf8Cut(b, n);
      assertThat(cut).isBetween(Math.max(1, n - 3), n);
      String head = new String(b, 0, cut, StandardCharsets.UTF_8);
      assertThat(head).doesNotContain("\uFFFD");
    }
  }

  @Property(tries = 200)
  void cursorsRoundTrip(
      @ForAll @Size(max = 5)
          Map<
                  @StringLength(min = 1, max = 8) @net.jqwik.api.constraints.AlphaChars String,
                  @net.jqwik.api.constraints.LongRange(min = 0) Long>
              offsets) {
    LogCursor c = new LogCursor(offsets);
    assertThat(LogCursor.decode(c.encode()).offsets()).isEqualTo(offsets);
  }
}
