package dev.berth.cli.commands;

import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body {@code berth apply} and {@code berth plan} send for a spec on this machine: the spec
 * text, the Procfile beside it, the app's directory and the digest of its code (uploaded for an
 * apply, only computed for a plan).
 *
 * @param body the request body (without environment or message)
 * @param label the spec's path for messages
 * @param dir the app's directory
 * @param specName the spec's path inside {@code dir}
 */
record SpecBody(Map<String, Object> body, String label, Path dir, String specName) {

  /**
   * Reads {@code file} (default {@code ./berth.yaml}) and its Procfile.
   *
   * @param upload upload the code (an apply) rather than only compute its digest (a plan)
   * @throws CliException exit 2 when there is no spec, or it is not UTF-8 text of at most 1 MiB
   */
  static SpecBody read(Cli cli, Path file, boolean upload, boolean quiet) throws IOException {
    return read(cli, file, upload, quiet, null);
  }

  /**
   * As {@link #read(Cli, Path, boolean, boolean)}, leaving {@code planFile} out of the code when it
   * lies in the app's directory: a saved plan beside the code is not code, and its own digest must
   * not depend on whether it was written yet.
   */
  static SpecBody read(Cli cli, Path file, boolean upload, boolean quiet, Path planFile)
      throws IOException {
    Path spec =
        (file == null ? cli.cwd().resolve("berth.yaml") : cli.cwd().resolve(file))
            .toAbsolutePath()
            .normalize();
    if (!Files.isRegularFile(spec)) {
      throw CliException.invalid(
          "no spec at " + spec + ": pass -f FILE, or create one with berth init (from a Procfile)");
    }
    Path dir = spec.getParent();
    String label = relative(cli, spec);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("specFile", label);
    body.put("spec", text(spec));
    Path procfile = dir.resolve("Procfile");
    body.put("procfile", Files.isRegularFile(procfile) ? text(procfile) : null);
    body.put("sourceDir", dir.toString());
    String specName = dir.relativize(spec).toString();
    java.util.List<String> more = notCode(dir, planFile);
    body.put(
        "artifact",
        upload
            ? CodeUpload.upload(cli, dir, specName, quiet, more)
            : CodeUpload.digestOnly(dir, specName, more));
    return new SpecBody(body, label, dir, specName);
  }

  /** {@code planFile} relative to {@code dir} when inside it: the path to leave out of the code. */
  static java.util.List<String> notCode(Path dir, Path planFile) {
    if (planFile == null) {
      return java.util.List.of();
    }
    Path p = planFile.toAbsolutePath().normalize();
    return p.startsWith(dir) && !p.equals(dir)
        ? java.util.List.of(dir.relativize(p).toString())
        : java.util.List.of();
  }

  static String relative(Cli cli, Path p) {
    try {
      String r = cli.cwd().relativize(p).toString();
      return r.startsWith("..") ? p.toString() : r;
    } catch (IllegalArgumentException e) {
      return p.toString();
    }
  }

  static String text(Path p) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    if (bytes.length > 1024 * 1024) {
      throw CliException.invalid(
          p + " is larger than 1 MiB; a spec that large is surely a mistake");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw CliException.invalid(p + " is not UTF-8 text");
    }
  }
}
