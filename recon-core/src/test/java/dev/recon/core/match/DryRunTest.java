package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.Event;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import dev.recon.core.testing.Pipelines;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DryRunTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  static Event event(String id, String artifact, String type, Side side, String amount) {
    return new Event(
        id,
        artifact,
        T0,
        type,
        side,
        new BigDecimal(amount),
        "EUR",
        "gateway",
        null,
        new TreeMap<>());
  }

  static ExternalLine stmt(String id, String amount, String reference) {
    return new ExternalLine(
        id, "bank", new BigDecimal(amount), "EUR", T0.plus(Duration.ofDays(1)), reference);
  }

  @Test
  void run_shouldCountPerRule_andOnlySettlingLinesOfTheStoredArtifactsShouldBeOpen() {
    // GIVEN three stored orders: each a CHARGE (DEBIT, not settling) and a PAYMENT (CREDIT,
    // settling); o3's payment is 7.00 and a second payment of o3 is a refund (DEBIT, not settling)
    Map<String, ReconciliationArtifact> stored =
        Pipelines.apply(
            Map.of(),
            List.of(
                List.of(
                    event("c1", "o1", "CHARGE", Side.DEBIT, "10.00"),
                    event("p1", "o1", "PAYMENT", Side.CREDIT, "10.00"),
                    event("c2", "o2", "CHARGE", Side.DEBIT, "20.00"),
                    event("p2", "o2", "PAYMENT", Side.CREDIT, "20.00"),
                    event("c3", "o3", "CHARGE", Side.DEBIT, "7.00"),
                    event("p3", "o3", "PAYMENT", Side.CREDIT, "7.00"),
                    event("r3", "o3", "PAYMENT", Side.DEBIT, "7.00"))),
            1,
            T0.plus(Duration.ofDays(2)),
            RulesConfig.DEFAULTS);
    RuleSet rules =
        MatcherTest.rules(
            MatcherTest.rule(
                "reference",
                ReferenceMode.CONTAINS_ARTIFACT_ID,
                AmountTolerance.absolute("0"),
                "1"),
            MatcherTest.rule("amount", ReferenceMode.NONE, AmountTolerance.absolute("0"), "0.5"));

    // WHEN four statement lines are tried: o1's by reference, 20.00 without one (suggested: the
    // amount rule scores below autoConfirm), 7.00 naming o3, and one with no counterpart
    DryRun.Summary s =
        DryRun.run(
            rules,
            List.of(
                stmt("s1", "10.00", "payout o1"),
                stmt("s2", "20.00", ""),
                stmt("s3", "7.00", "o3"),
                stmt("s4", "99.00", "o9")),
            stored.values());

    // THEN exactly the three PAYMENT/CREDIT lines were open (the refund is a DEBIT)
    assertThat(s.openSettlingLines()).isEqualTo(3);
    assertThat(s.rules())
        .containsExactly(
            new DryRun.RuleCounts("reference", 2, 0), new DryRun.RuleCounts("amount", 0, 1));
    assertThat(s.statementLines()).isEqualTo(4);
    assertThat(s.matched() + s.suggested() + s.unmatched()).isEqualTo(4);
    assertThat(s.unmatched()).isEqualTo(1);
    assertThat(s.matchRate()).isEqualTo(0.5);
    assertThat(s.results())
        .filteredOn(r -> r.status() == MatchStatus.MATCHED)
        .flatExtracting(MatchResult::settledEventIds)
        .containsExactlyInAnyOrder("p1", "p3");
  }

  @Test
  void run_shouldLeaveOutSettlingLinesThatAnInstructionAlreadySettled() {
    // GIVEN o1 paid, and its payment settled by a matching stage's instruction in batch 2
    Map<String, ReconciliationArtifact> v1 =
        Pipelines.apply(
            Map.of(),
            List.of(List.of(event("p1", "o1", "PAYMENT", Side.CREDIT, "10.00"))),
            1,
            T0.plus(Duration.ofDays(2)),
            RulesConfig.DEFAULTS);
    Event settle =
        new Event(
            "settle:p1",
            "o1",
            T0,
            MatchStep.SETTLEMENT,
            Side.CREDIT,
            new BigDecimal("10.00"),
            "EUR",
            Event.MATCH_SOURCE,
            "s0",
            new TreeMap<>(Map.of(MatchStep.ATTR_SETTLED_LINE, "p1")));
    Map<String, ReconciliationArtifact> v2 =
        Pipelines.apply(
            v1, List.of(List.of(settle)), 2, T0.plus(Duration.ofDays(2)), RulesConfig.DEFAULTS);
    RuleSet rules =
        MatcherTest.rules(
            MatcherTest.rule("amount", ReferenceMode.NONE, AmountTolerance.absolute("0"), "1"));

    // THEN a statement line of its amount finds nothing open any more (before, it matched)
    assertThat(DryRun.run(rules, List.of(stmt("s1", "10.00", "")), v1.values()).matched())
        .isEqualTo(1);
    DryRun.Summary after = DryRun.run(rules, List.of(stmt("s1", "10.00", "")), v2.values());
    assertThat(after.openSettlingLines()).isZero();
    assertThat(after.unmatched()).isEqualTo(1);
  }
}
