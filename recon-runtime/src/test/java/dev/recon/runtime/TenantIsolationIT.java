package dev.recon.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.TenantKeys;
import dev.recon.core.testing.EventGenerator;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.spark.SharedSpark;
import dev.recon.stepfunctions.Sleeper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three tenants in one deployment (DESIGN §10), through the very workflows CloudFormation deploys:
 * a small one, a large one with ten times its backlog, and one fed an input that fails its stage.
 * The failing tenant halts; the others complete every batch in order, the large one never holding
 * the small one back for more than a cycle; each tenant's balances equal an independent sum of its
 * own events — although the tenants use the same artifact ids and the same event ids with other
 * content — and nothing of one tenant is reachable through another's views or lies outside its
 * prefixes.
 */
class TenantIsolationIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static final TenantId SMALL = TenantId.of("small");
  private static final TenantId LARGE = TenantId.of("large-co");
  private static final TenantId POISON = TenantId.of("poison");
  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
  private static final Pattern CYCLE = Pattern.compile("cycle (\\d+): .*");

  private final Map<TenantId, List<Event>> landed = new HashMap<>();

  /** Lands {@code inputs} input batches of {@code events} events each for the tenant. */
  private void land(AwsClientFactory root, TenantId t, long seed, int inputs, int events) {
    EventGenerator gen = new EventGenerator(seed);
    for (int i = 0; i < inputs; i++) {
      List<Event> batch = gen.events(events, 40);
      landed.computeIfAbsent(t, k -> new ArrayList<>()).addAll(batch);
      Instant start = T0.plus(Duration.ofHours(i));
      // An exact re-send in the same file: applied once.
      List<String> resend = List.of(new String(CanonicalJson.encode(batch.get(0))));
      InputBatches.put(
          root.forTenant(t).objectStore(),
          t + "-" + i,
          start,
          start.plus(Duration.ofHours(1)),
          batch,
          resend);
    }
  }

  @Test
  void tenants_shouldRunIsolated_whenOneFailsAndOneHasTenTimesTheBacklog() {
    AwsClientFactory root = STACK.clients();
    land(root, SMALL, 1, 2, 150);
    land(root, LARGE, 2, 20, 150);
    land(root, POISON, 3, 2, 150);
    List<String> progress = new CopyOnWriteArrayList<>();
    LocalPipeline pipeline =
        new LocalPipeline(root, SharedSpark.session(), Sleeper.none(), progress::add);
    // The poison tenant's first input is registered, then vanishes: its stage fails (a missing
    // input is a broken plan, not data).
    pipeline.backlog(
        new com.fasterxml.jackson.databind.ObjectMapper()
            .createObjectNode()
            .put("action", "sweep")
            .put("tenant", POISON.value()));
    String gone = Layout.inputKey(T0, POISON + "-0", false);
    root.forTenant(POISON).objectStore().delete(gone);

    LocalPipeline.Summary summary = pipeline.runUntilIdle();

    // THEN the poison tenant failed, and only it
    assertThat(summary.failures()).hasSize(1);
    assertThat(summary.failures().get(0).cause()).contains(gone);
    List<LedgerRecord> poisonStateless =
        root.forTenant(POISON).batchLedger().list(BatchKind.STATELESS);
    assertThat(poisonStateless).extracting(LedgerRecord::status).contains(BatchStatus.FAILURE);
    assertThat(root.forTenant(POISON).batchLedger().list(BatchKind.STATEFUL))
        .noneMatch(r -> r.status() == BatchStatus.SUCCESS);

    // AND the other two completed every batch, in order (sequences 1..n, all SUCCESS)
    for (TenantId t : List.of(SMALL, LARGE)) {
      for (BatchKind kind : List.of(BatchKind.STATELESS, BatchKind.STATEFUL)) {
        List<LedgerRecord> records = root.forTenant(t).batchLedger().list(kind);
        assertThat(records).as(t + " " + kind).isNotEmpty();
        assertThat(records).extracting(LedgerRecord::status).containsOnly(BatchStatus.SUCCESS);
        assertThat(records)
            .extracting(LedgerRecord::sequence)
            .containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, records.size()).boxed().toList());
      }
      assertThat(root.forTenant(t).batchLedger().listUnfinished(BatchKind.INPUT))
          .as(t.value())
          .isEmpty();
    }

    // AND the small tenant's work was done in the first cycle, whatever the large one had pending
    assertThat(cycleOfLastLine(progress, "[small] stateful batch")).isEqualTo(1);
    assertThat(lines(progress, "[large-co] stateless batch")).isNotEmpty();

    // AND each tenant's balances equal the independent sum of its own events only
    for (TenantId t : List.of(SMALL, LARGE)) {
      assertBalances(root.forTenant(t), EventGenerator.expectedBalances(landed.get(t)), t);
    }

    // AND nothing of one tenant is reachable through another's views
    for (TenantId reader : List.of(SMALL, LARGE, POISON, TenantId.DEFAULT)) {
      AwsClientFactory view = root.forTenant(reader);
      List<IndexEntry> entries = new ArrayList<>();
      view.artifactIndex().scan(entries::add);
      Map<String, Map<String, BigDecimal>> own =
          reader.equals(SMALL) || reader.equals(LARGE)
              ? EventGenerator.expectedBalances(landed.get(reader))
              : Map.of();
      assertThat(entries)
          .as("index entries seen by " + reader)
          .extracting(IndexEntry::artifactId)
          .containsExactlyInAnyOrderElementsOf(own.keySet());
      Map<String, Long> versions = new HashMap<>();
      entries.forEach(e -> versions.put(e.artifactId(), e.version()));
      // the cache entries a tenant sees hold its own artifacts
      view.artifactCache()
          .getIfVersion(versions)
          .forEach(
              (id, bytes) -> {
                Map<String, BigDecimal> cached = CanonicalJson.decodeArtifact(bytes).balances();
                assertThat(cached.keySet())
                    .as(reader + " cached " + id)
                    .isEqualTo(own.get(id).keySet());
                own.get(id)
                    .forEach(
                        (c, b) ->
                            assertThat(cached.get(c))
                                .as(reader + " cached " + id)
                                .isEqualByComparingTo(b));
              });
    }

    // AND in the shared stores every key of a tenant carries its tenant
    for (ObjectInfo o : root.sharedObjectStore().list("")) {
      TenantId owner = TenantKeys.ownerOfObjectKey(o.key());
      assertThat(owner).as(o.key()).isIn(SMALL, LARGE, POISON);
    }
    List<IndexEntry> raw = new ArrayList<>();
    root.sharedArtifactIndex().scan(raw::add);
    for (IndexEntry e : raw) {
      TenantId owner = TenantKeys.ownerOfItemKey(e.artifactId());
      assertThat(TenantKeys.ownerOfObjectKey(e.partFile())).as(e.artifactId()).isEqualTo(owner);
      assertThat(e.partFile()).startsWith(Layout.STATE + owner + "/");
    }
    for (BatchKind kind : BatchKind.values()) {
      for (LedgerRecord r : root.sharedBatchLedger().list(kind)) {
        assertThat(TenantKeys.ownerOfItemKey(r.id()))
            .as(kind + " " + r.id())
            .isNotEqualTo(TenantId.DEFAULT);
      }
    }

    // AND a rerun changes nothing: the poison tenant stays halted, the others idle
    LocalPipeline.Summary again = pipeline.runUntilIdle(Optional.of(SMALL));
    assertThat(again.statelessRuns()).isZero();
    assertThat(again.failures()).isEmpty();
  }

  private static void assertBalances(
      AwsClientFactory clients, Map<String, Map<String, BigDecimal>> expected, TenantId t) {
    ArtifactQuery query =
        new ArtifactQuery(
            clients.artifactIndex(), clients.objectStore(), clients.artifactCache(), 128);
    for (Map.Entry<String, Map<String, BigDecimal>> e : expected.entrySet()) {
      ReconciliationArtifact a =
          query.get(e.getKey()).orElseThrow(() -> new AssertionError(t + " misses " + e.getKey()));
      assertThat(a.balances().keySet()).as(t + " " + e.getKey()).isEqualTo(e.getValue().keySet());
      e.getValue()
          .forEach(
              (c, b) ->
                  assertThat(a.balances().get(c))
                      .as(t + " " + e.getKey() + " " + c)
                      .isEqualByComparingTo(b));
    }
  }

  private static List<String> lines(List<String> progress, String start) {
    return progress.stream().filter(l -> l.startsWith(start)).toList();
  }

  /** The cycle in which the last line starting with {@code start} was printed. */
  private static int cycleOfLastLine(List<String> progress, String start) {
    int cycle = 0;
    int found = -1;
    for (String line : progress) {
      Matcher m = CYCLE.matcher(line);
      if (m.matches()) {
        cycle = Integer.parseInt(m.group(1));
      } else if (line.startsWith(start)) {
        found = cycle;
      }
    }
    return found;
  }
}
