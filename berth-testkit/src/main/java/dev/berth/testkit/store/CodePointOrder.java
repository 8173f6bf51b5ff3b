package dev.berth.testkit.store;

import java.util.Comparator;

/**
 * Strings in code point order: what SQLite's BINARY collation and PostgreSQL's {@code "C"}
 * collation give for UTF-8 text. {@link String#compareTo} compares UTF-16 units instead and puts
 * characters above U+FFFF before U+E000..U+FFFF; the fake must sort as the real stores do.
 */
final class CodePointOrder implements Comparator<String> {
  static final CodePointOrder INSTANCE = new CodePointOrder();

  private CodePointOrder() {}

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
