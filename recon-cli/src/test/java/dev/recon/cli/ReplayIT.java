package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.Layout;
import dev.recon.core.port.ObjectInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recon replay}: a past window re-submitted after an upstream correction was appended to it.
 */
class ReplayIT {
  @TempDir Path tmp;

  @RegisterExtension final KeptStacks kept = new KeptStacks();

  private static ReconRuns.Run recon(String... args) {
    return ReconRuns.recon(args);
  }

  private static ReconRuns.Run replay(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "replay";
    System.arraycopy(args, 0, all, 1, args.length);
    return ReconRuns.recon(all);
  }

  private static String event(String id, String key, String side, String amount) {
    return ReconRuns.event(id, key, side, amount, "2026-11-20T10:00:00Z");
  }

  @Test
  void replay_shouldApplyOnlyTheCorrections_whenAPastWindowIsResubmitted() throws Exception {
    // GIVEN a past window ingested and run
    String home = kept.home(tmp.resolve("home"));
    Path a =
        Files.writeString(
            tmp.resolve("a.jsonl"),
            event("e1", "inv-1", "DEBIT", "100.00")
                + event("e2", "inv-1", "CREDIT", "30.00")
                + event("e3", "inv-2", "DEBIT", "5.00"));
    Path b = Files.writeString(tmp.resolve("b.jsonl"), event("e9", "inv-9", "DEBIT", "1.00"));
    String window = "--window-start=2026-11-20T10:00:00Z";
    assertThat(
            recon(
                    "ingest",
                    "--home",
                    home,
                    window,
                    "--window-end=2026-11-20T11:00:00Z",
                    a.toString())
                .exit())
        .isZero();
    assertThat(
            recon(
                    "ingest",
                    "--home",
                    home,
                    "--window-start=2026-11-21T10:00:00Z",
                    "--window-end=2026-11-21T11:00:00Z",
                    b.toString())
                .exit())
        .isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();
    String inv2Before = recon("get", "--home", home, "--json", "inv-2").out();
    String inv9Before = recon("get", "--home", home, "--json", "inv-9").out();

    // AND an upstream correction appended to the landed batch of that window
    try (LocalSession s = LocalSession.open(Path.of(home))) {
      for (ObjectInfo o : s.clients().objectStore().list(Layout.INPUT)) {
        if (o.key().contains("/2026/11/20/")) {
          ObjectInfo info = s.clients().objectStore().head(o.key()).orElseThrow();
          byte[] corrected =
              (new String(s.clients().objectStore().get(o.key()), StandardCharsets.UTF_8)
                      + event("e4", "inv-1", "CREDIT", "70.00"))
                  .getBytes(StandardCharsets.UTF_8);
          s.clients().objectStore().put(o.key(), corrected, info.metadata());
        }
      }
    }

    // WHEN that window is replayed and run
    ReconRuns.Run replayed =
        replay("--home", home, "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z");
    assertThat(replayed.exit()).as(replayed.out()).isZero();
    assertThat(replayed.out()).contains("1 input batch(es)");
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN the correction applies, nothing doubles, and artifacts with nothing new are untouched
    assertThat(recon("get", "--home", home, "--json", "inv-1").out())
        .contains("\"balances\":{\"EUR\":\"0.00\"}")
        .contains("\"status\":\"RECONCILED\"");
    assertThat(recon("get", "--home", home, "--json", "inv-2").out()).isEqualTo(inv2Before);
    assertThat(recon("get", "--home", home, "--json", "inv-9").out()).isEqualTo(inv9Before);

    // AND replaying the same window again changes no artifact at all
    String export = recon("export", "--home", home, "--format", "jsonl").out();
    assertThat(
            replay("--home", home, "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z")
                .exit())
        .isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();
    assertThat(recon("export", "--home", home, "--format", "jsonl").out()).isEqualTo(export);
    assertThat(List.of(recon("status", "--home", home).out()))
        .allSatisfy(s -> assertThat(s).doesNotContain("FAILURE"));
  }

  @Test
  void replay_shouldRefuse_whenTheWindowIsEmpty() {
    assertThat(
            replay(
                    "--home",
                    tmp.resolve("x").toString(),
                    "--from",
                    "2026-11-20T00:00:00Z",
                    "--to",
                    "2026-11-20T00:00:00Z")
                .exit())
        .isEqualTo(Exit.USAGE);
  }
}
