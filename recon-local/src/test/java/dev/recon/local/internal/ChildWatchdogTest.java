package dev.recon.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.local.junit.DefaultSignals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog as its own process, with {@code sleep} standing in for a native server. */
class ChildWatchdogTest {

  @Test
  void main_shouldStopItsChildAndExit_whenStdinCloses(@TempDir Path dir) throws Exception {
    Process watchdog = watchdog(ProcessHandle.current().pid(), dir);
    ProcessHandle sleeper = awaitChild(watchdog);

    watchdog.getOutputStream().close();

    assertThat(watchdog.onExit()).succeedsWithin(Duration.ofSeconds(10));
    assertThat(sleeper.onExit()).succeedsWithin(Duration.ofSeconds(10));
  }

  @Test
  void main_shouldStopItsChildAndExit_whenParentDies(@TempDir Path dir) throws Exception {
    Process fakeParent = new ProcessBuilder("sleep", "60").start();
    Process watchdog = watchdog(fakeParent.pid(), dir);
    try {
      ProcessHandle sleeper = awaitChild(watchdog);

      fakeParent.destroyForcibly();

      assertThat(watchdog.onExit()).succeedsWithin(Duration.ofSeconds(10));
      assertThat(sleeper.onExit()).succeedsWithin(Duration.ofSeconds(10));
    } finally {
      watchdog.destroyForcibly();
      fakeParent.destroyForcibly();
    }
  }

  private static Process watchdog(long parentPid, Path dir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp =
        Path.of(ChildWatchdog.class.getProtectionDomain().getCodeSource().getLocation().getPath())
            .toString();
    // sleep has no SIGTERM handler of its own (Redis has): give it the default one whatever the
    // build inherited
    return new ProcessBuilder(
            DefaultSignals.command(
                List.of(
                    java,
                    "-cp",
                    cp,
                    ChildWatchdog.class.getName(),
                    Long.toString(parentPid),
                    "exec",
                    "sleep",
                    "60")))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("watchdog.log").toFile())
        .start();
  }

  private static ProcessHandle awaitChild(Process watchdog) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      // the child once it is sleep: a signal that arrives between fork and exec can be lost with
      // the parent's handler the child still has then (seen once in CI: sleep outlived SIGTERM)
      Optional<ProcessHandle> child =
          watchdog
              .children()
              .filter(c -> c.info().command().map(cmd -> cmd.endsWith("/sleep")).orElse(false))
              .findFirst();
      if (child.isPresent()) {
        return child.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("watchdog started no child");
  }
}
