import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The expressions the cross-check compares: hand-picked edge cases plus seeded random ones. */
final class Expressions {
  static final List<String> ZONES =
      List.of("UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata");

  static List<String> all() {
    List<String> out =
        new ArrayList<>(
            List.of(
                "* * * * *", "*/5 * * * *", "*/7 * * * *", "0 * * * *", "30 * * * *",
                "0 2 * * *", "30 2 * * *", "0 1 * * *", "30 1 * * *", "59 23 * * *",
                "0 0 * * *", "0 0 1 * *", "0 0 31 * *", "0 0 29 2 *", "0 0 L * *".replace("L", "28-31"),
                "0 0 * * 0", "0 0 * * 7", "0 0 * * 1-5", "0 9-17 * * 1-5", "*/15 9-17 * * MON-FRI",
                "0 0 13 * 5", "0 0 1,15 * *", "0 12 * JAN,JUL *", "0 0 1 1 *", "5 4 * * SUN",
                "0 22 * * 1-5", "23 0-20/2 * * *", "0 0,12 1 */2 *", "0 4 8-14 * *", "15 14 1 * *",
                "0 2 ? * ?", "0 3 * * 6,0", "1-5 * * * *", "0-59/10 3 * * *", "0 0 * 2 *",
                "45 1 * * 0", "0 2 * 3 0", "0 2 * 10,11 0", "30 2 * 3,4 *", "0 3 * 10 *",
                "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually",
                "0 */3 * * *", "10,20,30 * * * *", "0 0 1-7 * 1"));
    Random r = new Random(20261203L);
    while (out.size() < 120) {
      out.add(
          field(r, 0, 59) + " " + field(r, 0, 23) + " " + field(r, 1, 28) + " " + field(r, 1, 12)
              + " " + field(r, 0, 6));
    }
    return out;
  }

  private static String field(Random r, int lo, int hi) {
    int kind = r.nextInt(6);
    int a = lo + r.nextInt(hi - lo + 1);
    int b = a + 1 + r.nextInt(Math.max(1, hi - a));
    if (b > hi) {
      b = a;
      a = lo;
    }
    return switch (kind) {
      case 0, 1 -> "*";
      case 2 -> Integer.toString(a);
      case 3 -> a + "-" + b;
      case 4 -> "*/" + (1 + r.nextInt(Math.max(1, (hi - lo) / 2)));
      default -> a + "," + b;
    };
  }
}
