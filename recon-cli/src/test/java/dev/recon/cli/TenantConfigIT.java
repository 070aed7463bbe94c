package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-tenant configuration on the embedded stack (issue 15, deliverable 3): the same events settle
 * for a tenant whose tolerance covers the difference and stay open for one whose does not; a later
 * change applies to later batches only, and a replay of an earlier batch runs with the version the
 * earlier batch ran with.
 */
class TenantConfigIT {
  @TempDir Path tmp;

  @RegisterExtension final KeptStacks kept = new KeptStacks();

  private static ReconRuns.Run recon(String... args) {
    return ReconRuns.recon(args);
  }

  private static String event(String id, String key, String side, String amount, String day) {
    return ReconRuns.event(id, key, side, amount, "2026-11-" + day + "T10:00:00Z");
  }

  private void ingest(String home, String tenant, String day, String name, String lines)
      throws Exception {
    Path f = Files.writeString(tmp.resolve(tenant + "-" + name + ".jsonl"), lines);
    ReconRuns.Run r =
        recon(
            "ingest",
            "--home",
            home,
            "--tenant",
            tenant,
            "--window-start=2026-11-" + day + "T10:00:00Z",
            "--window-end=2026-11-" + day + "T11:00:00Z",
            f.toString());
    assertThat(r.exit()).as(r.out()).isZero();
  }

  private static String get(String home, String tenant, String id) {
    return recon("get", "--home", home, "--tenant", tenant, "--json", id).out();
  }

  @Test
  void configuration_shouldApplyPerTenant_andAReplayShouldUseTheOriginalVersion() throws Exception {
    // GIVEN two tenants fed the same events: inv-1 is off by 0.01, so is fee-1 (a debit alone)
    String home = kept.home(tmp.resolve("home"));
    String same =
        event("e1", "inv-1", "DEBIT", "100.00", "20")
            + event("e2", "inv-1", "CREDIT", "99.99", "20")
            + event("f1", "fee-1", "DEBIT", "0.01", "20");
    ingest(home, "acme", "20", "a", same);
    ingest(home, "beta", "20", "a", same);

    // AND acme tolerates 0.05 (bad values are refused first, with exit 2 and the reason)
    Captured bad = Captured.recon("tenants", "set", "acme", "--home", home, "--tolerance", "-0.01");
    assertThat(bad.exit()).isEqualTo(Exit.USAGE);
    assertThat(bad.err()).contains("tolerance must be zero or positive");
    Captured badLateness =
        Captured.recon("tenants", "set", "acme", "--home", home, "--allowed-lateness", "an hour");
    assertThat(badLateness.exit()).isEqualTo(Exit.USAGE);
    assertThat(badLateness.err()).contains("is not a duration");
    assertThat(Captured.recon("tenants", "set", "acme", "--home", home, "--max-events", "x").exit())
        .isEqualTo(Exit.USAGE);
    // AND a matching rule set (issue 16) whose external source is "bank": acme's events come from
    // elsewhere, so they still balance as before; a broken rule set is refused with file:line
    Path broken = Files.writeString(tmp.resolve("broken.yaml"), "version: 3\nrulez: []\n");
    Captured refused =
        Captured.recon("tenants", "set", "acme", "--home", home, "--rules", broken.toString());
    assertThat(refused.exit()).isEqualTo(Exit.USAGE);
    assertThat(refused.err()).contains("broken.yaml:2: rulez:");
    Path rules =
        Files.writeString(
            tmp.resolve("rules.yaml"),
            String.join(
                "\n",
                "version: 3",
                "externalSources: [bank]",
                "settling: [{type: X, side: CREDIT}]",
                "autoConfirmScore: 0.90",
                "rules:",
                "  - {name: reference-exact, reference: CONTAINS_ARTIFACT_ID,"
                    + " amount: {tolerance: \"0.00\"}, valueDateWindow: P5D, score: 1.00}",
                "  - {name: amount-date, amount: {tolerance: \"0.00\"}, valueDateWindow: P3D,"
                    + " score: 0.80}",
                ""));
    ReconRuns.Run v1 =
        recon(
            "tenants",
            "set",
            "acme",
            "--home",
            home,
            "--tolerance",
            "0.05",
            "--actor",
            "ann",
            "--rules",
            rules.toString());
    assertThat(v1.exit()).as(v1.out()).isZero();
    assertThat(v1.out()).contains("configuration version 1 by ann").contains("unset → 0.05");

    // WHEN both run
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN the same key is RECONCILED for acme (0.01 within 0.05) and OPEN for beta
    assertThat(get(home, "acme", "fee-1"))
        .contains("\"EUR\":\"0.01\"")
        .contains("\"status\":\"RECONCILED\"")
        .doesNotContain("settlement");
    assertThat(get(home, "beta", "fee-1"))
        .contains("\"EUR\":\"0.01\"")
        .contains("\"status\":\"OPEN\"");
    // AND acme's inv-1 is within tolerance too, but its rule set expects its X/CREDIT line on a
    // bank statement that has not come: OPEN, with the settlement section saying why (DESIGN §9)
    assertThat(get(home, "acme", "inv-1"))
        .contains("\"EUR\":\"0.01\"")
        .contains(
            "\"settlement\":{\"EUR\":{\"expected\":\"99.99\",\"settled\":\"0.00\","
                + "\"difference\":\"99.99\"}}")
        .contains("\"status\":\"OPEN\"");
    assertThat(get(home, "beta", "inv-1")).contains("\"status\":\"OPEN\"");
    // AND each tenant's report evaluates with that tenant's configuration
    assertThat(recon("report", "--home", home, "--tenant", "acme").out())
        .startsWith("1 unreconciled")
        .contains("inv-1")
        .doesNotContain("fee-1");
    assertThat(recon("report", "--home", home, "--tenant", "beta").out())
        .startsWith("2 unreconciled")
        .contains("inv-1")
        .contains("fee-1");

    // WHEN acme's tolerance goes back to 0 (a stale writer, based on version 0, is refused)
    Captured stale =
        Captured.recon(
            "tenants", "set", "acme", "--home", home, "--tolerance", "0.5", "--if-version", "0");
    assertThat(stale.exit()).isEqualTo(Exit.FAILED);
    assertThat(stale.err()).contains("is at version 1 now");
    assertThat(
            recon("tenants", "set", "acme", "--home", home, "--tolerance", "0", "--actor", "bob")
                .exit())
        .isZero();
    // AND a new input lands (inv-7, off by 0.01), and an upstream correction is appended to the
    // input of day 20 (inv-1 is now off by -0.01), which is then replayed
    ingest(
        home,
        "acme",
        "21",
        "b",
        event("e7", "inv-7", "DEBIT", "10.00", "21")
            + event("e8", "inv-7", "CREDIT", "9.99", "21"));
    try (LocalSession s = LocalSession.open(Path.of(home)).tenant(TenantId.of("acme"))) {
      for (ObjectInfo o : s.clients().objectStore().list(Layout.INPUT)) {
        if (o.key().contains("/2026/11/20/")) {
          ObjectInfo info = s.clients().objectStore().head(o.key()).orElseThrow();
          byte[] corrected =
              (new String(s.clients().objectStore().get(o.key()), StandardCharsets.UTF_8)
                      + event("e4", "inv-1", "CREDIT", "0.02", "20")
                      + event("f2", "fee-1", "DEBIT", "0.02", "20"))
                  .getBytes(StandardCharsets.UTF_8);
          s.clients().objectStore().put(o.key(), corrected, info.metadata());
        }
      }
    }
    ReconRuns.Run replayed =
        recon(
            "replay",
            "--home",
            home,
            "--tenant",
            "acme",
            "--from",
            "2026-11-20T00:00:00Z",
            "--to",
            "2026-11-21T00:00:00Z");
    assertThat(replayed.exit()).as(replayed.out()).isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN the new batch ran with version 2 (inv-7 OPEN), the replay with version 1, as its
    // original did (fee-1's correction applied, 0.03 within 0.05: RECONCILED)
    assertThat(get(home, "acme", "inv-7")).contains("\"status\":\"OPEN\"");
    assertThat(get(home, "acme", "fee-1"))
        .contains("\"EUR\":\"0.03\"")
        .contains("\"status\":\"RECONCILED\"");
    assertThat(get(home, "acme", "inv-1")).contains("\"EUR\":\"-0.01\"");

    // AND every batch records the version it ran with
    Map<String, String> stateless = new TreeMap<>();
    Map<String, String> stateful = new TreeMap<>();
    try (LocalSession s = LocalSession.open(Path.of(home)).tenant(TenantId.of("acme"))) {
      for (LedgerRecord r : s.clients().batchLedger().list(BatchKind.STATELESS)) {
        if (r.attribute(LedgerNames.INPUTS) == null) {
          continue;
        }
        stateless.put(r.attribute(LedgerNames.INPUTS), r.attribute(LedgerNames.CONFIG_VERSION));
      }
      for (LedgerRecord r : s.clients().batchLedger().list(BatchKind.STATEFUL)) {
        stateful.put(r.id(), r.attribute(LedgerNames.CONFIG_VERSION));
      }
    }
    assertThat(stateless.entrySet())
        .extracting(e -> kindOf(e.getKey()) + "=" + e.getValue())
        .containsExactlyInAnyOrder("original=1", "new=2", "replay=1");
    assertThat(stateful.values()).containsExactly("1", "2", "1");

    // AND the audit shows who changed what, when; list shows each tenant's version
    String history = recon("tenants", "show", "acme", "--home", home, "--history").out();
    assertThat(history)
        .contains("version 1")
        .containsPattern(
            "by ann: rules unset → config/rules/v3-[0-9a-f]{16}\\.yaml; tolerance unset → 0.05")
        .contains("by bob: tolerance 0.05 → 0");
    assertThat(recon("tenants", "show", "acme", "--home", home, "--version", "1").out())
        .contains("tolerance        0.05")
        .contains("allowedLateness  PT1H (deployment)");
    assertThat(recon("tenants", "show", "acme", "--home", home, "--version", "9").exit())
        .isEqualTo(Exit.NOT_FOUND);
    assertThat(recon("tenants", "list", "--home", home).out().lines().toList())
        .anySatisfy(l -> assertThat(l).startsWith("acme").contains("version 2 (set by bob"))
        .anySatisfy(l -> assertThat(l).startsWith("beta").contains("version 0"))
        .anySatisfy(l -> assertThat(l).startsWith("default"));
    assertThat(List.of(recon("status", "--home", home).out()))
        .allSatisfy(out -> assertThat(out).doesNotContain("FAILURE"));
    // AND status shows the tenant's current version and the one each batch ran with
    String status = recon("status", "--home", home, "--tenant", "acme").out();
    assertThat(status)
        .contains("configuration: version 2 (set by bob at ")
        .containsPattern("N1 +SUCCESS .* config v1 ")
        .containsPattern("N2 +SUCCESS .* config v2 ")
        .containsPattern("N3 +SUCCESS .* config v1 ");
    var json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(recon("status", "--home", home, "--tenant", "acme", "--json").out());
    assertThat(json.get("configVersion").asLong()).isEqualTo(2);
    List<Long> versions = new java.util.ArrayList<>();
    json.get("stateful").forEach(b -> versions.add(b.get("configVersion").asLong()));
    assertThat(versions).containsExactly(1L, 2L, 1L);

    // AND a rule set tried on acme's stored artifacts (issue 16's dry run) applies nothing: acme's
    // CREDIT lines (inv-1: 99.99 and 0.02, inv-7: 9.99) are the open settling lines

    String line =
        "{\"eventId\":\"%s\",\"source\":\"%s\",\"amount\":\"%s\",\"currency\":\"EUR\","
            + "\"type\":\"DEPOSIT\",\"side\":\"DEBIT\","
            + "\"eventTime\":\"2026-11-21T09:00:00Z\",\"reference\":\"%s\"}\n";
    Path statement =
        Files.writeString(
            tmp.resolve("statement.jsonl"),
            String.format(line, "s1", "bank", "99.99", "payout inv-1")
                + String.format(line, "s2", "bank", "9.99", "")
                + String.format(line, "s3", "bank", "5.00", "")
                + String.format(line, "s4", "gateway", "1.00", "")
                // what the reducer would quarantine is reported the same way, and left out
                + String.format(line, "s5", "bank", "-1.00", ""));
    String before = get(home, "acme", "inv-1");
    String before7 = get(home, "acme", "inv-7");
    Captured dry =
        Captured.recon(
            "rules",
            "test",
            "--home",
            home,
            "--tenant",
            "acme",
            "--rules",
            rules.toString(),
            "--statement",
            statement.toString(),
            "--json");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.err())
        .contains("statement.jsonl:4: MISSING_FIELD: missing field artifactId")
        .contains("statement.jsonl:5: BAD_AMOUNT: negative amount: -1.00");
    var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dry.out());
    assertThat(summary.get("openSettlingLines").asLong()).isEqualTo(3);
    assertThat(summary.get("statementLines").asLong()).isEqualTo(3);
    assertThat(summary.get("notRead").asLong()).isEqualTo(2);
    assertThat(summary.get("matched").asLong()).isEqualTo(1); // s1 by reference
    assertThat(summary.get("suggested").asLong()).isEqualTo(1); // s2 by amount, score 0.80
    assertThat(summary.get("unmatched").asLong()).isEqualTo(1); // s3
    assertThat(get(home, "acme", "inv-1")).isEqualTo(before);

    // WHEN acme's bank statement itself lands (unkeyed lines of the external source, one re-sent)
    // and is run with the rule set in force
    ingest(
        home,
        "acme",
        "22",
        "statement",
        String.format(line, "s1", "bank", "99.99", "payout inv-1")
            + String.format(line, "s2", "bank", "9.99", "")
            + String.format(line, "s2", "bank", "9.99", ""));
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN its lines are accepted, not quarantined, and land in the batch's external files
    try (LocalSession s = LocalSession.open(Path.of(home)).tenant(TenantId.of("acme"))) {
      var store = s.clients().objectStore();
      LedgerRecord last =
          s.clients().batchLedger().list(BatchKind.STATELESS).stream()
              .filter(r -> r.attribute(LedgerNames.INPUTS) != null)
              .filter(r -> r.attribute(LedgerNames.INPUTS).contains("/22/"))
              .findFirst()
              .orElseThrow();
      var m =
          dev.recon.core.contract.StatelessManifest.decode(
              store.get(Layout.statelessManifest(last.sequence())));
      assertThat(m.count(LedgerNames.READ)).isEqualTo(3);
      assertThat(m.count(LedgerNames.QUARANTINED)).isZero();
      assertThat(m.count(LedgerNames.DUPLICATES)).isEqualTo(1);
      assertThat(m.count(dev.recon.core.contract.StatelessManifest.EXTERNAL)).isEqualTo(2);
      assertThat(m.count(LedgerNames.KEYS)).isZero();
      assertThat(
              m.external().stream()
                  .flatMap(f -> new String(store.get(f.key()), StandardCharsets.UTF_8).lines()))
          .hasSize(2)
          .anySatisfy(l -> assertThat(l).contains("\"s1\"").contains("payout inv-1"))
          .anySatisfy(l -> assertThat(l).contains("\"s2\""));
    }
    // AND the matching stage settles inv-1's 99.99 credit with s1 by reference, through a
    // settlement line that leaves the totals alone; s2 is only a suggestion for inv-7, which stays
    // as it was
    String after = get(home, "acme", "inv-1");
    assertThat(after)
        .isNotEqualTo(before)
        .contains("\"balances\":{\"EUR\":\"-0.01\"}")
        .contains("\"debits\":{\"EUR\":\"100.00\"}")
        .contains("\"credits\":{\"EUR\":\"100.01\"}")
        .contains("\"eventId\":\"settle:e2\"")
        .contains("\"source\":\"recon.match\"")
        .contains("\"settledLine\":\"e2\"")
        .contains("\"statementLines\":\"s1\"")
        .contains(
            "\"settlement\":{\"EUR\":{\"expected\":\"100.01\",\"settled\":\"99.99\","
                + "\"difference\":\"0.02\"}}");
    assertThat(get(home, "acme", "inv-7")).isEqualTo(before7);
    assertThat(recon("status", "--home", home, "--tenant", "acme").out()).doesNotContain("FAILURE");
  }

  private static String kindOf(String inputs) {
    if (inputs.contains("replay-")) {
      return "replay";
    }
    return inputs.contains("/21/") ? "new" : "original";
  }
}
