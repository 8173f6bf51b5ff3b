package dev.berth.cli;

import dev.berth.cli.client.ApiClient;
import dev.berth.cli.client.Connection;
import dev.berth.cli.term.Prompt;
import dev.berth.cli.term.Term;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every command gets from its environment: the terminal, the process environment, the working
 * directory, and (lazily) the API client. Tests build one over in-memory streams.
 */
public final class Cli {
  private final Term term;
  private final Prompt prompt;
  private final Map<String, String> env;
  private final Path cwd;
  private ApiClient client;

  public Cli(Term term, Map<String, String> env, Path cwd) {
    this(term, Prompt.system(term.err()), env, cwd);
  }

  public Cli(Term term, Prompt prompt, Map<String, String> env, Path cwd) {
    this.term = term;
    this.prompt = prompt;
    this.env = env;
    this.cwd = cwd;
  }

  public static Cli system() {
    return new Cli(Term.system(System.getenv()), System.getenv(), Path.of("").toAbsolutePath());
  }

  /** Where commands ask the user for confirmation or a secret. */
  public Prompt prompt() {
    return prompt;
  }

  public Term term() {
    return term;
  }

  public Map<String, String> env() {
    return env;
  }

  public Path cwd() {
    return cwd;
  }

  public synchronized ApiClient api() {
    if (client == null) {
      client = Connection.resolve(env);
    }
    return client;
  }
}
