import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The worker process of the LMS demo: drains the spool queue that the web replicas fill.
 *
 * <p>A job is claimed by renaming {@code queue/N.job} to {@code processing/N.job}: rename is atomic,
 * so when several workers race for one job exactly one rename succeeds and the others get {@code
 * NoSuchFileException}. The result goes to {@code done/N.done} (written as {@code .tmp}, then
 * renamed), and only then is the processing file deleted, so a crash at any point leaves the job
 * either queued, in processing (recovered by the next worker that starts) or done; never lost.
 *
 * <p>On SIGTERM the current job is finished before the process exits 0.
 */
public class Worker {
  static final String REPLICA = env("BERTH_REPLICA", "worker-local");
  static final Duration POLL = Duration.ofMillis(500);
  static final Duration STALE = Duration.ofSeconds(60);

  static volatile boolean stopping;
  static final Object WAKE = new Object();
  static final CountDownLatch FINISHED = new CountDownLatch(1);

  public static void main(String[] args) throws Exception {
    // Under Berth, BERTH_SHARED_DIR is kept across deploys and shared by web, worker and report.
    Path data =
        Path.of(env("LMS_DATA_DIR", env("BERTH_SHARED_DIR", ".data"))).toAbsolutePath().normalize();
    Path queue = Files.createDirectories(data.resolve("queue"));
    Path processing = Files.createDirectories(data.resolve("processing"));
    Path done = Files.createDirectories(data.resolve("done"));
    Path failed = Files.createDirectories(data.resolve("failed"));

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log("stop requested (SIGTERM): finishing the current job, taking no new ones");
      stopping = true;
      synchronized (WAKE) {
        WAKE.notifyAll();
      }
      try {
        FINISHED.await(); // the main loop counts down once the current job is done
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      log("stopped");
      // Without this the JVM reports 143 (killed by TERM); we stopped cleanly, so say 0.
      Runtime.getRuntime().halt(0);
    }));

    recover(processing, queue);
    log(REPLICA + " polling " + queue + " every " + POLL.toMillis() + " ms");
    try {
      while (!stopping) {
        Path job = claim(queue, processing);
        if (job != null) {
          process(job, done, failed);
        } else {
          synchronized (WAKE) {
            if (!stopping) {
              WAKE.wait(POLL.toMillis());
            }
          }
        }
      }
    } catch (Exception e) {
      log("fatal: " + e + " (exiting 1; the platform restarts the worker)");
      Runtime.getRuntime().halt(1); // not exit(1): the shutdown hook would turn it into 0
    }
    FINISHED.countDown();
  }

  /** Moves back jobs that a dead worker left in processing/ for longer than {@link #STALE}. */
  static void recover(Path processing, Path queue) throws IOException {
    Instant cutoff = Instant.now().minus(STALE);
    for (Path f : sortedJobs(processing)) {
      try {
        if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
          Files.move(f, queue.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
          log("job " + idOf(f) + ": recovered from processing/ (its worker died), queued again");
        }
      } catch (NoSuchFileException e) {
        // another worker recovered or finished it meanwhile
      }
    }
  }

  /** Claims the oldest queued job, or returns null when the queue is empty. */
  static Path claim(Path queue, Path processing) throws IOException {
    for (Path f : sortedJobs(queue)) {
      Path mine = processing.resolve(f.getFileName());
      try {
        Files.move(f, mine, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException e) {
        continue; // another worker won this one
      }
      // A rename keeps the enqueue time; stamp the claim time so recover() measures from here.
      Files.setLastModifiedTime(mine, FileTime.from(Instant.now()));
      return mine;
    }
    return null;
  }

  static void process(Path job, Path done, Path failed) throws IOException, InterruptedException {
    Properties p = new Properties();
    String what;
    try (Reader r = Files.newBufferedReader(job)) {
      p.load(r);
      what = "job " + p.getProperty("id").strip() + " enroll " + p.getProperty("student").strip()
          + " in " + p.getProperty("course").strip();
    } catch (IOException | RuntimeException e) {
      Files.move(job, failed.resolve(job.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      log("job " + idOf(job) + ": unreadable (" + e + "), moved to " + failed);
      return;
    }
    log(what + ": started");
    long t0 = System.nanoTime();
    // The simulated work: rendering a welcome pack takes a while.
    Thread.sleep(ThreadLocalRandom.current().nextLong(500, 1501));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    p.setProperty("ms", Long.toString(ms));
    p.setProperty("worker", REPLICA);
    p.setProperty("finishedAt", Instant.now().toString());
    p.setProperty("result", "welcome pack for " + p.getProperty("student") + " in "
        + p.getProperty("title", p.getProperty("course")));
    String name = job.getFileName().toString().replace(".job", "");
    Path tmp = done.resolve(name + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp)) {
      p.store(w, null);
    }
    Files.move(tmp, done.resolve(name + ".done"), StandardCopyOption.ATOMIC_MOVE);
    Files.delete(job);
    log(what + ": done in " + ms + " ms");
  }

  static List<Path> sortedJobs(Path dir) throws IOException {
    List<Path> jobs = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.job")) {
      for (Path f : s) {
        jobs.add(f);
      }
    }
    jobs.sort(null); // zero-padded ids: name order is FIFO order
    return jobs;
  }

  static String idOf(Path f) {
    return f.getFileName().toString().replace(".job", "").replaceFirst("^0+(?=.)", "");
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  static void log(String line) {
    System.out.println(line); // Berth adds the time and the replica id to every line
  }
}
