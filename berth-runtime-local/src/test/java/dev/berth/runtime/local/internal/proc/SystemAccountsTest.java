package dev.berth.runtime.local.internal.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.local.internal.supervise.Accounts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SystemAccountsTest {
  @Test
  void readsOnePasswdLineOfTheNamedUserOnly() {
    String line = "app:x:1001:1002:App,,,:/home/app:/bin/sh";
    assertThat(SystemAccounts.parse(line, "app"))
        .contains(new Accounts.Account("app", 1001, 1002, Path.of("/home/app")));
    assertThat(SystemAccounts.parse(line, "ap")).isEmpty();
    assertThat(SystemAccounts.parse("app:x:one:1002::/home/app:/bin/sh", "app")).isEmpty();
    assertThat(SystemAccounts.parse("app:x:1001", "app")).isEmpty();
  }

  @Test
  void findsRootOnAnyLinux() {
    assertThat(new SystemAccounts().find("root"))
        .get()
        .extracting(Accounts.Account::uid)
        .isEqualTo(0L);
    assertThat(new SystemAccounts().find("no-such-user-berth")).isEmpty();
  }
}
