package dev.recon.cli;

import static dev.recon.cli.ReconRuns.recon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.cli.ReconRuns.Run;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.Event;
import dev.recon.core.testing.EventGenerator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recon run} as a separate process, SIGKILLed ({@link Process#destroyForcibly()}) at random
 * moments, then run to completion: the artifacts must equal those of an uninterrupted run on the
 * same input, nothing the killed process started may linger, and the next start is not blocked.
 */
class KillRecoveryIT {
  private static final int KILLS = 3;
  @TempDir Path tmp;

  private Process startRun(String home, Path log) throws Exception {
    return new ProcessBuilder(ReconRuns.forkedCommand("run", "--home", home))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  @Test
  void run_shouldYieldTheArtifactsOfAnUninterruptedRun_whenKilledWithSigkillRepeatedly()
      throws Exception {
    // GIVEN the same input files ingested into two homes
    EventGenerator gen = new EventGenerator(808);
    List<String> files = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      StringBuilder b = new StringBuilder();
      for (Event e : gen.events(250, 80)) {
        b.append(new String(CanonicalJson.encode(e), StandardCharsets.UTF_8)).append('\n');
      }
      files.add(Files.writeString(tmp.resolve("in-" + f + ".jsonl"), b).toString());
    }
    String killed = tmp.resolve("killed").toString();
    String reference = tmp.resolve("reference").toString();
    for (String home : List.of(killed, reference)) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "ingest",
                  "--home",
                  home, // same window, so the same asOf
                  "--window-start=2026-11-22T10:00:00Z",
                  "--window-end=2026-11-22T11:00:00Z"));
      args.addAll(files);
      assertThat(recon(args.toArray(String[]::new)).exit()).isZero();
    }
    Path log = tmp.resolve("children.log");
    long t0 = System.nanoTime();
    Process uninterrupted = startRun(reference, log);
    assertThat(uninterrupted.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(uninterrupted.exitValue())
        .as("uninterrupted run:%n%s", Files.readString(log))
        .isZero();
    long fullRunMs = (System.nanoTime() - t0) / 1_000_000;

    // WHEN recon run is SIGKILLed at random moments, several times
    Random random = new Random(Long.getLong("recon.kill.seed", 42L));
    int killedWhileRunning = 0;
    for (int k = 0; k < KILLS; k++) {
      Process child = startRun(killed, log);
      long delayMs =
          fullRunMs / 5 + (long) (random.nextDouble() * fullRunMs * 0.7); // anywhere in the run
      boolean exited = child.waitFor(delayMs, TimeUnit.MILLISECONDS);
      List<ProcessHandle> descendants = child.toHandle().descendants().toList();
      if (!exited) {
        child.destroyForcibly();
        killedWhileRunning++;
      } else {
        assertThat(child.exitValue())
            .as("run %d exited on its own:%n%s", k, Files.readString(log))
            .isZero();
      }
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      // THEN nothing it started lingers (the watchdogs follow their parent)
      for (ProcessHandle d : descendants) {
        d.onExit().get(60, TimeUnit.SECONDS);
        assertThat(d.isAlive()).as("descendant %d of killed run %d", d.pid(), k).isFalse();
      }
      System.out.printf(
          "KillRecoveryIT: run %d %s after %d ms, %d descendants gone%n",
          k, exited ? "exited" : "SIGKILLed", delayMs, descendants.size());
    }

    // AND the next start is not blocked, and runs to completion
    Run last = recon("run", "--home", killed);
    assertThat(last.exit()).as(last.out() + "\nchildren:\n" + Files.readString(log)).isZero();

    // THEN the artifacts equal those of the uninterrupted run, byte for byte
    assertThat(killedWhileRunning).as("runs killed while running").isGreaterThanOrEqualTo(1);
    Run expected = recon("export", "--home", reference, "--format", "jsonl");
    Run actual = recon("export", "--home", killed, "--format", "jsonl");
    assertThat(expected.exit()).isZero();
    assertThat(actual.exit()).isZero();
    assertThat(expected.out().lines().count()).isEqualTo(80); // every key of the input
    assertThat(actual.out()).isEqualTo(expected.out());
    // A digest of the export, so runs of two commits can be compared byte for byte.
    System.out.printf(
        "KillRecoveryIT: sha256 of the export: %s%n",
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(actual.out().getBytes(StandardCharsets.UTF_8))));
    assertThat(recon("status", "--home", killed).out()).doesNotContain("FAILURE");
    assertThat(new File(killed, "stack.lock")).exists();
  }
}
