package dev.recon.cli;

import static dev.recon.cli.ReconRuns.recon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.cli.ReconRuns.Run;
import dev.recon.core.layout.Layout;
import dev.recon.core.port.ObjectStore;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's metrics end to end on the embedded stack: two cycles with known input, then the stage
 * metrics as {@code recon status --json} reports them (read from the ledger the stages wrote) are
 * checked against counts known independently — the lines and bad lines this test wrote, and the
 * objects the stages left in the store, listed after the fact.
 */
class MetricsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEYS = 20;

  @TempDir Path tmp;

  /** One stack for the test's eight commands (this suite tests metrics, not stack starts). */
  @RegisterExtension final KeptStacks kept = new KeptStacks();

  private static String event(String id, String key, String side, String amount, String currency) {
    return "{\"eventId\":\""
        + id
        + "\",\"artifactId\":\""
        + key
        + "\",\"eventTime\":\"2026-11-22T10:00:00Z\","
        + "\"type\":\"X\",\"side\":\""
        + side
        + "\",\"amount\":\""
        + amount
        + "\",\"currency\":\""
        + currency
        + "\"}\n";
  }

  /**
   * The batch of {@code kind} ("stateless"/"stateful") with this sequence in a status --json
   * document.
   */
  private static JsonNode batch(JsonNode status, String kind, long sequence) {
    for (JsonNode b : status.path(kind)) {
      if (b.path("sequence").asLong() == sequence) {
        return b;
      }
    }
    throw new AssertionError("no " + kind + " batch " + sequence + " in " + status);
  }

  private static JsonNode status(String home) throws Exception {
    Run status = recon("status", "--home", home, "--json");
    assertThat(status.exit()).isZero();
    return JSON.readTree(status.out());
  }

  /** Objects under each prefix, listed in the store after the run. */
  private static long objects(ObjectStore store, String... prefixes) {
    long n = 0;
    for (String p : prefixes) {
      n += store.list(p).size();
    }
    return n;
  }

  @Test
  void status_shouldReportStageMetricsThatMatchTheInputAndTheStore_acrossTwoCycles()
      throws Exception {
    String home = kept.home(tmp.resolve("home"));
    // GIVEN cycle 1: 40 good events over 20 keys, one exact re-send, and 5 bad lines of 3 reasons
    StringBuilder a = new StringBuilder();
    for (int i = 0; i < 2 * KEYS; i++) {
      a.append(
          event("a" + i, "order-" + (i % KEYS), i < KEYS ? "DEBIT" : "CREDIT", "10.00", "EUR"));
    }
    a.append(event("a0", "order-0", "DEBIT", "10.00", "EUR")); // duplicate
    a.append("{not json\n").append("[]\n"); // MALFORMED_JSON x2
    a.append(event("bad-1", "order-1", "DEBIT", "-5.00", "EUR")); // BAD_AMOUNT
    a.append(event("bad-2", "order-2", "DEBIT", "abc", "EUR")); // BAD_AMOUNT
    a.append(event("bad-3", "order-3", "DEBIT", "1.00", "XXQ")); // BAD_CURRENCY
    long linesA = a.toString().lines().count();
    Map<String, Long> injected = Map.of("MALFORMED_JSON", 2L, "BAD_AMOUNT", 2L, "BAD_CURRENCY", 1L);
    Path fileA = Files.writeString(tmp.resolve("a.jsonl"), a.toString());

    // WHEN cycle 1 runs
    assertThat(recon("ingest", "--home", home, fileA.toString()).exit()).isZero();
    assertThat(recon("run", "--home", home).exit()).isZero();
    JsonNode s1 = status(home);

    // THEN the reducer's metrics equal what this test wrote
    JsonNode reduce = batch(s1, "stateless", 1).path("metrics").path("reduce");
    JsonNode counts1 = batch(s1, "stateless", 1).path("counts");
    assertThat(reduce.path("eventsIn").asLong())
        .isEqualTo(linesA)
        .isEqualTo(
            counts1.path("accepted").asLong()
                + counts1.path("duplicates").asLong()
                + counts1.path("quarantined").asLong());
    assertThat(reduce.path("eventsOut").asLong()).isEqualTo(2 * KEYS);
    assertThat(counts1.path("duplicates").asLong()).isEqualTo(1);
    Map<String, Long> byReason =
        JSON.convertValue(
            reduce.path("quarantinedByReason"),
            JSON.getTypeFactory().constructMapType(Map.class, String.class, Long.class));
    assertThat(byReason).isEqualTo(injected);
    assertThat(reduce.path("quarantined").asLong()).isEqualTo(5);
    assertThat(reduce.path("durationMs").asLong()).isPositive();

    JsonNode n1 = batch(s1, "stateful", 1);
    JsonNode prefetch1 = n1.path("metrics").path("prefetch");
    JsonNode process1 = n1.path("metrics").path("process");
    JsonNode index1 = n1.path("metrics").path("index");
    // every key is new: looked up in the index, nothing found, so no cache lookup at all
    assertThat(prefetch1.path("eventsIn").asLong()).isEqualTo(KEYS);
    assertThat(prefetch1.path("eventsOut").asLong()).isZero();
    assertThat(prefetch1.path("dynamoDbReads").asLong()).isEqualTo(KEYS);
    assertThat(prefetch1.path("cacheHitRatio").isNull()).isTrue();
    assertThat(process1.path("eventsIn").asLong()).isEqualTo(2 * KEYS);
    assertThat(process1.path("eventsOut").asLong()).isEqualTo(KEYS);
    assertThat(index1.path("eventsIn").asLong()).isEqualTo(KEYS);
    assertThat(index1.path("eventsOut").asLong()).isEqualTo(KEYS);
    assertThat(index1.path("dynamoDbWrites").asLong()).isEqualTo(KEYS);

    // AND the PUTs each stage reports equal the objects it left in the store
    try (LocalSession session = LocalSession.open(Path.of(home))) {
      ObjectStore store = session.clients().objectStore();
      assertThat(reduce.path("s3PutRequests").asLong())
          .isEqualTo(objects(store, Layout.statelessDir(1), Layout.quarantineDir(1)))
          .isPositive();
      assertThat(prefetch1.path("s3PutRequests").asLong())
          .isEqualTo(objects(store, Layout.prefetchDir(1)));
      assertThat(process1.path("s3PutRequests").asLong())
          .isEqualTo(
              objects(
                  store, Layout.stateDir(1), Layout.QUARANTINE + "state-" + Layout.seq(1) + "/"))
          .isPositive();
      // the indexer reads each part-file once and writes nothing to S3
      assertThat(index1.path("s3GetRequests").asLong())
          .isEqualTo(objects(store, Layout.stateDir(1)) - 1);
      assertThat(index1.path("s3PutRequests").asLong()).isZero();
    }

    // GIVEN cycle 2: one more payment on every key (all known now, cached by the indexer)
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < KEYS; i++) {
      b.append(event("b" + i, "order-" + i, "CREDIT", "1.00", "EUR"));
    }
    Path fileB = Files.writeString(tmp.resolve("b.jsonl"), b.toString());

    // WHEN cycle 2 runs, priced with a table of its own (the bundled prices under another name)
    String table;
    try (var in =
        dev.recon.core.cost.PriceTable.class.getResourceAsStream(
            dev.recon.core.cost.PriceTable.RESOURCE)) {
      table =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .replace("\"name\": \"aws-on-demand-us-east-1\"", "\"name\": \"negotiated\"");
    }
    Path prices = Files.writeString(tmp.resolve("prices.json"), table);
    assertThat(recon("ingest", "--home", home, fileB.toString()).exit()).isZero();
    assertThat(recon("run", "--home", home, "--price-table", prices.toString()).exit()).isZero();
    JsonNode s2 = status(home);

    // THEN the prefetcher found every key and read it from Redis
    JsonNode prefetch2 = batch(s2, "stateful", 2).path("metrics").path("prefetch");
    assertThat(prefetch2.path("eventsIn").asLong()).isEqualTo(KEYS);
    assertThat(prefetch2.path("eventsOut").asLong()).isEqualTo(KEYS);
    assertThat(prefetch2.path("cacheHits").asLong()).isPositive();
    assertThat(prefetch2.path("cacheHits").asLong() + prefetch2.path("cacheMisses").asLong())
        .isEqualTo(KEYS);
    assertThat(prefetch2.path("cacheHitRatio").asDouble()).isGreaterThan(0);
    assertThat(
            batch(s2, "stateless", 2).path("metrics").path("reduce").path("quarantined").asLong())
        .isZero();
    // AND nothing waits: the backlog is empty
    assertThat(s2.path("backlog").path("inputs").asLong()).isZero();
    assertThat(s2.path("backlog").path("ageSeconds").asLong()).isZero();

    // AND the text status shows the same per stage
    List<String> lines = new ArrayList<>(recon("status", "--home", home).out().lines().toList());
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("reduce")
                    .contains("in " + linesA + " out " + 2 * KEYS)
                    .contains("quarantined 5 (BAD_AMOUNT 2, BAD_CURRENCY 1, MALFORMED_JSON 2)"));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).contains("prefetch").contains("cache hit 100.0%"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("backlog: 0 inputs"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  S2").contains("cost $0.0"));

    // AND (issue 15) every batch recorded its estimated dollars when it finished; its S3 part is
    // the requests its stages report, at the published $0.005 per 1,000 PUT/LIST and $0.0004 per
    // 1,000 GET/HEAD; recon cost sums them
    BigDecimal sum = BigDecimal.ZERO;
    int batches = 0;
    for (String kind : List.of("stateless", "stateful")) {
      for (JsonNode batch : s2.path(kind)) {
        batches++;
        assertThat(batch.path("tenant").asText()).isEqualTo("default");
        long putList = 0;
        long getHead = 0;
        for (JsonNode stage : batch.path("metrics")) {
          putList += stage.path("s3PutRequests").asLong() + stage.path("s3ListRequests").asLong();
          getHead += stage.path("s3GetRequests").asLong() + stage.path("s3HeadRequests").asLong();
        }
        BigDecimal s3 =
            new BigDecimal("0.005")
                .multiply(BigDecimal.valueOf(putList))
                .add(new BigDecimal("0.0004").multiply(BigDecimal.valueOf(getHead)))
                .divide(BigDecimal.valueOf(1000));
        assertThat(new BigDecimal(batch.path("attributes").path("cost.usd.s3").asText()))
            .as("S3 cost of %s batch %s", kind, batch.path("sequence"))
            .isEqualByComparingTo(s3);
        BigDecimal total = new BigDecimal(batch.path("costUsd").asText());
        assertThat(total).isGreaterThanOrEqualTo(s3).isPositive();
        sum = sum.add(total);
      }
    }
    assertThat(batches).isEqualTo(4);
    JsonNode cost = JSON.readTree(recon("cost", "--home", home, "--json").out());
    assertThat(cost.path("batches").asInt()).isEqualTo(4);
    assertThat(cost.path("unpriced").asInt()).isZero();
    assertThat(new BigDecimal(cost.path("usd").asText())).isEqualByComparingTo(sum);
    assertThat(new BigDecimal(cost.path("byTenant").path("default").asText()))
        .isEqualByComparingTo(sum);
    // cycle 1 was priced with the bundled table, cycle 2 with the one given to recon run
    assertThat(cost.path("priceTables").asText())
        .isEqualTo("aws-on-demand-us-east-1 us-east-1 2024-11-01, negotiated us-east-1 2024-11-01");
    assertThat(batch(s2, "stateful", 2).path("attributes").path("cost.priceTable").asText())
        .isEqualTo("negotiated us-east-1 2024-11-01");
    // AND a tenant or a window with no batch sums to nothing
    JsonNode none =
        JSON.readTree(
            recon(
                    "cost",
                    "--home",
                    home,
                    "--json",
                    "--tenant",
                    "acme",
                    "--from",
                    "2020-01-01T00:00:00Z")
                .out());
    assertThat(none.path("batches").asInt()).isZero();
    assertThat(new BigDecimal(none.path("usd").asText())).isZero();
  }
}
