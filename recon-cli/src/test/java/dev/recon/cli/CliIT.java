package dev.recon.cli;

import static dev.recon.cli.ReconRuns.recon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.cli.ReconRuns.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user drives it: each command a separate invocation on one --home, so state
 * must persist between them. The first cycle's commands each start and stop the embedded stack; the
 * later ones share one stack kept open ({@link KeptStacks}), which saves a start per command and
 * tests the same commands.
 */
class CliIT {
  @TempDir Path tmp;
  @RegisterExtension final KeptStacks kept = new KeptStacks();

  private static String event(String id, String key, String side, String amount) {
    return ReconRuns.event(id, key, side, amount, "2026-11-22T10:00:00Z");
  }

  @Test
  void ingestRunGet_shouldGiveTheRightBalance_acrossSeparateInvocationsAndCycles()
      throws Exception {
    String home = tmp.resolve("home").toString();
    Path a =
        Files.writeString(
            tmp.resolve("a.jsonl"),
            event("e1", "inv-7", "DEBIT", "100.00") + event("e2", "inv-7", "CREDIT", "30.00"));
    Path b =
        Files.writeString(
            tmp.resolve("b.jsonl"), event("e3", "inv-7", "DEBIT", "0.50") + "{oops\n");

    Run ingest = recon("ingest", "--home", home, a.toString(), b.toString());
    assertThat(ingest.exit()).isZero();
    assertThat(ingest.out()).contains("b.jsonl:2: MALFORMED_JSON");
    assertThat(recon("run", "--home", home).exit()).isZero();
    Run got = recon("get", "--home", home, "--json", "inv-7");
    assertThat(got.exit()).isZero();
    assertThat(got.out()).contains("\"balances\":{\"EUR\":\"70.50\"}").contains("\"version\":1");
    kept.home(Path.of(home)); // state persisted across three starts; share one stack from here

    // two more cycles: a re-send (no change), a payment and a late fee
    Path c =
        Files.writeString(
            tmp.resolve("c.jsonl"),
            event("e1", "inv-7", "DEBIT", "100.00") + event("e4", "inv-7", "CREDIT", "70.50"));
    assertThat(recon("ingest", "--home", home, c.toString()).exit()).isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();
    assertThat(recon("get", "--home", home, "--json", "inv-7").out())
        .contains("\"balances\":{\"EUR\":\"0.00\"}")
        .contains("\"status\":\"RECONCILED\"");
    Path d = Files.writeString(tmp.resolve("d.jsonl"), event("e5", "inv-7", "DEBIT", "2.00"));
    assertThat(recon("ingest", "--home", home, d.toString()).exit()).isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();
    assertThat(recon("get", "--home", home, "--json", "inv-7").out())
        .contains("\"balances\":{\"EUR\":\"2.00\"}");
    assertThat(recon("history", "--home", home, "inv-7").out().lines().count()).isEqualTo(3);

    // unknown and malformed ids
    assertThat(recon("get", "--home", home, "nope").exit()).isEqualTo(Exit.NOT_FOUND);
    assertThat(recon("get", "--home", home, "bad\u0007id").exit()).isEqualTo(Exit.USAGE);
    assertThat(recon("export", "--home", home, "--format", "csv").out()).contains("inv-7,3,");
    // the re-sent e1 of the second cycle is a duplicate of the history: the text says so, as --json
    // does
    String status = recon("status", "--home", home).out();
    assertThat(status).contains("stateful batches:").contains("duplicates 1 (already in history)");
    // AND the census (inv-7 went OPEN, RECONCILED, OPEN again over three batches) counts the one
    // artifact once, in the status `recon get` shows, unreconciled as `recon report` counts it
    java.util.regex.Matcher census =
        java.util.regex.Pattern.compile(
                "newest version through stateful batch [0-9]+: OPEN ([0-9]+), AGED ([0-9]+),"
                    + " RECONCILED ([0-9]+)")
            .matcher(status);
    assertThat(census.find()).as(status).isTrue();
    String stored =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(recon("get", "--home", home, "--json", "inv-7").out())
            .path("status")
            .asText();
    java.util.Map<String, Long> counted =
        java.util.Map.of(
            "OPEN", Long.parseLong(census.group(1)),
            "AGED", Long.parseLong(census.group(2)),
            "RECONCILED", Long.parseLong(census.group(3)));
    assertThat(counted.get(stored)).as(status).isEqualTo(1);
    assertThat(counted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
    assertThat(recon("report", "--home", home).out())
        .contains((counted.get("OPEN") + counted.get("AGED")) + " unreconciled artifact(s)");
    // an unknown batch: exit 3 and a sentence, not a Java class name
    Captured cancel = Captured.recon("cancel", "--home", home, "99");
    assertThat(cancel.exit()).as(cancel.err()).isEqualTo(Exit.NOT_FOUND);
    assertThat(cancel.err())
        .startsWith("recon cancel: no STATELESS batch")
        .contains("`recon status` lists the batches")
        .doesNotContain("Exception")
        .doesNotContain("dev.recon");
    // everything landed so far is reflected; a window reaching into the future is not complete
    assertThat(
            recon(
                    "complete",
                    "--home",
                    home,
                    "--from",
                    "2020-01-01T00:00:00Z",
                    "--to",
                    java.time.Instant.now().toString())
                .exit())
        .isZero();
    Run report = recon("report", "--home", home);
    assertThat(report.out())
        .contains("1 unreconciled artifact(s)")
        .contains("inv-7")
        .contains("EUR 2.00");
    // before any batch ran, inv-7 had no version: not listed (it used to be, evaluated at its later
    // as-of)
    assertThat(recon("report", "--home", home, "--as-of", "2020-01-01T00:00:00Z").out())
        .contains("0 unreconciled artifact(s) as of 2020-01-01T00:00:00Z");
  }

  @Test
  void demo_shouldMatchItsOwnInput_whenSmall() {
    Run demo =
        recon(
            "demo",
            "--home",
            tmp.resolve("demo").toString(),
            "--orders",
            "150",
            "--hot-lines",
            "1000",
            "--batches",
            "3");
    assertThat(demo.out())
        .contains("OK")
        .doesNotContain("MISMATCH")
        .doesNotContain("DOES NOT ADD UP");
    assertThat(demo.exit()).isZero();
  }
}
