package dev.berth.runtime.local.internal.logs;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw bytes of one line into text that is safe to show in a terminal or a browser:
 * invalid UTF-8 becomes U+FFFD, control characters other than tab become visible escapes ({@code
 * \x1b} for ESC, {@code \u0085} for C1 controls), so a replica cannot move a viewer's cursor,
 * change its colours or smuggle line breaks. Stateless and thread-safe.
 */
public final class LineDecoder {
  private LineDecoder() {}

  public static String decode(byte[] bytes) {
    if (printableAscii(bytes)) {
      return new String(bytes, StandardCharsets.ISO_8859_1); // the common case, without a decoder
    }
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    CharBuffer chars;
    try {
      chars = d.decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
    return escapeControls(chars);
  }

  private static boolean printableAscii(byte[] bytes) {
    for (byte b : bytes) {
      if ((b < 0x20 && b != '\t') || b == 0x7f || b < 0) {
        return false;
      }
    }
    return true;
  }

  static String escapeControls(CharSequence s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String esc = escape(c);
      if (esc != null && out == null) {
        out = new StringBuilder(s.length() + 16);
        out.append(s, 0, i);
      }
      if (out != null) {
        if (esc != null) {
          out.append(esc);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s.toString() : out.toString();
  }

  private static String escape(char c) {
    if (c == '\t') {
      return null;
    }
    if (c < 0x20 || c == 0x7f) {
      return String.format("\\x%02x", (int) c);
    }
    if (c >= 0x80 && c <= 0x9f) {
      return String.format("\\u%04x", (int) c);
    }
    if (c == '\u2028' || c == '\u2029') {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }
}
