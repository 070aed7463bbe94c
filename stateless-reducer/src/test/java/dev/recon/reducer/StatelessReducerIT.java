package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.contract.LedgerInputs;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.port.ObjectStore;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.spark.SharedSpark;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reducer on the embedded stack (s3proxy, DynamoDB Local) with SharedSpark: generated input
 * checked against a hand-computed expectation, the ledger-driven entry point, and a killed run.
 */
class StatelessReducerIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  /** Small enough that the gzip bomb (5 MiB) is over it, large enough for every real object. */
  static final long MAX_OBJECT_BYTES = 4L * 1024 * 1024;

  private static SparkSession spark;
  private static ObjectStore store;
  private static ReconSettings settings;

  @BeforeAll
  static void setUp() {
    spark = SharedSpark.session();
    store = STACK.clients().objectStore();
    settings = STACK.settings();
  }

  private static List<String> land(List<GeneratedInputs.Obj> objects) {
    List<String> keys = new ArrayList<>();
    for (GeneratedInputs.Obj o : objects) {
      store.put(o.key(), o.bytes(), o.metadata());
      keys.add(o.key());
    }
    return keys;
  }

  private static StatelessManifest reduce(
      long batch, List<String> inputs, int chunkEvents, int partitions, PipelineHooks hooks) {
    return reduce(batch, inputs, chunkEvents, partitions, ReducerConfig.SPLIT_BYTES_DEFAULT, hooks);
  }

  private static StatelessManifest reduce(
      long batch,
      List<String> inputs,
      int chunkEvents,
      int partitions,
      long splitBytes,
      PipelineHooks hooks) {
    ReducerConfig config =
        ReducerConfig.of(batch, inputs)
            .withChunkEvents(chunkEvents)
            .withPartitions(partitions)
            .withMaxObjectBytes(MAX_OBJECT_BYTES)
            .withSplitBytes(splitBytes);
    return StatelessReducerPipeline.run(
        spark, new AwsObjectStoreProvider(settings), config, RulesConfig.DEFAULTS, hooks);
  }

  @Test
  void run_shouldAccountForEveryLineAndMatchAnIndependentComputation_whenInputIsMessy() {
    // GIVEN two runs' worth of objects: duplicates, conflicts, every reason, late events, gzip,
    // an empty object, a corrupt gzip and a gzip bomb
    GeneratedInputs gen = new GeneratedInputs(42);
    List<GeneratedInputs.Obj> first =
        List.of(
            gen.object("g-0", 0, 400, false, true),
            gen.object("g-1", 1, 400, true, false),
            gen.object("g-2", 2, 300, false, false),
            GeneratedInputs.empty("g-3", 3),
            gen.corruptGzip("g-4", 3),
            GeneratedInputs.gzipBomb("g-5", 4, 5 * 1024 * 1024));
    List<GeneratedInputs.Obj> second =
        List.of(gen.object("g-6", 5, 500, true, true), gen.object("g-7", 6, 200, false, false));
    List<List<GeneratedInputs.Obj>> runs = List.of(first, second);

    for (int run = 0; run < runs.size(); run++) {
      long batch = 100 + run;
      List<String> keys = land(runs.get(run));
      GeneratedInputs.Expected x = GeneratedInputs.expect(runs.get(run));

      // WHEN the reducer runs over them (chunks of 3 events, 3 part-files)
      StatelessManifest m = reduce(batch, keys, 3, 3, PipelineHooks.NONE);

      // THEN read = accepted + duplicates + quarantined, and each count is the expected one
      assertThat(m.count(LedgerNames.READ))
          .isEqualTo(
              m.count(LedgerNames.ACCEPTED)
                  + m.count(LedgerNames.DUPLICATES)
                  + m.count(LedgerNames.QUARANTINED))
          .isEqualTo(x.read);
      assertThat(m.count(LedgerNames.ACCEPTED)).isEqualTo(x.accepted);
      assertThat(m.count(LedgerNames.DUPLICATES)).isEqualTo(x.duplicates);
      assertThat(m.count(LedgerNames.QUARANTINED)).isEqualTo(x.quarantinedTotal());
      for (QuarantineReason r : QuarantineReason.values()) {
        assertThat(m.count(LedgerNames.QUARANTINED_PREFIX + r.name()))
            .as(r.name())
            .isEqualTo(x.quarantined.getOrDefault(r, 0L));
      }
      assertThat(m.count(LedgerNames.KEYS)).isEqualTo(x.eventIds.size());
      if (run == 0) {
        // every reason but CONFLICTING_DUPLICATE, which the stateful merge decides (conflicts are
        // rivals here)
        assertThat(x.quarantined.keySet())
            .as("every reason is exercised")
            .containsExactlyInAnyOrderElementsOf(
                java.util.EnumSet.complementOf(
                    java.util.EnumSet.of(QuarantineReason.CONFLICTING_DUPLICATE)));
        assertThat(x.rivals).as("conflicts are exercised").isPositive();
        assertThat(x.duplicates).isPositive();
        assertThat(x.late).isPositive();
        assertThat(m.count(StatelessManifest.UNREADABLE_OBJECTS)).isEqualTo(2);
      }

      // AND the artifacts' totals and events equal the independent computation
      TreeMap<String, TreeMap<String, BigDecimal>> debits = new TreeMap<>();
      TreeMap<String, TreeMap<String, BigDecimal>> credits = new TreeMap<>();
      TreeMap<String, TreeSet<String>> ids = new TreeMap<>();
      TreeMap<String, List<Event>> ordered = new TreeMap<>();
      Outputs.eachArtifact(
          store,
          m,
          a -> {
            assertThat(a.events()).hasSizeLessThanOrEqualTo(3);
            assertThat(a.statelessBatch()).isEqualTo(batch);
            a.debits()
                .forEach(
                    (c, v) ->
                        debits
                            .computeIfAbsent(a.artifactId(), k -> new TreeMap<>())
                            .merge(c, v, BigDecimal::add));
            a.credits()
                .forEach(
                    (c, v) ->
                        credits
                            .computeIfAbsent(a.artifactId(), k -> new TreeMap<>())
                            .merge(c, v, BigDecimal::add));
            a.events()
                .forEach(
                    e ->
                        ids.computeIfAbsent(a.artifactId(), k -> new TreeSet<>()).add(e.eventId()));
            ordered.computeIfAbsent(a.artifactId(), k -> new ArrayList<>()).addAll(a.events());
          });
      assertThat(strip(debits)).isEqualTo(strip(x.debits));
      assertThat(strip(credits)).isEqualTo(strip(x.credits));
      assertThat(ids).isEqualTo(x.eventIds);
      ordered.values().forEach(events -> assertThat(events).isSortedAccordingTo(Event.ORDER));
      assertThat(Outputs.keys(store, m))
          .hasSize(x.eventIds.size())
          .containsExactlyInAnyOrderElementsOf(x.eventIds.keySet());

      // AND every quarantine record says where it came from, why, and carries the raw line
      List<QuarantineRecord> q = Outputs.quarantine(store, m);
      assertThat(q).hasSize((int) x.quarantinedTotal());
      for (QuarantineRecord r : q) {
        assertThat(keys).contains(r.inputObject());
        if (r.lineNumber() == 0) {
          assertThat(r.detail()).startsWith(InputObjectReader.UNREADABLE_PREFIX);
        } else {
          assertThat(r.rawText()).isNotEmpty();
        }
      }
    }
  }

  private static Map<String, Map<String, BigDecimal>> strip(
      Map<String, ? extends Map<String, BigDecimal>> m) {
    Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
    m.forEach(
        (k, v) -> {
          Map<String, BigDecimal> inner = new TreeMap<>();
          v.forEach((c, a) -> inner.put(c, a.stripTrailingZeros()));
          out.put(k, inner);
        });
    return out;
  }

  /**
   * A plain object of hard cases: a byte-order mark, multi-byte characters (2, 3 and 4 bytes) in
   * every line, {@code \r\n} ends, empty and broken lines, copies (identical and conflicting) of
   * its own events, and a last line without a newline. Returns the bytes and the numbers of its
   * broken lines.
   */
  private static byte[] hardCases(List<Long> brokenLines) {
    StringBuilder b = new StringBuilder("\uFEFF");
    long line = 0;
    for (int i = 0; i < 40; i++) {
      String ev =
          "{\"eventId\":\"u-"
              + i
              + "\",\"artifactId\":\"order-"
              + (i % 7)
              + "\",\"eventTime\":\"2026-11-20T07:0"
              + (i % 10)
              + ":00Z\",\"type\":\"CHARGE\",\"side\":\""
              + (i % 3 == 0 ? "CREDIT" : "DEBIT")
              + "\",\"amount\":\""
              + (i + 1)
              + ".5\",\"currency\":\"EUR\",\"source\":\"t\",\"reference\":\"réf-€-😀-"
              + i
              + "\"}";
      b.append(ev).append(i % 4 == 0 ? "\r\n" : "\n");
      line++;
      if (i % 5 == 0) {
        b.append("\n"); // an empty line
        line++;
        b.append("{broken ü €").append("\r\n");
        brokenLines.add(++line);
      }
      if (i % 6 == 5) {
        b.append(ev).append('\n'); // an identical copy
        line++;
        b.append(ev.replace(".5\"", ".25\"")).append('\n'); // a conflicting one
        line++;
      }
    }
    b.append("{\"eventId\":\"u-last\",\"artifactId\":\"order-1\",\"eventTime\":")
        .append("\"2026-11-20T07:59:59Z\",\"type\":\"FEE\",\"side\":\"DEBIT\",\"amount\":\"2\",")
        .append("\"currency\":\"EUR\",\"source\":\"t\",\"reference\":\"ß😀\"}");
    return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void run_shouldWriteTheSameBytes_whateverTheSplitSize() {
    // GIVEN a generated plain object, a gzip one (never split) and an object of hard cases
    GeneratedInputs gen = new GeneratedInputs(11);
    List<GeneratedInputs.Obj> objects =
        List.of(gen.object("sp-0", 6, 160, false, true), gen.object("sp-1", 7, 60, true, false));
    List<String> keys = land(objects);
    List<Long> broken = new ArrayList<>();
    String hard = "input/2026/11/20/07/sp-2.jsonl";
    store.put(hard, hardCases(broken));
    keys.add(hard);
    long batch = 300;

    // WHEN the batch is reduced whole, then again (cleared in between) with 4093- and 1499-byte
    // splits
    Map<String, byte[]> whole = null;
    for (long splitBytes : new long[] {ReducerConfig.SPLIT_BYTES_DEFAULT, 4093, 1499}) {
      List<InputSplit> splits =
          InputSplit.plan(
              StatelessReducerPipeline.describeInputs(store, keys), splitBytes, MAX_OBJECT_BYTES);
      StatelessManifest m = reduce(batch, keys, 3, 3, splitBytes, PipelineHooks.NONE);
      Map<String, byte[]> got = Outputs.snapshot(store, batch);
      Outputs.deleteBatch(store, batch);

      // THEN every object equals the whole-object run's, byte for byte
      if (whole == null) {
        assertThat(splits).hasSize(3);
        whole = got;
        // AND the broken lines of the hard object are quarantined under their line numbers
        assertThat(
                Outputs.quarantineIn(got).stream()
                    .filter(q -> q.inputObject().equals(hard))
                    .filter(q -> q.rawText().startsWith("{broken"))
                    .map(QuarantineRecord::lineNumber)
                    .toList())
            .isEqualTo(broken);
        assertThat(m.inputs().get(2).lines()).isGreaterThan(broken.get(broken.size() - 1));
      } else {
        assertThat(splits.size()).as("splits at %d bytes", splitBytes).isGreaterThan(6);
        assertThat(got.keySet()).isEqualTo(whole.keySet());
        for (String k : whole.keySet()) {
          assertThat(got.get(k)).as("%s at %d-byte splits", k, splitBytes).isEqualTo(whole.get(k));
        }
      }
    }
  }

  @Test
  void main_shouldReadItsInputsFromTheLedger_whenOnlyTheBatchIsGiven() {
    // GIVEN a STATELESS record planned over two objects (as the backlog manager writes it)
    GeneratedInputs gen = new GeneratedInputs(7);
    List<GeneratedInputs.Obj> objects =
        List.of(gen.object("m-0", 10, 50, false, false), gen.object("m-1", 11, 50, true, false));
    List<String> keys = land(objects);
    STACK
        .clients()
        .batchLedger()
        .create(
            LedgerRecord.create(
                    BatchKind.STATELESS, Layout.seq(200), 200, BatchStatus.EXECUTING, Instant.now())
                .withAttributes(Map.of(LedgerNames.INPUTS, LedgerInputs.encode(keys))));

    // WHEN the job's entry point runs with --batch only
    StatelessManifest m =
        StatelessReducerMain.run(
            StatelessReducerMain.parse(new String[] {"--batch", "200"}), settings, spark);

    // THEN it reduced exactly those inputs, and the manifest is in the store
    assertThat(m.inputKeys()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(m.count(LedgerNames.READ)).isEqualTo(GeneratedInputs.expect(objects).read);
    assertThat(store.head(Layout.statelessManifest(200))).isPresent();
    // AND a cancelled batch is refused
    STACK
        .clients()
        .batchLedger()
        .create(
            LedgerRecord.create(
                    BatchKind.STATELESS, Layout.seq(201), 201, BatchStatus.CANCELED, Instant.now())
                .withAttributes(Map.of(LedgerNames.INPUTS, LedgerInputs.encode(keys))));
    assertThatThrownBy(
            () ->
                StatelessReducerMain.run(
                    StatelessReducerMain.parse(new String[] {"--batch", "201"}), settings, spark))
        .hasMessageContaining("cancelled");
    assertThat(store.head(Layout.statelessManifest(201))).isEmpty();
  }

  /** Fails the task of one partition right after its part-files are uploaded. */
  static final class FailAfterPart implements PipelineHooks {
    private static final long serialVersionUID = 1L;
    private final int part;

    FailAfterPart(int part) {
      this.part = part;
    }

    @Override
    public void afterPartUploaded(int p) {
      if (p == part) {
        throw new IllegalStateException("simulated executor loss after part " + p);
      }
    }
  }

  /** Stops the driver after every part is written, before the manifest. */
  static final class StopBeforeManifest implements PipelineHooks {
    private static final long serialVersionUID = 1L;

    @Override
    public void beforeManifest() {
      throw new IllegalStateException("simulated driver crash before the manifest");
    }
  }

  @Test
  void run_shouldWriteExactlyTheBytesOfAnUninterruptedRun_whenRerunAfterBeingKilled() {
    // GIVEN inputs and the bytes of an uninterrupted run
    GeneratedInputs gen = new GeneratedInputs(99);
    List<GeneratedInputs.Obj> objects =
        List.of(
            gen.object("k-0", 20, 300, false, false),
            gen.object("k-1", 21, 300, true, false),
            gen.object("k-2", 22, 300, false, false));
    List<String> keys = land(objects);
    long batch = 300;
    reduce(batch, keys, 4, 4, PipelineHooks.NONE);
    Map<String, byte[]> uninterrupted = Outputs.snapshot(store, batch);
    assertThat(uninterrupted).containsKey(Layout.statelessManifest(batch)).hasSize(3 * 4 + 1);

    for (PipelineHooks crash : List.of(new FailAfterPart(2), new StopBeforeManifest())) {
      Outputs.deleteBatch(store, batch);

      // WHEN a run is killed half-way (a stale object of another attempt lying around too)
      store.put(Layout.statelessArtifacts(batch, 99), "stale\n".getBytes());
      assertThatThrownBy(() -> reduce(batch, keys, 4, 4, crash))
          .hasStackTraceContaining("simulated");

      // THEN it left no manifest: nothing a prefetcher would read
      Map<String, byte[]> killed = Outputs.snapshot(store, batch);
      assertThat(killed).doesNotContainKey(Layout.statelessManifest(batch));
      assertThat(killed.keySet()).anyMatch(k -> k.contains("/artifacts/part-0000"));

      // WHEN it is run again
      reduce(batch, keys, 4, 4, PipelineHooks.NONE);

      // THEN every object has exactly the bytes of the uninterrupted run, and no other object
      // exists
      Map<String, byte[]> rerun = Outputs.snapshot(store, batch);
      assertThat(rerun.keySet()).containsExactlyElementsOf(uninterrupted.keySet());
      rerun.forEach((k, v) -> assertThat(v).as(k).isEqualTo(uninterrupted.get(k)));
    }
  }
}
