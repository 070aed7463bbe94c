package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ArtifactMergerTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private final ArtifactMerger merger = new ArtifactMerger(RulesConfig.DEFAULTS);

  private static Event ev(String id, long minutes, Side side, String amount, String currency) {
    return new Event(
        id,
        "order-1",
        T0.plus(Duration.ofMinutes(minutes)),
        side == Side.DEBIT ? "CHARGE" : "PAYMENT",
        side,
        new BigDecimal(amount),
        currency,
        "src",
        "ref-" + id,
        new TreeMap<>());
  }

  private static StatelessArtifact batch(long s, Event... events) {
    return StatelessReducer.reduce("order-1", s, List.of(events));
  }

  @Test
  void merge_shouldReconcile_whenDebitsEqualCredits() {
    // GIVEN a charge and a payment of the same amount written differently
    MergeResult r =
        merger.merge(
            null,
            null,
            List.of(
                batch(
                    1,
                    ev("a", 0, Side.DEBIT, "125.4", "USD"),
                    ev("b", 5, Side.CREDIT, "125.40", "USD"))),
            1,
            T0.plusSeconds(3600));
    // THEN
    assertThat(r.changed()).isTrue();
    assertThat(r.artifact().status()).isEqualTo(ArtifactStatus.RECONCILED);
    assertThat(r.artifact().balances().get("USD")).isEqualByComparingTo("0");
    assertThat(r.artifact().version()).isEqualTo(1);
    assertThat(r.artifact().previous()).isNull();
  }

  private static Event settlement(String settled, long minutes, String amount) {
    return new Event(
        "settle:" + settled,
        "order-1",
        T0.plus(Duration.ofMinutes(minutes)),
        "SETTLEMENT",
        Side.CREDIT,
        new BigDecimal(amount),
        "USD",
        Event.MATCH_SOURCE,
        "stmt-1",
        new TreeMap<>(java.util.Map.of("settledLine", settled)));
  }

  @Test
  void merge_shouldKeepSettlementLinesInHistory_butOutOfTotalsAndAging() {
    // GIVEN a reconciled pair, then a settlement instruction for the payment in a later batch,
    // value-dated before the charge (and re-sent in a third batch)
    Event charge = ev("a", 0, Side.DEBIT, "125.40", "USD");
    Event payment = ev("b", 5, Side.CREDIT, "125.40", "USD");
    ReconciliationArtifact v1 =
        merger
            .merge(null, null, List.of(batch(1, charge, payment)), 1, T0.plusSeconds(3600))
            .artifact();

    MergeResult r =
        merger.merge(
            v1,
            new ArtifactLocation("state/1/part-00000.jsonl", 0, 10),
            List.of(batch(2, settlement("b", -60, "125.40"))),
            2,
            T0.plusSeconds(7200));

    // THEN the instruction is a new line of version 2, and nothing else about the money moves
    assertThat(r.changed()).isTrue();
    assertThat(r.applied()).isEqualTo(1);
    ReconciliationArtifact v2 = r.artifact();
    assertThat(v2.lines()).extracting(l -> l.eventId()).containsExactly("settle:b", "a", "b");
    assertThat(v2.lineCount()).isEqualTo(3);
    assertThat(v2.debits()).isEqualTo(v1.debits());
    assertThat(v2.credits()).isEqualTo(v1.credits());
    assertThat(v2.balances()).isEqualTo(v1.balances());
    assertThat(v2.status()).isEqualTo(ArtifactStatus.RECONCILED);
    assertThat(v2.firstEventTime()).isEqualTo(T0);
    assertThat(v2.lastEventTime()).isEqualTo(T0.plus(Duration.ofMinutes(5)));

    // AND it applies once: the same instruction again is a duplicate, a changed one a conflict
    MergeResult again =
        merger.merge(v2, null, List.of(batch(3, settlement("b", -60, "125.40"))), 3, T0);
    assertThat(again.changed()).isFalse();
    assertThat(again.duplicates()).isEqualTo(1);
    MergeResult changed =
        merger.merge(v2, null, List.of(batch(3, settlement("b", -60, "125.41"))), 3, T0);
    assertThat(changed.changed()).isFalse();
    assertThat(changed.conflicting()).hasSize(1);
    // AND the stateless totals leave it out too
    assertThat(batch(2, settlement("b", -60, "125.40")).credits()).isEmpty();
  }

  @Test
  void merge_shouldShowTheSettlementSection_andReconcileOnlyOnceEverySettlingLineIsSettled() {
    // GIVEN rules whose rule set settles PAYMENT/CREDIT lines, and a charge paid in two payments
    ArtifactMerger matching =
        new ArtifactMerger(
            RulesConfig.DEFAULTS.withSettling(
                List.of(new dev.recon.core.match.SettlingType("PAYMENT", Side.CREDIT))));
    ReconciliationArtifact v1 =
        matching
            .merge(
                null,
                null,
                List.of(
                    batch(
                        1,
                        ev("a", 0, Side.DEBIT, "125.40", "USD"),
                        ev("b", 5, Side.CREDIT, "100.00", "USD"),
                        ev("c", 6, Side.CREDIT, "25.40", "USD"))),
                1,
                T0.plusSeconds(3600))
            .artifact();

    // THEN it balances, but waits for the bank: expected 125.40, nothing settled, OPEN
    assertThat(v1.balances().get("USD")).isEqualByComparingTo("0");
    assertThat(v1.settlement().get("USD").expected()).isEqualByComparingTo("125.40");
    assertThat(v1.settlement().get("USD").settled()).isEqualByComparingTo("0");
    assertThat(v1.status()).isEqualTo(ArtifactStatus.OPEN);
    assertThat(new String(dev.recon.core.codec.CanonicalJson.encode(v1)))
        .contains(
            "\"settlement\":{\"USD\":{\"expected\":\"125.40\",\"settled\":\"0.00\","
                + "\"difference\":\"125.40\"}},\"lines\":[");

    // WHEN one payment is settled: still OPEN, difference 25.40
    ReconciliationArtifact v2 =
        matching
            .merge(v1, null, List.of(batch(2, settlement("b", 10, "100.00"))), 2, T0)
            .artifact();
    assertThat(v2.settlement().get("USD").difference()).isEqualByComparingTo("25.40");
    assertThat(v2.status()).isEqualTo(ArtifactStatus.OPEN);

    // WHEN the other is too: RECONCILED, and the section reads back from its JSON
    ReconciliationArtifact v3 =
        matching.merge(v2, null, List.of(batch(3, settlement("c", 10, "25.40"))), 3, T0).artifact();
    assertThat(v3.settlement().get("USD").difference()).isEqualByComparingTo("0");
    assertThat(v3.status()).isEqualTo(ArtifactStatus.RECONCILED);
    byte[] json = dev.recon.core.codec.CanonicalJson.encode(v3);
    assertThat(dev.recon.core.codec.CanonicalJson.decodeArtifact(json)).isEqualTo(v3);

    // AND without a rule set the same artifact has no section: RECONCILED at once, and its JSON
    // has no settlement field
    ReconciliationArtifact plain =
        merger
            .merge(
                null,
                null,
                List.of(
                    batch(
                        1,
                        ev("a", 0, Side.DEBIT, "125.40", "USD"),
                        ev("b", 5, Side.CREDIT, "100.00", "USD"),
                        ev("c", 6, Side.CREDIT, "25.40", "USD"))),
                1,
                T0.plusSeconds(3600))
            .artifact();
    assertThat(plain.settlement()).isEmpty();
    assertThat(plain.status()).isEqualTo(ArtifactStatus.RECONCILED);
    assertThat(new String(dev.recon.core.codec.CanonicalJson.encode(plain)))
        .doesNotContain("settlement");
  }

  @Test
  void merge_shouldBeOpenThenAged_whenUnsettledPastTheAgingThreshold() {
    StatelessArtifact s = batch(1, ev("a", 0, Side.DEBIT, "10.00", "EUR"));
    assertThat(
            merger
                .merge(null, null, List.of(s), 1, T0.plus(Duration.ofDays(29)))
                .artifact()
                .status())
        .isEqualTo(ArtifactStatus.OPEN);
    assertThat(
            merger
                .merge(null, null, List.of(s), 1, T0.plus(Duration.ofDays(31)))
                .artifact()
                .status())
        .isEqualTo(ArtifactStatus.AGED);
  }

  @Test
  void merge_shouldReconcileWithinTolerance_whenToleranceConfigured() {
    StatelessArtifact s =
        batch(1, ev("a", 0, Side.DEBIT, "10.00", "EUR"), ev("b", 1, Side.CREDIT, "9.99", "EUR"));
    assertThat(merger.merge(null, null, List.of(s), 1, T0).artifact().status())
        .isEqualTo(ArtifactStatus.OPEN);
    ArtifactMerger tolerant =
        new ArtifactMerger(RulesConfig.DEFAULTS.withTolerance(new BigDecimal("0.01")));
    assertThat(tolerant.merge(null, null, List.of(s), 1, T0).artifact().status())
        .isEqualTo(ArtifactStatus.RECONCILED);
  }

  @Test
  void merge_shouldBeNoOp_whenPriorVersionIsAtLeastTheBatch() {
    ReconciliationArtifact v2 =
        merger
            .merge(null, null, List.of(batch(1, ev("a", 0, Side.DEBIT, "1.00", "USD"))), 2, T0)
            .artifact();
    MergeResult again =
        merger.merge(v2, null, List.of(batch(2, ev("z", 0, Side.DEBIT, "5.00", "USD"))), 2, T0);
    assertThat(again.changed()).isFalse();
    assertThat(again.artifact()).isSameAs(v2);
    MergeResult older =
        merger.merge(v2, null, List.of(batch(1, ev("z", 0, Side.DEBIT, "5.00", "USD"))), 1, T0);
    assertThat(older.artifact()).isSameAs(v2);
  }

  @Test
  void merge_shouldCountDuplicatesAndQuarantineConflicts_acrossHistory() {
    // GIVEN history with event a
    ReconciliationArtifact v1 =
        merger
            .merge(null, null, List.of(batch(1, ev("a", 0, Side.DEBIT, "10.00", "USD"))), 1, T0)
            .artifact();
    ArtifactLocation where = new ArtifactLocation("state/0000000001/part-00000.jsonl", 0, 100);
    // WHEN a re-send of a, a conflicting a (other amount) and a new b arrive in later batches
    MergeResult r =
        merger.merge(
            v1,
            where,
            List.of(
                batch(
                    2,
                    ev("a", 0, Side.DEBIT, "10.0", "USD"),
                    ev("b", 1, Side.CREDIT, "4.00", "USD")),
                batch(3, ev("a", 0, Side.DEBIT, "99.00", "USD"))),
            2,
            T0.plusSeconds(60));
    // THEN
    assertThat(r.applied()).isEqualTo(1);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.conflicting())
        .extracting(c -> c.event().amount())
        .containsExactly(new BigDecimal("99.00"));
    assertThat(r.artifact().balances().get("USD")).isEqualByComparingTo("6.00");
    assertThat(r.artifact().previous()).isEqualTo(where);
    assertThat(r.artifact().lines())
        .extracting(l -> l.eventId() + "@" + l.batch())
        .containsExactly("a@1", "b@2");
  }

  @Test
  void merge_shouldLeaveArtifactUnchanged_whenBatchBringsOnlyDuplicates() {
    ReconciliationArtifact v1 =
        merger
            .merge(null, null, List.of(batch(1, ev("a", 0, Side.DEBIT, "10.00", "USD"))), 1, T0)
            .artifact();
    MergeResult r =
        merger.merge(v1, null, List.of(batch(2, ev("a", 0, Side.DEBIT, "10.00", "USD"))), 2, T0);
    assertThat(r.changed()).isFalse();
    assertThat(r.artifact()).isSameAs(v1);
    assertThat(r.duplicates()).isEqualTo(1);
  }

  @Test
  void merge_shouldKeepCurrenciesApart_whenSeveralCurrencies() {
    MergeResult r =
        merger.merge(
            null,
            null,
            List.of(
                batch(
                    1,
                    ev("a", 0, Side.DEBIT, "10.00", "USD"),
                    ev("b", 0, Side.CREDIT, "10.00", "EUR"),
                    ev("c", 2, Side.CREDIT, "0.005", "USD"))),
            1,
            T0);
    assertThat(r.artifact().balances()).containsOnlyKeys("EUR", "USD");
    assertThat(r.artifact().balances().get("USD")).isEqualByComparingTo("9.995");
    assertThat(r.artifact().balances().get("EUR")).isEqualByComparingTo("-10");
    assertThat(r.artifact().status()).isEqualTo(ArtifactStatus.OPEN);
  }

  @Test
  void merge_shouldRefuse_whenStatelessArtifactBelongsToAnotherKey() {
    ReconciliationArtifact v1 =
        merger
            .merge(null, null, List.of(batch(1, ev("a", 0, Side.DEBIT, "1.00", "USD"))), 1, T0)
            .artifact();
    StatelessArtifact other =
        StatelessReducer.reduce(
            "order-2",
            2,
            List.of(
                new Event(
                    "x",
                    "order-2",
                    T0,
                    "FEE",
                    Side.DEBIT,
                    BigDecimal.ONE,
                    "USD",
                    "",
                    "",
                    new TreeMap<>())));
    assertThatThrownBy(() -> merger.merge(v1, null, List.of(other), 2, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
