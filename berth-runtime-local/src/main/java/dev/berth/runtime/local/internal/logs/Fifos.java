package dev.berth.runtime.local.internal.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Named pipes. The JDK cannot make one, so {@code mkfifo} (coreutils) is run once per replica: the
 * pipe stays for the replica's later runs.
 */
final class Fifos {
  private static final long MKFIFO_TIMEOUT_SECONDS = 10;

  private Fifos() {}

  /** True when {@code p} is a named pipe (a file that is neither regular, directory nor link). */
  static boolean isFifo(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isOther();
    } catch (IOException e) {
      return false;
    }
  }

  /** Makes {@code p} a named pipe with mode 0600 unless it already is one. */
  static void ensure(Path p) throws IOException {
    if (isFifo(p)) {
      PrivateFiles.restrict(p);
      return;
    }
    Files.deleteIfExists(p); // something else by that name: not ours to keep
    Process mk;
    try {
      mk =
          new ProcessBuilder("mkfifo", "-m", "600", p.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run mkfifo (install coreutils): " + e.getMessage(), e);
    }
    try {
      mk.getOutputStream().close();
      if (!mk.waitFor(MKFIFO_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        mk.destroyForcibly();
        throw new IOException("mkfifo " + p + " did not finish");
      }
      String out = new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (mk.exitValue() != 0 || !isFifo(p)) {
        throw new IOException("mkfifo " + p + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      mk.destroyForcibly();
      throw new IOException("interrupted while making the log pipe " + p, e);
    }
  }
}
