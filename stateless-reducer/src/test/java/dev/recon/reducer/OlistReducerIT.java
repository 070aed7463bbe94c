package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.port.ObjectStore;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.spark.SharedSpark;
import dev.recon.tools.olist.OlistConverter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real data: the Olist sample converted into input batches (items DEBIT, payments CREDIT) and
 * reduced; per-order totals checked against sums computed here straight from the CSV files.
 */
class OlistReducerIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static Path dataset() {
    var dir = OlistConverter.locate(Path.of("").toAbsolutePath());
    Assumptions.assumeTrue(
        dir.isPresent(),
        "Olist dataset not found (looked for ../shared/datasets/olist from "
            + Path.of("").toAbsolutePath()
            + " and its parents): skipping the Olist test");
    return dir.get();
  }

  /** Plain split: the files have no quoted cells (checked). */
  private static List<String[]> rows(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    assertThat(String.join("", lines)).doesNotContain("\"");
    return lines.subList(1, lines.size()).stream()
        .filter(l -> !l.isBlank())
        .map(l -> l.strip().split(",", -1))
        .toList();
  }

  @Test
  void run_shouldGivePerOrderTotalsEqualToAnIndependentSum_whenOlistIsReduced() throws IOException {
    // GIVEN the Olist sample converted into 4 input batches (2 gzip) on the embedded S3
    Path dir = dataset();
    OlistConverter.Conversion c = OlistConverter.convert(dir, OlistConverter.ZONE_DEFAULT);
    List<OlistConverter.InputBatchFile> files = OlistConverter.toBatches(c.lines(), 4, "olist");
    ObjectStore store = STACK.clients().objectStore();
    List<String> keys = OlistConverter.upload(store, files);

    // AND the expected totals summed straight from the CSV files
    Set<String> timedOrders = new HashSet<>();
    for (String[] o : rows(dir.resolve(OlistConverter.ORDERS))) {
      if (!o[3].isEmpty()) {
        timedOrders.add(o[0]); // has a purchase time
      }
    }
    Map<String, BigDecimal> debits = new TreeMap<>();
    List<String[]> items = rows(dir.resolve(OlistConverter.ITEMS));
    for (String[] i : items) {
      debits.merge(i[0], new BigDecimal(i[5]).add(new BigDecimal(i[6])), BigDecimal::add);
    }
    Map<String, BigDecimal> credits = new TreeMap<>();
    List<String[]> payments = rows(dir.resolve(OlistConverter.PAYMENTS));
    long paymentsOfUnknownOrders = 0;
    for (String[] p : payments) {
      if (timedOrders.contains(p[0])) {
        credits.merge(p[0], new BigDecimal(p[4]), BigDecimal::add);
      } else {
        paymentsOfUnknownOrders++;
      }
    }

    // WHEN the reducer runs over the four batches
    long started = System.nanoTime();
    StatelessManifest m =
        StatelessReducerPipeline.run(
            SharedSpark.session(),
            new AwsObjectStoreProvider(STACK.settings()),
            ReducerConfig.of(1, keys),
            RulesConfig.DEFAULTS);
    long millis = (System.nanoTime() - started) / 1_000_000;

    // THEN every CSV row is one line, accounted for
    assertThat(files).hasSize(4);
    assertThat(m.count(LedgerNames.READ)).isEqualTo(items.size() + payments.size());
    assertThat(m.balanced()).isTrue();
    assertThat(m.count(LedgerNames.DUPLICATES)).isZero();
    assertThat(m.count(LedgerNames.QUARANTINED)).isEqualTo(paymentsOfUnknownOrders);
    assertThat(m.count(LedgerNames.QUARANTINED_PREFIX + QuarantineReason.MISSING_FIELD))
        .isEqualTo(paymentsOfUnknownOrders);
    assertThat(Outputs.quarantine(store, m))
        .extracting(QuarantineRecord::rawText)
        .allSatisfy(raw -> assertThat(raw).contains("olist-payment-").doesNotContain("eventTime"));

    // AND per order, debits and credits (BRL) equal the independent sums
    Map<String, BigDecimal> gotDebits = new HashMap<>();
    Map<String, BigDecimal> gotCredits = new HashMap<>();
    Outputs.eachArtifact(
        store,
        m,
        a -> {
          assertThat(a.debits().keySet()).allMatch("BRL"::equals);
          a.debits().forEach((cur, v) -> gotDebits.merge(a.artifactId(), v, BigDecimal::add));
          a.credits().forEach((cur, v) -> gotCredits.merge(a.artifactId(), v, BigDecimal::add));
        });
    assertThat(gotDebits.keySet()).isEqualTo(debits.keySet());
    debits.forEach(
        (order, v) -> assertThat(gotDebits.get(order)).as(order).isEqualByComparingTo(v));
    assertThat(gotCredits.keySet()).isEqualTo(credits.keySet());
    credits.forEach(
        (order, v) -> assertThat(gotCredits.get(order)).as(order).isEqualByComparingTo(v));
    Set<String> keysWithEvents = new HashSet<>(debits.keySet());
    keysWithEvents.addAll(credits.keySet());
    assertThat(m.count(LedgerNames.KEYS)).isEqualTo(keysWithEvents.size());
    System.out.printf(
        "olist: %d rows in %d batches reduced in %d ms: %d accepted, %d quarantined, %d orders%n",
        m.count(LedgerNames.READ),
        files.size(),
        millis,
        m.count(LedgerNames.ACCEPTED),
        m.count(LedgerNames.QUARANTINED),
        m.count(LedgerNames.KEYS));
  }
}
