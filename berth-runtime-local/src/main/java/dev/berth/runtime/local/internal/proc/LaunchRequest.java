package dev.berth.runtime.local.internal.proc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run for one replica start.
 *
 * @param command the shell command line, run with {@code sh -c}
 * @param workingDir the working directory, which must exist
 * @param env the complete environment of the process (nothing is inherited)
 * @param logPipe the named pipe the process opens read-write as stdout and stderr (so it never gets
 *     SIGPIPE from it); Berth drains it into the log
 * @param cgroupProcsFiles cgroup files the process enters before the command runs (may be empty)
 */
public record LaunchRequest(
    String command,
    Path workingDir,
    Map<String, String> env,
    Path logPipe,
    List<Path> cgroupProcsFiles) {
  public LaunchRequest {
    env = Map.copyOf(env);
    cgroupProcsFiles = List.copyOf(cgroupProcsFiles);
  }
}
