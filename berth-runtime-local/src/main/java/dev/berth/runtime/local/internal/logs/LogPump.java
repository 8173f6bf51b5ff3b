package dev.berth.runtime.local.internal.logs;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one replica's named pipe into its {@link LogWriter}, on a thread of its own (a small
 * stack: it only copies bytes). The replica's stdout and stderr are that pipe, opened read-write by
 * the replica's shell, so Berth is the only writer of the log files.
 *
 * <p>End of output: the pipe's reader sees end-of-file only when no process holds a write end. The
 * pump holds one ({@link #rearm}) while the replica may still start or run, so the reader never
 * sees a premature end; once the replica's processes exited, {@link #release} closes it and the
 * reader gets what is left in the pipe, then end-of-file, and the pump stops.
 *
 * <p>Backpressure: when the replica writes faster than the pump drains, the pipe (64 KiB) fills and
 * the replica's writes block until the pump catches up. Nothing is dropped unless writing the log
 * fails (a full disk): then the bytes are counted and recorded as a gap ({@link
 * LogWriter#dropped}).
 *
 * <p>Times: while the pipe holds more output, marks are spaced ({@link MarkWriter#SPACING_MS}); a
 * chunk that empties the pipe (the replica paused, or wrote its last line) is marked before it is
 * written ({@link LogWriter#markAhead}), so whenever the replica is quiet every byte in the log has
 * its time in the index, and a reader never has to guess from the file's modification time. Why:
 * that time comes from the kernel's coarse clock, up to a few milliseconds behind the marks, so the
 * last line of a flood could sort before the lines just above it.
 */
final class LogPump {
  private static final Logger LOG = LoggerFactory.getLogger(LogPump.class);
  static final int BUFFER_BYTES = 64 * 1024;
  static final long STACK_BYTES = 256 * 1024;

  private final LogFiles files;
  private final Path source; // the pipe drained: the replica's pipe file, or /proc/PID/fd/1
  private final LogWriter writer;
  private final Clock clock;
  private final FileChannel in;
  private final FileInputStream pending; // the same read end: how much the pipe holds
  private final Consumer<LogPump> onEnd;
  private final CountDownLatch ended = new CountDownLatch(1);
  private FileChannel keep; // guarded by this: the write end that holds off end-of-file
  private boolean finished; // guarded by this
  private long dropped;
  private boolean failing;

  private LogPump(
      LogFiles files,
      Path source,
      LogWriter writer,
      Clock clock,
      FileChannel keep,
      FileInputStream in,
      Consumer<LogPump> onEnd) {
    this.files = files;
    this.source = source;
    this.writer = writer;
    this.clock = clock;
    this.keep = keep;
    this.pending = in;
    this.in = in.getChannel();
    this.onEnd = onEnd;
  }

  /**
   * Opens the pipe (a write end first: on Linux opening a pipe read-write never blocks, and with a
   * writer present the read-only open returns at once) and starts draining it into {@code writer},
   * which the pump then owns. {@code onEnd} runs on the pump's thread when it stops.
   */
  static LogPump start(LogFiles f, LogWriter writer, Clock clock, Consumer<LogPump> onEnd)
      throws IOException {
    return start(f, f.pipe(), writer, clock, onEnd);
  }

  /**
   * As {@link #start(LogFiles, LogWriter, Clock, Consumer)}, draining {@code source} instead of the
   * replica's pipe file: {@code /proc/PID/fd/1} of an adopted process whose pipe file was deleted
   * or replaced (opening it opens the very pipe the process writes to, even when no name is left).
   */
  static LogPump start(
      LogFiles f, Path source, LogWriter writer, Clock clock, Consumer<LogPump> onEnd)
      throws IOException {
    FileChannel keep = openWriteEnd(source);
    FileInputStream in;
    try {
      in = new FileInputStream(source.toFile());
    } catch (IOException e) {
      keep.close();
      throw e;
    }
    LogPump p = new LogPump(f, source, writer, clock, keep, in, onEnd);
    Thread t = new Thread(null, p::run, "berth-log-" + f.replicaId(), STACK_BYTES);
    t.setDaemon(true);
    t.start();
    return p;
  }

  private static FileChannel openWriteEnd(Path pipe) throws IOException {
    return FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** The pipe this pump drains. */
  Path source() {
    return source;
  }

  LogWriter writer() {
    return writer;
  }

  /** Holds a write end again (a new run); false when the pump has already stopped. */
  synchronized boolean rearm() throws IOException {
    if (finished) {
      return false;
    }
    if (keep == null) {
      keep = openWriteEnd(source);
    }
    return true;
  }

  /**
   * The replica's processes have exited: lets the pump drain what is left and stop. Returns true
   * once it stopped, false if it still runs after {@code wait} (a process that left the replica's
   * group still holds the pipe; the pump keeps draining its output until it exits).
   */
  boolean release(Duration wait) {
    synchronized (this) {
      closeKeep();
    }
    return await(wait);
  }

  /**
   * Stops now (the control plane closes). Output still in the pipe stays there for the next control
   * plane; the replica keeps its read-write end, so it never gets SIGPIPE.
   */
  boolean stop(Duration wait) {
    try {
      in.close();
    } catch (IOException e) {
      LOG.debug("closing the log pipe of {}: {}", files.replicaId(), e.toString());
    }
    synchronized (this) {
      closeKeep();
    }
    return await(wait);
  }

  /** Waits until the pump stopped; true if it did within {@code wait}. */
  boolean await(Duration wait) {
    try {
      return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void closeKeep() {
    if (keep != null) {
      try {
        keep.close();
      } catch (IOException e) {
        LOG.debug("closing the log pipe of {}: {}", files.replicaId(), e.toString());
      }
      keep = null;
    }
  }

  /** At end-of-file: stop unless re-armed meanwhile (then a writer exists again: keep reading). */
  private synchronized boolean endOfOutput() {
    if (keep == null) {
      finished = true;
    }
    return finished;
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_BYTES);
    try {
      while (true) {
        buf.clear();
        int n = in.read(buf);
        if (n < 0) {
          writer.flushMarks();
          if (endOfOutput()) {
            break;
          }
          continue;
        }
        buf.flip();
        put(buf, clock.millis(), pipeEmpty());
      }
    } catch (ClosedChannelException e) {
      // stop(): the control plane closes
    } catch (IOException | RuntimeException e) {
      LOG.warn("log pipe of {} failed: {}", files.replicaId(), e.toString());
    } finally {
      synchronized (this) {
        finished = true;
        closeKeep();
      }
      end();
    }
  }

  private void end() {
    try {
      in.close();
    } catch (IOException e) {
      LOG.debug("closing the log pipe of {}: {}", files.replicaId(), e.toString());
    }
    try {
      if (dropped > 0) {
        writer.dropped(dropped, clock.millis());
      }
      writer.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot close the log of {}: {}", files.replicaId(), e.toString());
    }
    try {
      onEnd.accept(this);
    } finally {
      ended.countDown();
    }
  }

  /** True when nothing more waits in the pipe now (FIONREAD); false when unknown. */
  private boolean pipeEmpty() {
    try {
      return pending.available() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes one chunk, marked before it when it is the last one for now; what cannot be written is
   * counted and becomes a gap once writing works.
   */
  private void put(ByteBuffer buf, long now, boolean lastForNow) {
    try {
      if (dropped > 0) {
        writer.dropped(dropped, now);
        dropped = 0;
      }
      if (lastForNow) {
        writer.markAhead(buf.remaining(), now);
      }
      writer.write(buf, now);
      if (!lastForNow) {
        writer.mark(now);
      }
      failing = false;
    } catch (IOException | RuntimeException e) {
      dropped += buf.remaining();
      if (!failing) {
        LOG.warn(
            "cannot write the log of {}; its output is dropped until writing works again: {}",
            files.replicaId(),
            e.toString());
      }
      failing = true;
    }
  }
}
