package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.contract.PartFile;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.watermark.SourceStats;
import dev.recon.spark.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pipeline on SharedSpark over an in-memory store: small, fast, every step exercised. */
class StatelessReducerPipelineTest {
  private static SparkSession spark;

  @BeforeAll
  static void spark() {
    spark = SharedSpark.session();
  }

  private static InMemoryStoreProvider withInputs(String name) {
    InMemoryStoreProvider p = InMemoryStoreProvider.fresh(name);
    InMemoryObjectStore s = p.store();
    s.put(
        "input/2026/11/01/10/a.jsonl",
        TestLines.jsonl(
            List.of(
                TestLines.event("e1", "k1", "2026-11-01T10:00:00Z", "DEBIT", "10.00", "USD"),
                TestLines.event("e2", "k1", "2026-11-01T09:00:00Z", "CREDIT", "4", "USD"),
                TestLines.event("e3", "k2", "2026-11-01T10:01:00Z", "DEBIT", "7.5", "EUR"),
                "{broken")));
    s.put(
        "input/2026/11/01/11/b.jsonl.gz",
        TestLines.gzip(
            TestLines.jsonl(
                List.of(
                    TestLines.reordered("e1", "k1", "2026-11-01T10:00:00Z", "DEBIT", "10.0", "USD"),
                    TestLines.event("e4", "k3", "2026-11-01T11:00:00Z", "DEBIT", "1", "JPY"),
                    TestLines.event("e5", "k3", "2026-11-01T11:00:00Z", "DEBIT", "2", "JPY"),
                    TestLines.event("e5", "k3", "2026-11-01T11:00:00Z", "DEBIT", "3", "JPY")))));
    return p;
  }

  private static final List<String> INPUTS =
      List.of("input/2026/11/01/11/b.jsonl.gz", "input/2026/11/01/10/a.jsonl");

  private static Map<String, byte[]> snapshot(InMemoryObjectStore s, long batch) {
    Map<String, byte[]> out = new TreeMap<>();
    for (String prefix : List.of(Layout.statelessDir(batch), Layout.quarantineDir(batch))) {
      for (ObjectInfo o : s.list(prefix)) {
        out.put(o.key(), s.get(o.key()));
      }
    }
    return out;
  }

  @Test
  void run_shouldWriteArtifactsKeysQuarantineAndManifest_whenInputsMixValidDuplicateAndBadLines() {
    // GIVEN two inputs (one gzip) with an exact duplicate written differently, a conflict and a bad
    // line
    InMemoryStoreProvider p = withInputs("pipeline-basic");

    // WHEN the reducer runs as batch 3 with 2 part-files
    StatelessManifest m =
        StatelessReducerPipeline.run(
            spark, p, ReducerConfig.of(3, INPUTS).withPartitions(2), RulesConfig.DEFAULTS);

    // THEN every line is accounted for
    // (the conflicting pair is handed on, first copy and rival, for the stateful merge to decide)
    assertThat(m.count(LedgerNames.READ)).isEqualTo(8);
    assertThat(m.count(LedgerNames.ACCEPTED)).isEqualTo(6);
    assertThat(m.count(LedgerNames.DUPLICATES)).isEqualTo(1);
    assertThat(m.count(LedgerNames.QUARANTINED)).isEqualTo(1);
    assertThat(m.count("quarantined.CONFLICTING_DUPLICATE")).isZero();
    assertThat(m.count("quarantined.MALFORMED_JSON")).isEqualTo(1);
    assertThat(m.count(LedgerNames.KEYS)).isEqualTo(3);
    assertThat(m.balanced()).isTrue();
    // in the plan's order (the total order of inputs), not sorted
    assertThat(m.inputKeys()).containsExactlyElementsOf(INPUTS);

    // AND the artifacts hold the distinct events in order with their totals
    InMemoryObjectStore s = p.store();
    Map<String, StatelessArtifact> byKey =
        m.artifacts().stream()
            .flatMap(f -> new String(s.get(f.key()), StandardCharsets.UTF_8).lines())
            .map(l -> CanonicalJson.decodeStateless(l.getBytes(StandardCharsets.UTF_8)))
            .collect(Collectors.toMap(StatelessArtifact::artifactId, a -> a));
    assertThat(byKey).containsOnlyKeys("k1", "k2", "k3");
    assertThat(byKey.get("k1").events()).extracting(e -> e.eventId()).containsExactly("e2", "e1");
    assertThat(byKey.get("k1").debits()).containsEntry("USD", new java.math.BigDecimal("10.00"));
    assertThat(byKey.get("k1").credits()).containsEntry("USD", new java.math.BigDecimal("4.00"));
    // e5's conflicting copies: the first (amount 2) is the event, the other its rival
    assertThat(byKey.get("k3").events()).extracting(e -> e.eventId()).containsExactly("e4", "e5");
    assertThat(byKey.get("k3").rivals())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.event().amount()).isEqualByComparingTo("3");
              assertThat(r.origins())
                  .singleElement()
                  .extracting(o -> o.inputObject())
                  .isEqualTo("input/2026/11/01/11/b.jsonl.gz");
            });
    assertThat(byKey.get("k3").debits().get("JPY")).isEqualByComparingTo("3");
    String keys =
        m.keys().stream()
            .map(f -> new String(s.get(f.key()), StandardCharsets.UTF_8))
            .collect(Collectors.joining());
    assertThat(keys.lines().sorted().toList()).containsExactly("k1", "k2", "k3");

    // AND the manifest lists every part with its exact size and is the object written last
    for (PartFile f : m.allParts()) {
      assertThat(s.get(f.key())).hasSize((int) f.bytes());
    }
    assertThat(StatelessManifest.decode(s.get(Layout.statelessManifest(3)))).isEqualTo(m);
  }

  private static String statement(String eventId, String time, String amount, String reference) {
    return TestLines.event(eventId, "unused", time, "CREDIT", amount, "USD")
        .replace("\"artifactId\":\"unused\",", "")
        .replace("\"test\"", "\"bank\"")
        .replace("}", ",\"reference\":\"" + reference + "\"}");
  }

  private static InMemoryStoreProvider withStatement(String name) {
    InMemoryStoreProvider p = InMemoryStoreProvider.fresh(name);
    p.store()
        .put(
            "input/2026/11/01/12/s.jsonl",
            TestLines.jsonl(
                List.of(
                    TestLines.event(
                        "pay-1", "order-1", "2026-11-01T10:00:00Z", "CREDIT", "5", "USD"),
                    statement("st-1", "2026-11-01T12:00:00Z", "5", "order-1"),
                    statement("st-2", "2026-11-01T11:00:00Z", "7", "payout 7"),
                    statement("st-2", "2026-11-01T11:00:00Z", "7", "payout 7"),
                    statement("st-3", "2026-11-01T11:30:00Z", "8", "x"),
                    statement("st-3", "2026-11-01T11:30:00Z", "9", "x"),
                    // a keyed line of the external source is a statement line too
                    TestLines.event("st-4", "order-1", "2026-11-01T12:30:00Z", "CREDIT", "5", "USD")
                        .replace("\"test\"", "\"bank\""))));
    return p;
  }

  private static List<String> lines(InMemoryObjectStore s, List<PartFile> parts) {
    return parts.stream()
        .flatMap(f -> new String(s.get(f.key()), StandardCharsets.UTF_8).lines())
        .toList();
  }

  @Test
  void run_shouldRouteExternalLinesToTheExternalFiles_keyedOrNot_andCountThem() {
    // GIVEN an internal payment, and statement lines of source "bank": unkeyed, re-sent, changed
    // between copies, and one with a key
    InMemoryStoreProvider p = withStatement("pipeline-external");

    // WHEN the batch's rule set declares "bank" external
    StatelessManifest m =
        StatelessReducerPipeline.run(
            spark,
            p,
            ReducerConfig.of(4, List.of("input/2026/11/01/12/s.jsonl"))
                .withPartitions(3)
                .withExternalSources(List.of("bank")),
            RulesConfig.DEFAULTS);

    // THEN every line is accounted for: 4 distinct statement lines and st-3's rival are external
    assertThat(m.count(LedgerNames.READ)).isEqualTo(7);
    assertThat(m.count(LedgerNames.DUPLICATES)).isEqualTo(1);
    assertThat(m.count(LedgerNames.QUARANTINED)).isZero();
    assertThat(m.count(LedgerNames.ACCEPTED)).isEqualTo(6);
    assertThat(m.count(StatelessManifest.EXTERNAL)).isEqualTo(5);
    assertThat(m.balanced()).isTrue();
    assertThat(m.external())
        .extracting(PartFile::key)
        .containsExactly(
            Layout.statelessExternal(4, 0),
            Layout.statelessExternal(4, 1),
            Layout.statelessExternal(4, 2));
    InMemoryObjectStore s = p.store();
    List<dev.recon.core.model.Event> external =
        lines(s, m.external()).stream()
            .map(l -> CanonicalJson.decodeEvent(l.getBytes(StandardCharsets.UTF_8)))
            .toList();
    assertThat(external)
        .extracting(e -> e.eventId() + "/" + e.artifactId() + "/" + e.amount().toPlainString())
        .containsExactlyInAnyOrder(
            "st-1//5.00", "st-2//7.00", "st-3//8.00", "st-3//9.00", "st-4/order-1/5.00");
    // a rival follows its accepted content
    List<String> ids = external.stream().map(dev.recon.core.model.Event::eventId).toList();
    assertThat(ids.lastIndexOf("st-3") - ids.indexOf("st-3")).isEqualTo(1);
    assertThat(external.get(ids.indexOf("st-3")).amount()).isEqualByComparingTo("8");

    // AND no statement line reaches an artifact: order-1 holds its payment only, no empty key
    assertThat(lines(s, m.artifacts()))
        .singleElement()
        .satisfies(
            l -> {
              StatelessArtifact a =
                  CanonicalJson.decodeStateless(l.getBytes(StandardCharsets.UTF_8));
              assertThat(a.artifactId()).isEqualTo("order-1");
              assertThat(a.events()).extracting(e -> e.eventId()).containsExactly("pay-1");
            });
    assertThat(lines(s, m.keys())).containsExactly("order-1");
    assertThat(m.sources().bySource().get("bank").events()).isEqualTo(4);
    assertThat(StatelessManifest.decode(s.get(Layout.statelessManifest(4)))).isEqualTo(m);

    // AND the same lines land whatever the partitioning
    InMemoryStoreProvider q = withStatement("pipeline-external-5");
    StatelessManifest five =
        StatelessReducerPipeline.run(
            spark,
            q,
            ReducerConfig.of(4, List.of("input/2026/11/01/12/s.jsonl"))
                .withPartitions(5)
                .withExternalSources(List.of("bank")),
            RulesConfig.DEFAULTS);
    assertThat(lines(q.store(), five.external()))
        .containsExactlyInAnyOrderElementsOf(lines(s, m.external()));
  }

  @Test
  void run_shouldQuarantineUnkeyedLinesAndWriteNoExternalFiles_whenTheBatchHasNoRuleSet() {
    InMemoryStoreProvider p = withStatement("pipeline-no-rules");

    StatelessManifest m =
        StatelessReducerPipeline.run(
            spark,
            p,
            ReducerConfig.of(4, List.of("input/2026/11/01/12/s.jsonl")).withPartitions(3),
            RulesConfig.DEFAULTS);

    // the five unkeyed copies are MISSING_FIELD; the keyed st-4 is an ordinary line of order-1
    assertThat(m.count("quarantined.MISSING_FIELD")).isEqualTo(5);
    assertThat(m.count(LedgerNames.ACCEPTED)).isEqualTo(2);
    assertThat(m.counts()).doesNotContainKey(StatelessManifest.EXTERNAL);
    assertThat(m.external()).isEmpty();
    assertThat(new String(m.encode(), StandardCharsets.UTF_8)).doesNotContain("external");
    assertThat(p.store().list(Layout.statelessDir(4) + "external/")).isEmpty();
  }

  @Test
  void run_shouldRecordPerSourceTheLatestAcceptedEventTime_ignoringQuarantinedLines() {
    // GIVEN events of two sources and of none, an exact duplicate, and a conflicting pair (the
    // first copy wins)
    InMemoryStoreProvider p = InMemoryStoreProvider.fresh("pipeline-sources");
    String psp =
        TestLines.event("p1", "k1", "2026-11-01T12:00:00Z", "CREDIT", "1", "USD")
            .replace("\"test\"", "\"psp\"");
    p.store()
        .put(
            "input/2026/11/01/12/s.jsonl",
            TestLines.jsonl(
                List.of(
                    TestLines.event("p0", "k2", "2026-11-01T10:00:00Z", "DEBIT", "1", "USD")
                        .replace("\"test\"", "\"psp\""),
                    psp,
                    psp,
                    TestLines.event("r1", "k3", "2026-11-01T09:00:00.5Z", "DEBIT", "1", "USD")
                        .replace("\"test\"", "\"erp\""),
                    TestLines.event("r2", "k3", "2026-11-01T23:00:00Z", "DEBIT", "1", "USD")
                        .replace("\"test\"", "\"erp\""),
                    TestLines.event("r2", "k3", "2026-11-01T23:00:00Z", "DEBIT", "2", "USD")
                        .replace("\"test\"", "\"erp\""),
                    TestLines.event("n1", "k4", "2026-11-01T08:00:00Z", "DEBIT", "1", "USD")
                        .replace(",\"source\":\"test\"", ""))));

    // WHEN the reducer runs with 3 part-files
    StatelessManifest m =
        StatelessReducerPipeline.run(
            spark,
            p,
            ReducerConfig.of(6, List.of("input/2026/11/01/12/s.jsonl")).withPartitions(3),
            RulesConfig.DEFAULTS);

    // THEN each source has its latest accepted event time and count; the 23:00 pair counts once
    // (its
    // first copy), the rival not at all
    assertThat(m.sources().bySource())
        .containsExactly(
            Map.entry("", new SourceStats(java.time.Instant.parse("2026-11-01T08:00:00Z"), 1)),
            Map.entry("erp", new SourceStats(java.time.Instant.parse("2026-11-01T23:00:00Z"), 2)),
            Map.entry("psp", new SourceStats(java.time.Instant.parse("2026-11-01T12:00:00Z"), 2)));
    assertThat(StatelessManifest.decode(p.store().get(Layout.statelessManifest(6))).sources())
        .isEqualTo(m.sources());
  }

  @Test
  void runMeasured_shouldReportLinesQuarantineAndEveryPut_whenTheBatchIsReduced() {
    // GIVEN the inputs above, whose store counts its own PUTs and GETs independently of the
    // decorators
    InMemoryStoreProvider p = withInputs("pipeline-metrics");
    long putsBefore = p.store().puts.get();
    long getsBefore = p.store().gets.get();

    // WHEN the reducer runs as batch 6 with 2 part-files, measured
    StatelessReducerPipeline.Result r =
        StatelessReducerPipeline.runMeasured(
            spark,
            p,
            ReducerConfig.of(6, INPUTS).withPartitions(2),
            RulesConfig.DEFAULTS,
            PipelineHooks.NONE);

    // THEN in = lines read, out = accepted, quarantined by the injected reasons
    dev.recon.core.metrics.StageMetrics m = r.metrics().orElseThrow();
    assertThat(m.stage()).isEqualTo("reduce");
    assertThat(m.batch()).isEqualTo(Layout.seq(6));
    assertThat(m.eventsIn()).isEqualTo(8);
    assertThat(m.eventsOut()).isEqualTo(6);
    assertThat(m.quarantined()).containsExactlyInAnyOrderEntriesOf(Map.of("MALFORMED_JSON", 1L));
    assertThat(m.eventsIn())
        .isEqualTo(
            m.eventsOut() + r.manifest().count(LedgerNames.DUPLICATES) + m.quarantinedTotal());
    // AND every PUT is counted: 3 files per part-file set plus the manifest, as the store saw them
    long puts = p.store().puts.get() - putsBefore;
    assertThat(puts).isEqualTo(r.manifest().allParts().size() + 1);
    assertThat(m.io().get(dev.recon.core.metrics.IoMetric.S3_PUT_REQUESTS)).isEqualTo(puts);
    // the manifest probe, each input, and the gzip input once more (its size bound is checked
    // first)
    assertThat(m.io().get(dev.recon.core.metrics.IoMetric.S3_GET_REQUESTS))
        .isEqualTo(p.store().gets.get() - getsBefore)
        .isEqualTo(1 + INPUTS.size() + 1);
    assertThat(m.io().get(dev.recon.core.metrics.IoMetric.S3_BYTES_WRITTEN))
        .isEqualTo(
            r.manifest().allParts().stream().mapToLong(PartFile::bytes).sum()
                + r.manifest().encode().length);

    // AND a rerun of the committed batch reports nothing (its metrics are the first run's)
    assertThat(
            StatelessReducerPipeline.runMeasured(
                    spark,
                    p,
                    ReducerConfig.of(6, INPUTS).withPartitions(2),
                    RulesConfig.DEFAULTS,
                    PipelineHooks.NONE)
                .metrics())
        .isEmpty();
  }

  @Test
  void run_shouldChangeNoByte_whenRunAgain_andRefuseTheInputsInAnotherOrder() {
    // GIVEN a committed batch
    InMemoryStoreProvider p = withInputs("pipeline-rerun");
    StatelessReducerPipeline.run(spark, p, ReducerConfig.of(4, INPUTS), RulesConfig.DEFAULTS);
    Map<String, byte[]> first = snapshot(p.store(), 4);
    long puts = p.store().puts.get();

    // WHEN it runs again over the same plan
    StatelessReducerPipeline.run(spark, p, ReducerConfig.of(4, INPUTS), RulesConfig.DEFAULTS);

    // THEN nothing is rewritten
    assertThat(p.store().puts.get()).isEqualTo(puts);
    assertThat(snapshot(p.store(), 4)).containsExactlyInAnyOrderEntriesOf(first);
    // AND the same inputs in another order are another plan (the order decides which copy is first)
    assertThatThrownBy(
            () ->
                StatelessReducerPipeline.run(
                    spark,
                    p,
                    ReducerConfig.of(4, List.of(INPUTS.get(1), INPUTS.get(0))),
                    RulesConfig.DEFAULTS))
        .isInstanceOf(BatchAlreadyCommittedException.class);
    assertThat(p.store().puts.get()).isEqualTo(puts);
  }

  @Test
  void run_shouldRefuse_whenCommittedBatchIsAskedToRunOverOtherInputs() {
    InMemoryStoreProvider p = withInputs("pipeline-refuse");
    StatelessReducerPipeline.run(spark, p, ReducerConfig.of(5, INPUTS), RulesConfig.DEFAULTS);
    assertThatThrownBy(
            () ->
                StatelessReducerPipeline.run(
                    spark,
                    p,
                    ReducerConfig.of(5, List.of("input/2026/11/01/10/a.jsonl")),
                    RulesConfig.DEFAULTS))
        .isInstanceOf(BatchAlreadyCommittedException.class);
  }
}
