package dev.berth.artifacts.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a process's output on its own thread and hands each line, as soon as it ends, to a log
 * writer (flushed per line, so the log can be followed) and to a consumer (the CLI's live view).
 * Keeps the last lines for the failure message.
 *
 * <p>Bounded: a line longer than {@link #MAX_LINE} bytes is cut into pieces of that size, so a
 * build printing megabytes without a newline cannot exhaust memory. A consumer that throws (its
 * client went away) is dropped; the build and its log go on.
 */
public final class OutputPump implements Runnable {
  public static final int MAX_LINE = 8192;

  private final InputStream in;
  private final Writer log;
  private volatile Consumer<String> consumer;
  private final int keep;
  private final Deque<String> last = new ArrayDeque<>();
  private IOException logFailure;

  public OutputPump(InputStream in, Writer log, Consumer<String> consumer, int keep) {
    this.in = in;
    this.log = log;
    this.consumer = consumer;
    this.keep = keep;
  }

  @Override
  public void run() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            emit(line);
          } else {
            line.write(b);
            if (line.size() >= MAX_LINE) {
              emit(line);
            }
          }
        }
      }
    } catch (IOException closed) {
      // the process's pipe was closed: the output ends here
    }
    if (line.size() > 0) {
      emit(line);
    }
  }

  private void emit(ByteArrayOutputStream bytes) {
    String text = bytes.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    // builds and release commands: what is kept, summarized and streamed never holds a secret
    text = dev.berth.engine.config.Redactor.shared().redact(text);
    bytes.reset();
    synchronized (this) {
      last.addLast(text);
      if (last.size() > keep) {
        last.removeFirst();
      }
    }
    if (logFailure == null) {
      try {
        log.write(text);
        log.write('\n');
        log.flush();
      } catch (IOException e) {
        logFailure = e;
      }
    }
    Consumer<String> c = consumer;
    if (c != null) {
      try {
        c.accept(text);
      } catch (RuntimeException gone) {
        consumer = null;
      }
    }
  }

  /** The last lines read so far, oldest first. */
  public synchronized List<String> lastLines() {
    return List.copyOf(last);
  }

  /** Why the log could not be written, or null. */
  public IOException logFailure() {
    return logFailure;
  }
}
