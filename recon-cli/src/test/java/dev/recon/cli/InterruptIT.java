package dev.recon.cli;

import static dev.recon.cli.ReconRuns.recon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.local.junit.DefaultSignals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) during {@code recon run}, in a separate process: exit 130 and "interrupted; run
 * again to continue", not the errors the stack's stopping servers cause under the running stage.
 */
class InterruptIT {
  @TempDir Path tmp;

  @Test
  void sigint_shouldSayInterruptedRunAgain_andExit130() throws Exception {
    String home = tmp.resolve("home").toString();
    List<String> ingest = new ArrayList<>(List.of("ingest", "--home", home));
    for (int f = 0; f < 6; f++) { // several batches, so the run is still busy after the first
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        b.append(
            ReconRuns.event(
                "e" + f + "-" + i, "inv-" + i, "DEBIT", "1.00", "2026-11-22T10:00:00Z"));
      }
      ingest.add(Files.writeString(tmp.resolve("in-" + f + ".jsonl"), b).toString());
    }
    assertThat(recon(ingest.toArray(String[]::new)).exit()).isZero();

    Path log = tmp.resolve("run.log");
    Process run =
        new ProcessBuilder(DefaultSignals.command(ReconRuns.forkedCommand("run", "--home", home)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();

    // once the first batch is reduced the run is mid-way: Ctrl-C
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (!Files.readString(log).contains("reduced")
        && run.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(run.isAlive())
        .as("still running when interrupted:%n%s", Files.readString(log))
        .isTrue();
    assertThat(new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor())
        .isZero();
    assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();

    String printed = Files.readString(log);
    assertThat(run.exitValue()).as(printed).isEqualTo(Exit.INTERRUPTED);
    assertThat(printed)
        .contains("recon run: interrupted; run again to continue")
        .doesNotContain("FAILED")
        .doesNotContain("RejectedExecutionException");
  }
}
