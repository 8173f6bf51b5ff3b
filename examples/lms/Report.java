import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The nightly cron job of the LMS demo: counts completed enrollments per course and prints a short
 * report. Exit 0 on success (also when nothing ran yet), 1 when the data directory cannot be read.
 */
public class Report {
  public static void main(String[] args) {
    // Under Berth, BERTH_SHARED_DIR is kept across deploys and shared by web, worker and report.
    Path data =
        Path.of(env("LMS_DATA_DIR", env("BERTH_SHARED_DIR", ".data"))).toAbsolutePath().normalize();
    Map<String, long[]> perCourse = new TreeMap<>(); // course -> {jobs, total ms}
    Map<String, String> titles = new TreeMap<>();
    long unreadable = 0;
    try {
      if (Files.exists(data) && !Files.isDirectory(data)) {
        throw new IOException(data + " is not a directory");
      }
      Path done = data.resolve("done");
      if (Files.isDirectory(done)) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(done, "*.done")) {
          for (Path f : s) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f)) {
              p.load(r);
              String course = p.getProperty("course", "?");
              long[] c = perCourse.computeIfAbsent(course, k -> new long[2]);
              c[0]++;
              c[1] += Long.parseLong(p.getProperty("ms", "0").strip());
              titles.put(course, p.getProperty("title", course));
            } catch (IOException | RuntimeException e) {
              unreadable++;
            }
          }
        }
      }
      System.out.println("LMS nightly report, " + Instant.now() + " (" + data + ")");
      long total = 0;
      for (Map.Entry<String, long[]> e : perCourse.entrySet()) {
        long[] c = e.getValue();
        total += c[0];
        System.out.printf("  %-10s %-26s %5d done, avg %4d ms%n",
            e.getKey(), titles.get(e.getKey()), c[0], c[1] / c[0]);
      }
      System.out.println("  total: " + total + " enrollments processed"
          + (unreadable > 0 ? ", " + unreadable + " unreadable result files skipped" : "")
          + "; waiting in queue: " + count(data.resolve("queue")) + ", in progress: "
          + count(data.resolve("processing")));
    } catch (IOException | RuntimeException e) {
      System.err.println("report failed: cannot read " + data + ": " + e
          + ". Check LMS_DATA_DIR and the directory's permissions.");
      System.exit(1);
    }
  }

  static long count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long n = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.job")) {
      for (Path ignored : s) {
        n++;
      }
    }
    return n;
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
