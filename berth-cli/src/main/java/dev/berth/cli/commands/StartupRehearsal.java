package dev.berth.cli.commands;

import com.sun.net.httpserver.HttpServer;
import dev.berth.cli.client.ApiClient;
import dev.berth.cli.commands.RehearsalScript.StandIn;
import dev.berth.cli.commands.RehearsalScript.Step;
import dev.berth.server.ControlPlane;
import dev.berth.server.ServerConfig;
import dev.berth.server.auth.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code berth up}'s start-up rehearsal: whole deploys of a throwaway project on a private control
 * plane in the same JVM, so that the user's first {@code berth apply} runs on classes already
 * loaded and code the JIT has already compiled. On a cold JVM the first apply took 120-200 ms
 * longer than later ones, most of it in paths that only a real deploy reaches (store writes, the
 * reconciler, spawning, probing, route refresh); a dry-run apply alone did not reach them.
 *
 * <p>Invariants: the rehearsal touches nothing of the user's. Its control plane has its own store
 * (SQLite in {@code <data-dir>/rehearsal}, even when the user's state is in PostgreSQL), its own
 * ephemeral ports, no cgroups (detecting them can move the process in a cgroup v2 hierarchy), and
 * logs no events (a warning of its own, should something fail, does reach the console). It leaves
 * no process behind: {@link #close()} (Ctrl-C while it runs) stops its control plane and replicas,
 * and when {@code berth up} is killed mid-rehearsal, the replicas stay recorded in the rehearsal's
 * store, where the next rehearsal's start-up recovery finds them and its destroy stops them (they
 * are {@code sleep 120} in any case). The directory is deleted when the rehearsal ends. One
 * exception, shared with any other process on the machine: ports are picked by binding port 0 and
 * releasing it, so a stand-in could, rarely, take a port the user's runtime had just picked for a
 * replica, which then restarts on another port.
 *
 * <p>Its web replicas are {@code sleep}, since no program that serves HTTP is sure to be installed:
 * the rehearsal answers on their ports itself ({@link StandIn}s), so the HTTP and TCP probes, the
 * route table and the router's proxy run their success paths.
 */
final class StartupRehearsal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StartupRehearsal.class);

  static final String DIR = "rehearsal";
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);

  /**
   * Whole deploys per rehearsal. The first loads the classes; later ones push the code paths a
   * deploy takes past the JIT's compile thresholds, so that less compiling competes with the user's
   * first apply on a small machine. The whole rehearsal takes about a second on two cores.
   */
  static final int CYCLES = 3;

  private final Path dir;
  private final Clock clock;
  private ControlPlane plane;
  private boolean started;
  private boolean closed;

  StartupRehearsal(Path dataDir, Clock clock) {
    this.dir = dataDir.resolve(DIR);
    this.clock = clock;
  }

  /**
   * Runs the rehearsal on a daemon thread; {@link #close()} it before exiting. Its priority is left
   * alone: Java priorities do nothing on Linux by default, and threads the JVM shares (such as the
   * asynchronous channel group's, which the user's TCP probes use later) would inherit it.
   */
  void startInBackground() {
    Thread thread =
        new Thread(
            () -> {
              try {
                log.debug("start-up rehearsal done: {}", run());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "berth-rehearsal");
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs the rehearsal to the end; returns the steps that succeeded. */
  Set<Step> run() throws InterruptedException {
    try {
      ControlPlane cp = startPlane();
      if (cp == null) {
        return EnumSet.noneOf(Step.class);
      }
      String token = Tokens.generate();
      cp.store()
          .write(tx -> tx.tokens().add("rehearsal", Tokens.sha256Hex(token), clock.instant()));
      RehearsalScript script =
          new RehearsalScript(
              new ApiClient(cp.apiUrl(), token),
              dir.resolve("app").toString(),
              cp.routerPort(),
              StartupRehearsal::standIn,
              clock,
              STEP_TIMEOUT);
      Set<Step> done = script.run();
      for (int i = 1; i < CYCLES && done.size() == Step.values().length && !isClosed(); i++) {
        done = script.run();
      }
      return done;
    } catch (RuntimeException | IOException e) {
      log.debug("start-up rehearsal failed", e);
      return EnumSet.noneOf(Step.class);
    } finally {
      close();
    }
  }

  /**
   * The private control plane, or null when the rehearsal was closed before it started. Its
   * directory is made here, under the lock, so that a {@link #close()} cannot run between making
   * and using it and leave it behind.
   */
  private synchronized ControlPlane startPlane() throws IOException {
    if (closed) {
      return null;
    }
    started = true;
    Files.createDirectories(dir.resolve("app"));
    plane =
        new ControlPlane(
                ServerConfig.defaults()
                    .withDataDir(dir)
                    .withPorts(0, 0)
                    .withStopGrace(Duration.ofSeconds(2))
                    .withCgroups(false)
                    .withQuiet(true),
                clock)
            .start();
    return plane;
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Stops the private control plane and its replicas and deletes its directory; idempotent. A
   * rehearsal that never started deletes nothing, and the closed plane is dropped, since {@code
   * berth up} keeps this object (and so whatever it holds) until it exits.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (plane != null) {
      plane.close();
      plane = null;
    }
    if (started) {
      deleteQuietly(dir);
    }
  }

  /** The directory the rehearsal works in (gone once it has ended). */
  Path dir() {
    return dir;
  }

  /** Answers every request on 127.0.0.1:port with 200, as the web replica would. */
  static StandIn standIn(int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
      byte[] ok = "ok\n".getBytes(StandardCharsets.US_ASCII);
      server.createContext(
          "/",
          x -> {
            x.sendResponseHeaders(200, ok.length);
            x.getResponseBody().write(ok);
            x.close();
          });
      server.start();
      return () -> server.stop(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.debug("could not delete {}", root, e);
    }
  }
}
