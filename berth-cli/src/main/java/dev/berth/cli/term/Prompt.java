package dev.berth.cli.term;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where commands ask the user something: the terminal for real, a script in tests. A command asks
 * only when {@link #interactive()}; otherwise it needs its flag (such as {@code --yes}).
 */
public interface Prompt {

  /** Whether someone can answer: a terminal is attached. */
  boolean interactive();

  /** Shows {@code question} and reads one line; null at the end of input. */
  String readLine(String question);

  /**
   * Reads a secret: without echo on a terminal; otherwise one line from standard input, so that
   * {@code echo $TOKEN | berth login} works.
   */
  String readSecret(String question);

  /** The process's terminal and standard input; questions go to {@code err}. */
  static Prompt system(PrintStream err) {
    return new Prompt() {
      private BufferedReader stdin;

      @Override
      public boolean interactive() {
        return System.console() != null;
      }

      @Override
      public String readLine(String question) {
        err.print(question);
        err.flush();
        return line();
      }

      @Override
      public String readSecret(String question) {
        Console console = System.console();
        if (console == null) {
          return line();
        }
        char[] secret = console.readPassword("%s", question);
        return secret == null ? null : new String(secret);
      }

      private synchronized String line() {
        try {
          if (stdin == null) {
            stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
          }
          return stdin.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
