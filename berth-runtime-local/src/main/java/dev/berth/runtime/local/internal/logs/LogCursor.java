package dev.berth.runtime.local.internal.logs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The opaque cursor of a {@code LogPage}: for each replica, the logical offset up to which its
 * output has been returned (or deliberately skipped). Logical offsets survive rotations, so a
 * follower never repeats or misses lines because a file rotated between two reads. Encoded as
 * {@code c1.} plus URL-safe base64 of {@code id=offset;...}.
 */
public record LogCursor(Map<String, Long> offsets) {
  private static final String PREFIX = "c1.";

  public LogCursor {
    offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
  }

  public String encode() {
    StringBuilder sb = new StringBuilder();
    offsets.forEach(
        (id, off) -> {
          if (sb.length() > 0) {
            sb.append(';');
          }
          sb.append(id).append('=').append(off);
        });
    return PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a cursor; anything this class did not produce is rejected with a clear message. */
  public static LogCursor decode(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw invalid(text);
    }
    Map<String, Long> map = new LinkedHashMap<>();
    try {
      String body =
          new String(
              Base64.getUrlDecoder().decode(text.substring(PREFIX.length())),
              StandardCharsets.UTF_8);
      if (!body.isEmpty()) {
        for (String part : body.split(";")) {
          int eq = part.lastIndexOf('=');
          String id = LogFiles.requireName(part.substring(0, eq), "replica id");
          long off = Long.parseLong(part.substring(eq + 1));
          if (off < 0) {
            throw invalid(text);
          }
          map.put(id, off);
        }
      }
    } catch (RuntimeException e) {
      throw invalid(text);
    }
    return new LogCursor(map);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid log cursor '"
            + text
            + "': pass the cursor of the previous page unchanged, or none to start over");
  }
}
