package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.layout.Layout;
import dev.recon.core.match.MatchBook;
import dev.recon.core.match.MatchCodec;
import dev.recon.core.match.MatchResult;
import dev.recon.core.match.MatchStatus;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import dev.recon.local.junit.MotoServer;
import dev.recon.processor.MatchStage;
import dev.recon.runtime.LocalLambda;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-sided matching end to end on the embedded stack (issue 16): unkeyed bank statement lines land
 * like any input, the matching stage after the processor decides each line, and a MATCHED one
 * settles its payment through a settlement instruction that the same {@code recon run} applies as
 * an input of its own — once, whatever is re-sent or rerun, without touching any balance.
 */
class MatchingIT {
  @TempDir Path tmp;

  @RegisterExtension final KeptStacks kept = new KeptStacks();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ReconRuns.Run recon(String... args) {
    return ReconRuns.recon(args);
  }

  private static String event(String id, String key, String side, String amount, String day) {
    return ReconRuns.event(id, key, side, amount, "2026-11-" + day + "T10:00:00Z");
  }

  private static String statement(String id, String amount, String reference, String day) {
    return "{\"eventId\":\""
        + id
        + "\",\"eventTime\":\"2026-11-"
        + day
        + "T09:00:00Z\",\"type\":\"DEPOSIT\",\"side\":\"DEBIT\",\"amount\":\""
        + amount
        + "\",\"currency\":\"EUR\",\"source\":\"bank\",\"reference\":\""
        + reference
        + "\"}\n";
  }

  private void ingest(String home, String day, String name, String lines) throws Exception {
    Path f = Files.writeString(tmp.resolve(name + ".jsonl"), lines);
    ReconRuns.Run r =
        recon(
            "ingest",
            "--home",
            home,
            "--window-start=2026-11-" + day + "T09:00:00Z",
            "--window-end=2026-11-" + day + "T11:00:00Z",
            f.toString());
    assertThat(r.exit()).as(r.out()).isZero();
  }

  private static JsonNode get(String home, String id) throws Exception {
    ReconRuns.Run r = recon("get", "--home", home, "--json", id);
    assertThat(r.exit()).as(r.out()).isZero();
    return JSON.readTree(r.out());
  }

  /** The artifact's lines from the matching stage (settlements and reversals), described. */
  private static List<String> matchLines(
      JsonNode artifact, java.util.function.Function<JsonNode, String> describe) {
    List<String> out = new ArrayList<>();
    artifact
        .path("lines")
        .forEach(
            l -> {
              if ("recon.match".equals(l.path("source").asText())) {
                out.add(describe.apply(l));
              }
            });
    return out;
  }

  private static List<String> settlements(JsonNode artifact) {
    return matchLines(artifact, l -> l.path("eventId").asText());
  }

  /** Every committed matching manifest, by batch, and the latest decision per statement line. */
  private record Matching(
      Map<Long, MatchCodec.Manifest> manifests, Map<String, MatchResult> latest) {}

  private static Matching matching(String home) {
    Map<Long, MatchCodec.Manifest> manifests = new TreeMap<>();
    Map<String, MatchResult> latest = new TreeMap<>();
    try (LocalSession s = LocalSession.open(Path.of(home))) {
      MatchBook book = new MatchBook(s.clients().objectStore());
      for (long n : book.batches()) {
        manifests.put(n, book.manifest(n).orElseThrow());
      }
      book.latestDecisions().forEach((id, d) -> latest.put(id, d.result()));
    }
    return new Matching(manifests, latest);
  }

  /**
   * The bank's statement of both tests: a line naming order-1, a line of order-2's amount without a
   * reference, a line naming order-4.
   */
  private static final String STATEMENT =
      statement("s1", "125.40", "payout order-1", "21")
          + statement("s2", "10.00", "", "21")
          + statement("s3", "55.00", "payout order-4", "21");

  /**
   * Orders 1 and 2 (and 3, with {@code withOrder3}) charged and paid in full on the 20th, and
   * {@link #STATEMENT} on the 21st.
   */
  private void landOrdersAndStatement(String home, boolean withOrder3) throws Exception {
    ingest(
        home,
        "20",
        "orders",
        event("c1", "order-1", "DEBIT", "125.40", "20")
            + event("p1", "order-1", "CREDIT", "125.40", "20")
            + event("c2", "order-2", "DEBIT", "10.00", "20")
            + event("p2", "order-2", "CREDIT", "10.00", "20")
            + (withOrder3
                ? event("c3", "order-3", "DEBIT", "7.00", "20")
                    + event("p3", "order-3", "CREDIT", "7.00", "20")
                : ""));
    ingest(home, "21", "statement", STATEMENT);
  }

  /** A rule set whose external source is "bank" and whose settling lines are X/CREDIT. */
  private Path rules() throws java.io.IOException {
    return Files.writeString(
        tmp.resolve("rules.yaml"),
        String.join(
            "\n",
            "version: 1",
            "externalSources: [bank]",
            "settling: [{type: X, side: CREDIT}]",
            "autoConfirmScore: 0.90",
            "rules:",
            "  - {name: reference-exact, reference: CONTAINS_ARTIFACT_ID,"
                + " amount: {tolerance: \"0.00\"}, valueDateWindow: P5D, score: 1.00}",
            "  - {name: amount-date, amount: {tolerance: \"0.00\"}, valueDateWindow: P3D,"
                + " score: 0.80}",
            ""));
  }

  @Test
  void statementLines_shouldSettleTheirPaymentsOnce_throughTheSamePipeline() throws Exception {
    // GIVEN a rule set whose external source is "bank" and whose settling lines are X/CREDIT
    String home = kept.home(tmp.resolve("home"));
    Path rules = rules();
    // AND three orders paid in full, and the bank's statement: one line naming order-1, one
    // line of order-2's amount without a reference, one naming order-4, which is not paid yet
    landOrdersAndStatement(home, true);

    // WHEN they run with the rule set
    ReconRuns.Run run = recon("run", "--home", home, "--rules", rules.toString());
    assertThat(run.exit()).as(run.out()).isZero();

    // THEN s1 is MATCHED and settles p1, s2 is only SUGGESTED (score 0.80), s3 UNMATCHED
    Matching m = matching(home);
    assertThat(m.latest().get("s1").status()).isEqualTo(MatchStatus.MATCHED);
    assertThat(m.latest().get("s1").settledEventIds()).containsExactly("p1");
    assertThat(m.latest().get("s1").rule()).isEqualTo("reference-exact");
    assertThat(m.latest().get("s2").status()).isEqualTo(MatchStatus.SUGGESTED);
    assertThat(m.latest().get("s2").candidates())
        .singleElement()
        .satisfies(c -> assertThat(c.settledEventIds()).containsExactly("p2"));
    assertThat(m.latest().get("s3").status()).isEqualTo(MatchStatus.UNMATCHED);
    long instructions =
        m.manifests().values().stream().mapToLong(x -> x.count(MatchStage.INSTRUCTIONS)).sum();
    assertThat(instructions).isEqualTo(1);

    // AND the settlement instruction went through the pipeline as an input of its own and is in
    // order-1's history; its debits, credits and balance are the internal side's, unchanged
    JsonNode o1 = get(home, "order-1");
    assertThat(settlements(o1)).containsExactly("settle:p1");
    assertThat(o1.path("balances").path("EUR").asText()).isEqualTo("0.00");
    assertThat(o1.path("credits").path("EUR").asText()).isEqualTo("125.40");
    assertThat(o1.path("status").asText()).isEqualTo("RECONCILED");
    assertThat(o1.path("settlement").path("EUR").toString())
        .isEqualTo("{\"expected\":\"125.40\",\"settled\":\"125.40\",\"difference\":\"0.00\"}");
    // AND order-2 balances but its payment is not on the statement yet (only suggested): OPEN
    JsonNode o2 = get(home, "order-2");
    assertThat(settlements(o2)).isEmpty();
    assertThat(o2.path("balances").path("EUR").asText()).isEqualTo("0.00");
    assertThat(o2.path("settlement").path("EUR").path("difference").asText()).isEqualTo("10.00");
    assertThat(o2.path("status").asText()).isEqualTo("OPEN");

    // WHEN nothing new lands and it runs again, then the statement is sent again
    assertThat(recon("run", "--home", home).exit()).isZero();
    assertThat(get(home, "order-1")).isEqualTo(o1);
    // (s1 and s3 as they were, s2 with another amount)
    ingest(
        home,
        "22",
        "statement-again",
        STATEMENT.replace(
            "\"amount\":\"10.00\",\"currency\":\"EUR\",\"source\":\"bank\"",
            "\"amount\":\"10.01\",\"currency\":\"EUR\",\"source\":\"bank\""));
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN the re-sent lines are duplicates: nothing settles twice; the changed s2 is quarantined
    Matching again = matching(home);
    assertThat(
            again.manifests().values().stream()
                .mapToLong(x -> x.count(MatchStage.DUPLICATES))
                .sum())
        .isEqualTo(2);
    assertThat(
            again.manifests().values().stream().mapToLong(x -> x.count(MatchStage.CONFLICTS)).sum())
        .isEqualTo(1);
    assertThat(settlements(get(home, "order-1"))).containsExactly("settle:p1");
    assertThat(again.latest().get("s2").status()).isEqualTo(MatchStatus.SUGGESTED);
    ReconRuns.Run quarantined = recon("quarantine", "list", "--home", home, "--json");
    assertThat(quarantined.exit()).as(quarantined.err()).isZero();
    List<JsonNode> records = new ArrayList<>();
    for (String l : quarantined.out().lines().toList()) {
      records.add(JSON.readTree(l));
    }
    assertThat(records).hasSize(1);
    JsonNode q = records.get(0);
    assertThat(q.toString())
        .contains("\"reason\":\"CONFLICTING_DUPLICATE\"")
        .contains("statement line s2 was already received with different content")
        .contains("10.01")
        .contains("stateless/");

    // WHEN order-4 is charged and paid later
    ingest(
        home,
        "23",
        "order-4",
        event("c4", "order-4", "DEBIT", "55.00", "22")
            + event("p4", "order-4", "CREDIT", "55.00", "22"));
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN the open statement line s3 is retried and matches it, once
    assertThat(matching(home).latest().get("s3").status()).isEqualTo(MatchStatus.MATCHED);
    assertThat(settlements(get(home, "order-4"))).containsExactly("settle:p4");
    assertThat(
            matching(home).manifests().values().stream()
                .mapToLong(x -> x.count(MatchStage.INSTRUCTIONS))
                .sum())
        .isEqualTo(2);
    assertThat(recon("status", "--home", home).out()).doesNotContain("FAILURE");

    // AND the export shows each statement line's latest decision, as the stage decided it
    ReconRuns.Run matches = recon("matches", "--home", home);
    assertThat(matches.exit()).as(matches.out()).isZero();
    List<JsonNode> exported = jsonLines(matches.out());
    assertThat(exported)
        .extracting(n -> n.path("eventId").asText() + " " + n.path("status").asText())
        .containsExactly("s1 MATCHED", "s2 SUGGESTED", "s3 MATCHED");
    assertThat(exported.get(2).path("settledEventIds").toString()).isEqualTo("[\"p4\"]");
    assertThat(exported.get(2).path("artifactIds").toString()).isEqualTo("[\"order-4\"]");
    assertThat(exported.get(2).path("amount").asText()).isEqualTo("55.00");
    assertThat(exported.get(1).path("settledEventIds").toString()).isEqualTo("[]");
    assertThat(recon("matches", "--home", home, "--format", "csv").out().lines().toList())
        .hasSize(4)
        .first()
        .isEqualTo(MatchesCommand.MATCHES_CSV_HEADER);

    // AND the breaks, aged at the end of December, are the suggested line and the payments no
    // statement settled, past the P5D window
    ReconRuns.Run breaks =
        recon("breaks", "--home", home, "--json", "--as-of", "2026-12-31T00:00:00Z");
    assertThat(breaks.exit()).as(breaks.out()).isZero();
    List<JsonNode> open = jsonLines(breaks.out());
    assertThat(open)
        .extracting(
            n ->
                String.join(
                    " ",
                    n.path("kind").asText(),
                    n.path("eventId").asText(),
                    n.path("reason").asText(),
                    n.path("ageDays").asText(),
                    n.path("bucket").asText()))
        .containsExactly(
            "EXTERNAL s2 BELOW_AUTO_CONFIRM 39 31-60",
            "SETTLING p2 UNSETTLED 40 31-60",
            "SETTLING p3 UNSETTLED 40 31-60");
    assertThat(open.get(0).path("candidates").get(0).path("settledEventIds").toString())
        .isEqualTo("[\"p2\"]");
    assertThat(open.get(2).path("artifactId").asText()).isEqualTo("order-3");
    assertThat(recon("breaks", "--home", home, "--as-of", "2026-12-31T00:00:00Z").out())
        .contains("3 open item(s)")
        .containsPattern("SETTLING +31-60 +EUR +17.00 +2 item");
    // AND the report ends with the same totals per bucket
    assertThat(recon("report", "--home", home, "--as-of", "2026-12-31T00:00:00Z").out())
        .contains("3 open matching item(s) as of 2026-12-31T00:00:00Z")
        .containsPattern("EXTERNAL +31-60 +EUR +10.00 +1 item")
        .containsPattern("SETTLING +31-60 +EUR +17.00 +2 item");
  }

  /** Every object under match/ and every input of the matching stage's instructions, by key. */
  private static Map<String, String> matchObjects(String home) {
    Map<String, String> out = new TreeMap<>();
    try (LocalSession s = LocalSession.open(Path.of(home))) {
      var store = s.clients().objectStore();
      for (var o : store.list(dev.recon.core.layout.Layout.MATCH)) {
        out.put(o.key(), new String(store.get(o.key()), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void aStageCutOffBeforeItsManifest_andAReplayedWindow_shouldChangeNoMatchAndNoArtifact()
      throws Exception {
    // GIVEN a matched run: s1 settles p1, s2 waits as SUGGESTED, s3 has no counterpart
    String home = kept.home(tmp.resolve("home"));
    Path rules = rules();
    landOrdersAndStatement(home, false);
    assertThat(recon("run", "--home", home, "--rules", rules.toString()).exit()).isZero();
    Map<String, String> objects = matchObjects(home);
    String artifacts = recon("export", "--home", home).out();
    String matches = recon("matches", "--home", home).out();
    assertThat(artifacts).contains("settle:p1");

    // WHEN the stage of the first matched batch is cut off before its manifest (everything else
    // written), and the batch is matched again, as the processor's rerun does
    long first;
    try (LocalSession s = LocalSession.open(Path.of(home))) {
      var store = s.clients().objectStore();
      MatchBook book = new MatchBook(store);
      first = book.batches().first();
      store.delete(dev.recon.core.layout.Layout.matchManifest(first));
      assertThat(book.batches()).doesNotContain(first);
      MatchStage.run(
          store,
          s.clients().batchLedger(),
          dev.recon.core.contract.StateManifest.read(store, first).orElseThrow());
    }

    // THEN every matching object is byte for byte what the first attempt wrote
    assertThat(matchObjects(home)).isEqualTo(objects);

    // WHEN the whole window is replayed (orders, statement and the instructions input)
    ReconRuns.Run replayed =
        recon(
            "replay",
            "--home",
            home,
            "--from",
            "2026-11-20T00:00:00Z",
            "--to",
            "2026-11-24T00:00:00Z");
    assertThat(replayed.exit()).as(replayed.out()).isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN no artifact changes, no decision changes, nothing is settled again: the replay's
    // matching saw only duplicates and emitted no instruction
    assertThat(recon("export", "--home", home).out()).isEqualTo(artifacts);
    assertThat(recon("matches", "--home", home).out()).isEqualTo(matches);
    Matching after = matching(home);
    long matchedBefore =
        objects.keySet().stream().filter(k -> k.endsWith("/manifest.json")).count();
    assertThat((long) after.manifests().size()).isGreaterThan(matchedBefore);
    assertThat(
            after.manifests().values().stream()
                .mapToLong(x -> x.count(MatchStage.INSTRUCTIONS))
                .sum())
        .isEqualTo(1);
    assertThat(
            after.manifests().values().stream()
                .mapToLong(x -> x.count(MatchStage.DUPLICATES))
                .sum())
        .isEqualTo(3);
  }

  /** The lines of an artifact from the matching stage, as "eventId side amount actor". */
  private static List<String> settlementLines(JsonNode artifact) {
    return matchLines(
        artifact,
        l ->
            String.join(
                " ",
                l.path("eventId").asText(),
                l.path("side").asText(),
                l.path("amount").asText(),
                l.path("attributes").path("actor").asText("-")));
  }

  @Test
  void manualConfirmUnmatchAndMatch_shouldGoThroughThePipeline_audited_andAppliedOnce()
      throws Exception {
    // GIVEN a matched run: s1 settles p1, s2 is SUGGESTED for p2, s3 has no counterpart
    String home = kept.home(tmp.resolve("home"));
    landOrdersAndStatement(home, true);
    assertThat(recon("run", "--home", home, "--rules", rules().toString()).exit()).isZero();
    JsonNode o1 = get(home, "order-1");

    // WHEN a line in the wrong state is named, the command refuses at once and lands nothing
    ReconRuns.Run wrong = recon("confirm", "--home", home, "--actor", "alice", "s3");
    assertThat(wrong.exit()).isEqualTo(Exit.USAGE);
    assertThat(wrong.err()).contains("s3 is UNMATCHED, not SUGGESTED");
    assertThat(recon("match", "--home", home, "nope", "--to", "order-3", "--reason", "r").exit())
        .isEqualTo(Exit.NOT_FOUND);
    ReconRuns.Run notOpen =
        recon("match", "--home", home, "s3", "--to", "order-3", "--lines", "p1", "--reason", "r");
    assertThat(notOpen.exit()).isEqualTo(Exit.NOT_FOUND);
    assertThat(notOpen.err()).contains("p1 is not an open EUR settling line of order-3");

    // WHEN the accountant confirms s2 twice before a run (alice as on AWS, where moto is
    // installed), unmatches s1 and matches s3 to order-3
    ReconRuns.Run confirm =
        MotoServer.executable().isPresent()
            ? confirmOnAws(home)
            : recon("confirm", "--home", home, "--actor", "alice", "s2", "--reason", "checked");
    assertThat(confirm.exit()).as(confirm.out() + confirm.err()).isZero();
    assertThat(confirm.out()).contains("recorded confirm s2 by alice: checked");
    assertThat(recon("confirm", "--home", home, "--actor", "bob", "s2").exit()).isZero();
    assertThat(
            recon(
                    "unmatch",
                    "--home",
                    home,
                    "--actor",
                    "alice",
                    "s1",
                    "--reason",
                    "another customer's payout")
                .exit())
        .isZero();
    assertThat(
            recon(
                    "match",
                    "--home",
                    home,
                    "--actor",
                    "carol",
                    "s3",
                    "--to",
                    "order-3",
                    "--reason",
                    "wire for order-3, see ticket 42")
                .exit())
        .isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN s2 is MANUAL (the suggesting rule, once: bob's second confirm is refused with the
    // reason), s1 is held for a manual match, s3 is MANUAL to order-3
    Matching m = matching(home);
    assertThat(m.latest().get("s2").status()).isEqualTo(MatchStatus.MANUAL);
    assertThat(m.latest().get("s2").rule()).isEqualTo("amount-date");
    assertThat(m.latest().get("s1").status()).isEqualTo(MatchStatus.UNMATCHED);
    assertThat(m.latest().get("s3").status()).isEqualTo(MatchStatus.MANUAL);
    assertThat(m.latest().get("s3").settledEventIds()).containsExactly("p3");
    assertThat(
            m.manifests().values().stream()
                .mapToLong(x -> x.count(MatchStage.MANUAL_APPLIED))
                .sum())
        .isEqualTo(3);
    List<JsonNode> actions = new ArrayList<>();
    try (LocalSession s = LocalSession.open(Path.of(home))) {
      var store = s.clients().objectStore();
      for (long n : m.manifests().keySet()) {
        String key = dev.recon.core.layout.Layout.matchDir(n) + MatchStage.ACTIONS;
        if (store.head(key).isPresent()) {
          actions.addAll(
              jsonLines(new String(store.get(key), java.nio.charset.StandardCharsets.UTF_8)));
        }
      }
    }
    assertThat(actions)
        .extracting(
            a -> a.path("actor").asText() + " " + a.path("kind").asText() + " " + a.path("applied"))
        .containsExactlyInAnyOrder(
            "alice CONFIRM true", "bob CONFIRM false", "alice UNMATCH true", "carol MATCH true");
    assertThat(actions)
        .filteredOn(a -> a.path("actor").asText().equals("bob"))
        .singleElement()
        .satisfies(
            a -> assertThat(a.path("refused").asText()).contains("s2 is settled already (MANUAL)"));

    // AND the artifacts show it through their own lines, never their balances: order-2 and
    // order-3 settled by hand (RECONCILED), order-1 settled then reversed (OPEN, 125.40 to settle)
    JsonNode o2 = get(home, "order-2");
    assertThat(settlementLines(o2)).containsExactly("settle:p2 CREDIT 10.00 alice");
    assertThat(o2.path("status").asText()).isEqualTo("RECONCILED");
    assertThat(settlementLines(get(home, "order-3")))
        .containsExactly("settle:p3 CREDIT 7.00 carol");
    JsonNode o1after = get(home, "order-1");
    assertThat(settlementLines(o1after))
        .containsExactlyInAnyOrder("settle:p1 CREDIT 125.40 -", "unsettle:p1 DEBIT 125.40 alice");
    assertThat(o1after.path("status").asText()).isEqualTo("OPEN");
    assertThat(o1after.path("settlement").path("EUR").toString())
        .isEqualTo("{\"expected\":\"125.40\",\"settled\":\"0.00\",\"difference\":\"125.40\"}");
    assertThat(o1after.path("balances")).isEqualTo(o1.path("balances"));
    assertThat(o1after.path("credits")).isEqualTo(o1.path("credits"));
    // AND s1 is a break waiting for a manual match: the rules leave it alone though p1 fits it
    assertThat(recon("breaks", "--home", home, "--json").out())
        .contains("\"eventId\":\"s1\"")
        .contains("\"reason\":\"UNMATCHED_BY_HAND\"");
    assertThat(recon("run", "--home", home).exit()).isZero();
    assertThat(settlementLines(get(home, "order-1"))).hasSize(2);
    // AND a dry run without --statement takes the stored lines still open (s1): the rules would
    // match it to p1 again, which is what the accountant sees before matching it back
    ReconRuns.Run dry =
        recon("rules", "test", "--home", home, "--rules", rules().toString(), "--json");
    assertThat(dry.exit()).as(dry.err()).isZero();
    JsonNode summary = JSON.readTree(dry.out());
    assertThat(summary.path("statementLines").asLong()).isEqualTo(1);
    assertThat(summary.path("matched").asLong()).isEqualTo(1);
    assertThat(summary.path("statement").asText()).startsWith("the 1 stored statement lines open");

    // WHEN s1 is matched back by hand
    assertThat(
            recon(
                    "match",
                    "--home",
                    home,
                    "--actor",
                    "alice",
                    "s1",
                    "--to",
                    "order-1",
                    "--reason",
                    "it was right after all")
                .exit())
        .isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN p1's new settlement has an eventId of its own, and order-1 is RECONCILED again
    JsonNode o1back = get(home, "order-1");
    assertThat(settlementLines(o1back))
        .containsExactlyInAnyOrder(
            "settle:p1 CREDIT 125.40 -",
            "unsettle:p1 DEBIT 125.40 alice",
            "settle2:p1 CREDIT 125.40 alice");
    assertThat(o1back.path("status").asText()).isEqualTo("RECONCILED");
    // AND the export names who decided by hand and why
    List<JsonNode> exported = jsonLines(recon("matches", "--home", home).out());
    assertThat(exported)
        .extracting(
            n ->
                n.path("eventId").asText()
                    + " "
                    + n.path("status").asText()
                    + " "
                    + n.path("manual").path("actor").asText("-")
                    + " "
                    + n.path("manual").path("kind").asText("-"))
        .containsExactly(
            "s1 MANUAL alice MATCH", "s2 MANUAL alice CONFIRM", "s3 MANUAL carol MATCH");
    assertThat(exported.get(2).path("manual").path("reason").asText())
        .isEqualTo("wire for order-3, see ticket 42");
  }

  /**
   * alice's {@code recon confirm s2 --aws}, as on a deployed stack: every object of the local stack
   * is copied into moto's S3 (the deployed bucket, environment {@code moto}); the command runs in a
   * JVM of its own with the deployed stack's environment variables and nothing local; the object it
   * uploads is then registered in the local stack under the same key and metadata, as the backlog
   * manager registers it from the bucket's notification, so the rest of the test applies it. Also
   * checks that a line the latest matching does not know is refused before anything is uploaded,
   * and that a missing bucket setting is a usage error.
   */
  private ReconRuns.Run confirmOnAws(String home) throws Exception {
    MotoServer moto = new MotoServer();
    moto.beforeAll(null);
    try (AwsClientFactory aws =
            new AwsClientFactory(
                ReconSettings.builder()
                    .environment("moto")
                    .region("eu-west-1")
                    .bucket("recon-moto")
                    .s3Endpoint(moto.endpoint())
                    .accessKeyId(MotoServer.ACCESS_KEY_ID)
                    .secretAccessKey(MotoServer.SECRET_ACCESS_KEY)
                    .build());
        LocalSession local = LocalSession.open(Path.of(home))) {
      ReconTables.ensureBucket(aws.s3(), "recon-moto", "eu-west-1");
      ObjectStore here = local.clients().objectStore();
      for (ObjectInfo o : here.list("")) {
        aws.objectStore()
            .put(o.key(), here.get(o.key()), here.head(o.key()).orElseThrow().metadata());
      }
      Map<String, String> env = new TreeMap<>();
      env.put(ReconSettings.ENVIRONMENT, "moto");
      env.put("AWS_REGION", "eu-west-1");
      env.put(ReconSettings.BUCKET, "recon-moto");
      env.put(ReconSettings.S3_ENDPOINT, moto.endpoint());
      env.put(ReconSettings.ACCESS_KEY_ID, MotoServer.ACCESS_KEY_ID);
      env.put(ReconSettings.SECRET_ACCESS_KEY, MotoServer.SECRET_ACCESS_KEY);

      ReconRuns.Run unknown = forked(env, "confirm", "--aws", "--actor", "alice", "nope");
      assertThat(unknown.exit()).as(unknown.err()).isEqualTo(Exit.NOT_FOUND);
      assertThat(unknown.err()).contains("no statement line nope");
      Map<String, String> noBucket = new TreeMap<>(env);
      noBucket.remove(ReconSettings.BUCKET);
      ReconRuns.Run usage = forked(noBucket, "confirm", "--aws", "--actor", "alice", "s2");
      assertThat(usage.exit()).isEqualTo(Exit.USAGE);
      assertThat(usage.err()).contains(ReconSettings.BUCKET);
      assertThat(aws.objectStore().list("input/"))
          .noneMatch(o -> o.key().contains(Layout.MANUAL_INSTRUCTIONS_PREFIX));

      ReconRuns.Run confirm =
          forked(env, "confirm", "--aws", "--actor", "alice", "s2", "--reason", "checked");
      List<ObjectInfo> uploaded =
          aws.objectStore().list("input/").stream()
              .filter(o -> o.key().contains(Layout.MANUAL_INSTRUCTIONS_PREFIX))
              .toList();
      assertThat(uploaded).as(confirm.out() + confirm.err()).hasSize(1);
      String key = uploaded.get(0).key();
      assertThat(confirm.out()).contains("uploaded s3://recon-moto/moto/" + key);
      Map<String, String> metadata = aws.objectStore().head(key).orElseThrow().metadata();
      assertThat(metadata).containsKeys(Layout.META_WINDOW_START, Layout.META_WINDOW_END);
      here.put(key, aws.objectStore().get(key), metadata);
      JsonNode answer =
          LocalLambda.backlog(local.clients())
              .call(
                  JSON.createObjectNode()
                      .put("action", "register")
                      .set("keys", JSON.createArrayNode().add(key)));
      assertThat(answer.path("rejected")).as(answer.toString()).isEmpty();
      return confirm;
    } finally {
      moto.afterAll(null);
    }
  }

  /** {@code recon args…} in a JVM of its own with {@code env} added to its environment. */
  private ReconRuns.Run forked(Map<String, String> env, String... args) throws Exception {
    Path out = Files.createTempFile(tmp, "forked-", ".out");
    Path err = Files.createTempFile(tmp, "forked-", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(ReconRuns.forkedCommand(args))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    Process child = pb.start();
    assertThat(child.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    return new ReconRuns.Run(child.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void aRunKilledBySigkillInTheMatchingStage_shouldEndAsAnUninterruptedRun_whenRunAgain()
      throws Exception {
    // GIVEN the same orders and statement in two homes, one run through without interruption
    // (not kept until the forked run is over: it must be able to take the home's lock)
    String killed = tmp.resolve("killed").toAbsolutePath().normalize().toString();
    String reference = kept.home(tmp.resolve("reference"));
    Path rules = rules();
    for (String home : List.of(killed, reference)) {
      landOrdersAndStatement(home, false);
    }
    assertThat(recon("run", "--home", reference, "--rules", rules.toString()).exit()).isZero();

    // WHEN the other home's run is SIGKILLed inside the matching stage, after it wrote every
    // object of the batch but its manifest
    Path log = tmp.resolve("killed.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                ReconRuns.forkedCommand("run", "--home", killed, "--rules", rules.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment()
        .put(
            dev.recon.core.fault.CrashPoint.ENV,
            dev.recon.core.fault.CrashPoint.MATCH_BEFORE_MANIFEST);
    Process child = pb.start();
    assertThat(child.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    // 137 = 128 + SIGKILL
    assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(137);
    Map<String, String> cut = matchObjects(killed);
    assertThat(cut.keySet()).anyMatch(k -> k.endsWith("/results.jsonl"));
    assertThat(cut.keySet()).noneMatch(k -> k.endsWith("/manifest.json"));

    // AND it is run again (from here on with a stack kept across the commands)
    kept.home(tmp.resolve("killed"));
    ReconRuns.Run again = recon("run", "--home", killed);
    assertThat(again.exit()).as(again.out() + again.err()).isZero();

    // THEN every artifact, every decision and every matching object is the uninterrupted run's,
    // byte for byte, and p1 is settled once
    assertThat(recon("export", "--home", killed).out())
        .isEqualTo(recon("export", "--home", reference).out());
    assertThat(recon("matches", "--home", killed).out())
        .isEqualTo(recon("matches", "--home", reference).out());
    assertThat(matchObjects(killed)).isEqualTo(matchObjects(reference));
    assertThat(settlements(get(killed, "order-1"))).containsExactly("settle:p1");
    assertThat(recon("status", "--home", killed).out()).doesNotContain("FAILURE");
  }

  private static List<JsonNode> jsonLines(String out) {
    List<JsonNode> nodes = new ArrayList<>();
    for (String l : out.lines().filter(x -> !x.isBlank()).toList()) {
      try {
        nodes.add(JSON.readTree(l));
      } catch (java.io.IOException e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }
    return nodes;
  }
}
