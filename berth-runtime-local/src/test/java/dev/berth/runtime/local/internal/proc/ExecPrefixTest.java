package dev.berth.runtime.local.internal.proc;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecPrefixTest {
  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      value = {
        "java -jar app.jar => exec java -jar app.jar",
        "python3 -m http.server $PORT => exec python3 -m http.server $PORT",
        "  bundle exec puma -C config/puma.rb  => exec bundle exec puma -C config/puma.rb",
        "./bin/web --port=\"$PORT\" => exec ./bin/web --port=\"$PORT\"",
        "cd app && ./run => cd app && ./run",
        "./a; ./b => ./a; ./b",
        "./a | tee x => ./a | tee x",
        "./server > out.log => ./server > out.log",
        "FOO=1 ./server => FOO=1 ./server",
        "exec ./server => exec ./server",
        "while true; do date; done => while true; do date; done",
        "echo $(date) => echo $(date)",
        "if true => if true",
        "exit 3 => exit 3",
        "cd /srv => cd /srv",
        ". ./env.sh => . ./env.sh"
      })
  void prefixesOnlySimpleCommands(String in, String out) {
    assertThat(ExecPrefix.apply(in)).isEqualTo(out);
  }

  @org.junit.jupiter.api.Test
  void aTrailingNewlineCountsAsShellSyntax() {
    assertThat(ExecPrefix.apply("./server\n")).isEqualTo("./server\n");
  }

  @Property
  void neverChangesACommandWithShellSyntax(@ForAll String s) {
    String r = ExecPrefix.apply(s);
    if (!r.equals(s)) {
      assertThat(r).isEqualTo("exec " + s.strip());
      assertThat(s).doesNotContain(";", "&", "|", "(", ")", "`", "<", ">", "{", "}", "\n", "\r");
    }
  }
}
