import dev.berth.core.cron.CronSchedules;
import dev.berth.core.model.CronSchedule;
import java.time.Instant;

/**
 * Prints, one JSON line per expression and zone, the next N fire times Berth computes after a fixed
 * start: the input of compare.mjs. Usage: java -cp CLASSPATH Export.java N
 */
public class Export {
  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    // New Year, and the days before the 2026 transitions of the northern and southern zones, so
    // that frequent schedules (1,000 minutely fire times last 17 hours) cross them too.
    for (String from : new String[] {"2026-01-01T00:00:00Z", "2026-03-07T12:00:00Z",
        "2026-03-28T12:00:00Z", "2026-04-04T06:00:00Z", "2026-10-03T06:00:00Z",
        "2026-10-24T12:00:00Z", "2026-10-31T12:00:00Z"}) {
    Instant start = Instant.parse(from);
    for (String zone : Expressions.ZONES) {
      for (String e : Expressions.all()) {
        CronSchedule s = new CronSchedule(e, zone, null);
        StringBuilder b = new StringBuilder();
        b.append("{\"expr\":\"").append(e).append("\",\"zone\":\"").append(zone);
        b.append("\",\"start\":\"").append(from).append("\",\"times\":[");
        Instant t = start;
        for (int i = 0; i < n; i++) {
          var next = CronSchedules.next(s, t);
          if (next.isEmpty()) {
            break;
          }
          t = next.get();
          b.append(i == 0 ? "" : ",").append(t.toEpochMilli());
        }
        System.out.println(b.append("]}"));
      }
    }
    }
  }
}
