package dev.berth.core.decide;

/** Compact human forms of CPU and memory amounts for messages (not the canonical spec forms). */
final class Units {
  private Units() {}

  static String cpu(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  static String memory(long bytes) {
    String[] units = {"", "Ki", "Mi", "Gi", "Ti"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return (v == Math.rint(v) ? Long.toString((long) v) : String.format("%.1f", v)) + units[u];
  }
}
