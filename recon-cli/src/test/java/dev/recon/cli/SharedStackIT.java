package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.local.EmbeddedStack;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a command holds a home's stack (as `recon run` or `recon serve` does), the commands that
 * only read connect to that stack instead of being refused; the others are told who holds it.
 */
class SharedStackIT {
  @TempDir Path tmp;

  @Test
  void readOnlyCommands_shouldShareTheStackOfTheProcessHoldingTheHome() throws Exception {
    Path home = tmp.resolve("home");
    try (LocalSession holder = LocalSession.open(home, "run")) {
      assertThat(home.resolve(LocalSession.SESSION_FILE)).exists();
      Captured status = Captured.recon("status", "--home", home.toString());
      assertThat(status.exit()).as(status.err()).isZero();
      assertThat(status.out())
          .contains("inputs: 0 registered, 0 pending")
          .contains("stateful batches:");
      assertThat(status.err())
          .contains(
              "reading through the stack of `recon run` (pid " + ProcessHandle.current().pid());
      Captured get = Captured.recon("get", "--home", home.toString(), "inv-1");
      assertThat(get.exit())
          .as(get.err())
          .isEqualTo(Exit.NOT_FOUND); // looked it up in the shared stack
      assertThat(get.err()).contains("unknown artifact inv-1");

      // a command that writes is refused, with who holds the home and what to do
      Captured cancel = Captured.recon("cancel", "--home", home.toString(), "1");
      assertThat(cancel.exit()).isEqualTo(Exit.HOME_UNUSABLE);
      assertThat(cancel.err())
          .contains("is in use by another recon process")
          .contains("wait for it to finish")
          .doesNotContain("Exception");
    }
    assertThat(home.resolve(LocalSession.SESSION_FILE)).doesNotExist();

    // a holder that does not publish its endpoints: refused with a sentence, not shared
    try (EmbeddedStack raw = EmbeddedStack.start(home)) {
      Captured status = Captured.recon("status", "--home", home.toString());
      assertThat(status.exit()).isEqualTo(Exit.HOME_UNUSABLE);
      assertThat(status.err())
          .contains("recon status: the recon home " + home.toRealPath() + " is in use")
          .contains("pid " + ProcessHandle.current().pid())
          .doesNotContain("Exception");
    }
  }
}
