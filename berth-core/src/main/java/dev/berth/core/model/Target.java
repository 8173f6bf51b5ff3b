package dev.berth.core.model;

import java.util.Locale;

/** Where an environment runs. */
public enum Target {
  LOCAL,
  KUBERNETES;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Target fromWire(String text) {
    for (Target t : values()) {
      if (t.wireName().equals(text)) {
        return t;
      }
    }
    return null;
  }
}
