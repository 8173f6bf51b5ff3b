package dev.berth.core.placement;

/** The best {@link Decision#TOP} candidates: higher score first, then lower node index. */
final class Top {
  final double[] score = new double[Decision.TOP];
  final int[] node = new int[Decision.TOP];
  final int[] alike = new int[Decision.TOP];
  int size;

  void offer(double s, int n, int a) {
    int pos = size;
    while (pos > 0 && better(s, n, score[pos - 1], node[pos - 1])) {
      pos--;
    }
    if (pos >= Decision.TOP) {
      return;
    }
    int end = Math.min(size, Decision.TOP - 1);
    for (int j = end; j > pos; j--) {
      score[j] = score[j - 1];
      node[j] = node[j - 1];
      alike[j] = alike[j - 1];
    }
    score[pos] = s;
    node[pos] = n;
    alike[pos] = a;
    size = Math.min(size + 1, Decision.TOP);
  }

  private static boolean better(double s, int n, double s2, int n2) {
    return s > s2 || (s == s2 && n < n2);
  }
}
