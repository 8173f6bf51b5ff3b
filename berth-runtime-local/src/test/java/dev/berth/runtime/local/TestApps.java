package dev.berth.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny apps for the ITs, as Perl scripts (perl-base is on every Debian machine). */
final class TestApps {
  private TestApps() {}

  /** HTTP on $PORT: 200 while the file {@code healthy} exists (or always without it), logs hits. */
  static final String HTTP_SERVER =
      "use IO::Socket::INET; $| = 1;\n"
          + "my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $ENV{PORT},"
          + " Listen => 16, ReuseAddr => 1) or die \"bind: $!\\n\";\n"
          + "print \"listening on $ENV{PORT}\\n\";\n"
          + "while (my $c = $s->accept) {\n"
          + "  my $r = <$c>; while (my $l = <$c>) { last if $l =~ /^\\r?\\n$/ }\n"
          + "  print \"hit $r\";\n"
          + "  my $ok = !$ENV{CHECK_FILE} || -e $ENV{CHECK_FILE};\n"
          + "  print $c ($ok ? \"HTTP/1.0 200 OK\\r\\n\" : \"HTTP/1.0 500 Oops\\r\\n\")"
          + " . \"Content-Length: 2\\r\\n\\r\\nok\";\n"
          + "  close $c;\n"
          + "}\n";

  /** Accepts connections on $PORT and never answers. */
  static final String HANGING_SERVER =
      "use IO::Socket::INET; $| = 1;\n"
          + "my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $ENV{PORT},"
          + " Listen => 16, ReuseAddr => 1) or die \"bind: $!\\n\";\n"
          + "my @keep; while (my $c = $s->accept) { push @keep, $c }\n";

  /** Holds about 300 MiB of memory for a while. */
  static final String MEMORY_HOG =
      "$| = 1; my $x = 'a' x (300 * 1024 * 1024); print \"holding\\n\"; sleep 30;\n";

  static String install(Path dir, String name, String script) {
    try {
      Files.writeString(dir.resolve(name), script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "exec perl " + name;
  }
}
