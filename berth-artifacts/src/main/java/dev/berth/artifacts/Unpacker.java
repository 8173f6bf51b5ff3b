package dev.berth.artifacts;

import dev.berth.artifacts.internal.TarEntries;
import dev.berth.engine.artifact.internal.TarRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a tar into a fresh, empty directory. The tar is checked again entry by entry with {@link
 * TarRules} (the store validated it on the way in; checking again costs nothing and protects
 * against a tampered file), so no entry lies below a link, and links are created last: no write
 * ever goes through a link, and no link points out of the tree.
 *
 * <p>Modes: directories 0755, files 0755 if the tar marks them executable for their owner, else
 * 0644. Owners and times in the tar are ignored.
 */
final class Unpacker {
  private Unpacker() {}

  static void extract(InputStream in, Path dir, FileArtifactStore.FileSink sink)
      throws IOException {
    TarRules rules = new TarRules();
    TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
    List<String[]> links = new ArrayList<>();
    for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
      TarRules.Type type = TarEntries.typeOf(e);
      String name = rules.add(e.getName(), type, e.getLinkName());
      if (name.isEmpty()) {
        continue;
      }
      Path p = dir.resolve(name);
      switch (type) {
        case DIRECTORY -> {
          Files.createDirectories(p);
          Files.setPosixFilePermissions(p, TarEntries.DIR);
        }
        case FILE -> {
          Files.createDirectories(p.getParent());
          Files.createFile(p);
          try (OutputStream out = sink.open(p)) {
            tar.transferTo(out);
          }
          boolean executable = (e.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(p, executable ? TarEntries.EXECUTABLE : TarEntries.FILE);
        }
        case SYMLINK -> links.add(new String[] {name, e.getLinkName()});
      }
    }
    for (String[] link : links) {
      Path p = dir.resolve(link[0]);
      Files.createDirectories(p.getParent());
      Files.createSymbolicLink(p, Path.of(link[1]));
    }
  }
}
