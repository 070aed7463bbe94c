package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatcherTest {
  static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
  static final Duration P5D = Duration.ofDays(5);

  /** A reference rule that auto-matches, then an amount-and-date one that only suggests. */
  static final RuleSet REFERENCE_THEN_AMOUNT_DATE =
      rules(
          rule(
              "reference-exact",
              ReferenceMode.CONTAINS_ARTIFACT_ID,
              AmountTolerance.absolute("0.00"),
              "1.00"),
          rule("amount-date", ReferenceMode.NONE, AmountTolerance.absolute("0.00"), "0.80"));

  static ExternalLine ext(String id, String amount, String reference) {
    return ext(id, amount, "EUR", T0, reference);
  }

  static ExternalLine ext(String id, String amount, String ccy, Instant t, String reference) {
    return new ExternalLine(id, "bank", new BigDecimal(amount), ccy, t, reference);
  }

  static SettlingLine pay(String id, String artifact, String amount) {
    return pay(id, artifact, amount, "EUR", T0, "");
  }

  static SettlingLine pay(
      String id, String artifact, String amount, String ccy, Instant t, String reference) {
    return new SettlingLine(id, artifact, new BigDecimal(amount), ccy, t, reference);
  }

  static MatchRule rule(String name, ReferenceMode ref, AmountTolerance tol, String score) {
    return MatchRule.oneToOne(name, ref, tol, P5D, new BigDecimal(score));
  }

  static RuleSet rules(MatchRule... rules) {
    return new RuleSet(
        1,
        List.of("bank"),
        List.of(new SettlingType("PAYMENT", Side.CREDIT)),
        new BigDecimal("0.90"),
        RuleSet.AGING_BUCKETS_DEFAULT,
        List.of(rules));
  }

  static List<MatchResult> match(RuleSet rs, List<ExternalLine> ext, OpenItems open) {
    return new Matcher(rs).match(ext, open);
  }

  static MatchResult only(RuleSet rs, ExternalLine e, SettlingLine... open) {
    List<MatchResult> r = match(rs, List.of(e), new OpenItems(List.of(open)));
    assertThat(r).hasSize(1);
    return r.get(0);
  }

  static final RuleSet BY_AMOUNT_5C =
      rules(rule("abs", ReferenceMode.NONE, AmountTolerance.absolute("0.05"), "1"));
  static final RuleSet BY_REF_5C =
      rules(rule("abs", ReferenceMode.CONTAINS_ARTIFACT_ID, AmountTolerance.absolute("0.05"), "1"));
  static final RuleSet BY_AMOUNT_3PCT =
      rules(rule("pct", ReferenceMode.NONE, AmountTolerance.pct("3"), "1"));
  static final RuleSet BY_REF_3PCT =
      rules(rule("pct", ReferenceMode.CONTAINS_ARTIFACT_ID, AmountTolerance.pct("3"), "1"));

  @Test
  void absoluteTolerance_shouldMatchAtTheBound_andNotOneCentOver() {
    for (RuleSet rs : List.of(BY_AMOUNT_5C, BY_REF_5C)) {
      SettlingLine p = pay("p1", "A1", "100.00");
      for (String atBound : List.of("100.05", "99.95", "100.00", "100.050")) {
        MatchResult r = only(rs, ext("s1", atBound, "ref A1"), p);
        assertThat(r.status()).as(atBound).isEqualTo(MatchStatus.MATCHED);
        assertThat(r.settledEventIds()).containsExactly("p1");
        assertThat(r.artifactIds()).containsExactly("A1");
      }
      for (String over : List.of("100.06", "99.94", "100.051")) {
        assertThat(only(rs, ext("s1", over, "ref A1"), p).status())
            .as(over)
            .isEqualTo(MatchStatus.UNMATCHED);
      }
    }
  }

  @Test
  void pctTolerance_shouldBeRelativeToTheInternalAmount_atTheBound() {
    for (RuleSet rs : List.of(BY_AMOUNT_3PCT, BY_REF_3PCT)) {
      SettlingLine p = pay("p1", "A1", "100.00");
      // |ext - 100| <= 3.00
      for (String atBound : List.of("97.00", "103.00", "97")) {
        assertThat(only(rs, ext("s1", atBound, "A1"), p).status())
            .as(atBound)
            .isEqualTo(MatchStatus.MATCHED);
      }
      for (String over : List.of("96.99", "103.01", "96.999")) {
        assertThat(only(rs, ext("s1", over, "A1"), p).status())
            .as(over)
            .isEqualTo(MatchStatus.UNMATCHED);
      }
      // relative to the internal side: 97.00 settles 100.00 (3 % of 100) but 100.00 does not settle
      // 97.00 (3 % of 97 is 2.91)
      assertThat(only(rs, ext("s1", "100.00", "A1"), pay("p1", "A1", "97.00")).status())
          .isEqualTo(MatchStatus.UNMATCHED);
      assertThat(only(rs, ext("s1", "99.91", "A1"), pay("p1", "A1", "97.00")).status())
          .isEqualTo(MatchStatus.MATCHED);
    }
  }

  @Test
  void valueDateWindow_shouldHoldAtTheBound() {
    SettlingLine p = pay("p1", "A1", "10.00", "EUR", T0, "");
    for (RuleSet rs : List.of(BY_AMOUNT_5C, BY_REF_5C)) {
      for (Instant t : List.of(T0.plus(P5D), T0.minus(P5D))) {
        assertThat(only(rs, ext("s1", "10.00", "EUR", t, "A1"), p).status())
            .isEqualTo(MatchStatus.MATCHED);
      }
      for (Instant t : List.of(T0.plus(P5D).plusSeconds(1), T0.minus(P5D).minusMillis(1))) {
        assertThat(only(rs, ext("s1", "10.00", "EUR", t, "A1"), p).status())
            .isEqualTo(MatchStatus.UNMATCHED);
      }
    }
  }

  @Test
  void currencies_shouldNeverCross() {
    SettlingLine usd = pay("p1", "A1", "10.00", "USD", T0, "");
    for (RuleSet rs : List.of(BY_AMOUNT_5C, BY_REF_5C, BY_AMOUNT_3PCT)) {
      assertThat(only(rs, ext("s1", "10.00", "EUR", T0, "A1"), usd).status())
          .isEqualTo(MatchStatus.UNMATCHED);
      assertThat(only(rs, ext("s1", "10.00", "USD", T0, "A1"), usd).status())
          .isEqualTo(MatchStatus.MATCHED);
    }
    RuleSet group = rules(group("g", "0", 3));
    OpenItems open =
        new OpenItems(
            List.of(
                pay("p1", "A1", "10.00", "USD", T0, ""), pay("p2", "A2", "5.00", "EUR", T0, "")));
    assertThat(match(group, List.of(ext("s1", "15.00", "A1 A2")), open).get(0).status())
        .isEqualTo(MatchStatus.UNMATCHED);
  }

  @Test
  void ambiguousCandidates_shouldNeverBeMatched() {
    OpenItems open = new OpenItems(List.of(pay("p2", "A2", "10.00"), pay("p1", "A1", "10.00")));
    MatchResult r = match(BY_AMOUNT_5C, List.of(ext("s1", "10.00", "")), open).get(0);
    assertThat(r.status()).isEqualTo(MatchStatus.SUGGESTED);
    assertThat(r.rule()).isEqualTo("abs");
    assertThat(r.candidates())
        .extracting(Candidate::settledEventIds)
        .containsExactly(List.of("p1"), List.of("p2"));
    assertThat(r.settledEventIds()).isEmpty();
    assertThat(open.size()).isEqualTo(2);
  }

  @Test
  void scoreBelowAutoConfirm_shouldBeSuggested_andSettleNothing() {
    RuleSet rs =
        rules(rule("amount-date", ReferenceMode.NONE, AmountTolerance.absolute("0"), "0.89"));
    OpenItems open = new OpenItems(List.of(pay("p1", "A1", "10.00")));
    MatchResult r = match(rs, List.of(ext("s1", "10.00", "")), open).get(0);
    assertThat(r.status()).isEqualTo(MatchStatus.SUGGESTED);
    assertThat(r.score()).isEqualByComparingTo("0.89");
    assertThat(r.candidates())
        .singleElement()
        .extracting(Candidate::settledEventIds)
        .isEqualTo(List.of("p1"));
    assertThat(open.contains("p1")).isTrue();
    // at the score it is applied
    RuleSet at =
        rules(rule("amount-date", ReferenceMode.NONE, AmountTolerance.absolute("0"), "0.90"));
    assertThat(match(at, List.of(ext("s1", "10.00", "")), open).get(0).status())
        .isEqualTo(MatchStatus.MATCHED);
    assertThat(open.contains("p1")).isFalse();
  }

  @Test
  void firstRuleWithAnyCandidate_shouldDecide() {
    // the reference rule sees two candidates of A1: ambiguous, even though the amount rule after it
    // would find exactly one line (p3 of A9 is out of the reference rule's reach)
    RuleSet rs =
        rules(
            rule("ref", ReferenceMode.CONTAINS_ARTIFACT_ID, AmountTolerance.absolute("0"), "1"),
            rule("amount", ReferenceMode.NONE, AmountTolerance.absolute("0"), "1"));
    OpenItems open =
        new OpenItems(
            List.of(pay("p1", "A1", "10.00"), pay("p2", "A1", "10.00"), pay("p3", "A9", "7.00")));
    List<MatchResult> r =
        match(rs, List.of(ext("s1", "10.00", "order A1"), ext("s2", "7.00", "order A1")), open);
    assertThat(r.get(0).status()).isEqualTo(MatchStatus.SUGGESTED);
    assertThat(r.get(0).candidates()).hasSize(2);
    // s2: the reference rule has no candidate (7.00 of A1), so the amount rule decides
    assertThat(r.get(1).status()).isEqualTo(MatchStatus.MATCHED);
    assertThat(r.get(1).rule()).isEqualTo("amount");
    assertThat(r.get(1).settledEventIds()).containsExactly("p3");
  }

  @Test
  void settlingLine_shouldBeSettledOnce_inEventIdOrder() {
    OpenItems open = new OpenItems(List.of(pay("p1", "A1", "10.00")));
    List<MatchResult> r =
        match(BY_AMOUNT_5C, List.of(ext("s2", "10.00", ""), ext("s1", "10.00", "")), open);
    assertThat(r).extracting(MatchResult::eventId).containsExactly("s1", "s2");
    assertThat(r)
        .extracting(MatchResult::status)
        .containsExactly(MatchStatus.MATCHED, MatchStatus.UNMATCHED);
    assertThat(open.size()).isZero();
  }

  static MatchRule group(String name, String tol, int max) {
    return new MatchRule(
        name,
        ReferenceMode.CONTAINS_ARTIFACT_ID,
        AmountTolerance.absolute(tol),
        P5D,
        max,
        0,
        BigDecimal.ONE);
  }

  static MatchRule split(String name, String tol, int max) {
    return new MatchRule(
        name,
        ReferenceMode.CONTAINS_ARTIFACT_ID,
        AmountTolerance.absolute(tol),
        P5D,
        0,
        max,
        BigDecimal.ONE);
  }

  @Test
  void group_shouldSettleSeveralLinesOfSeveralArtifacts() {
    RuleSet rs = rules(group("payout", "0", 3));
    OpenItems open =
        new OpenItems(
            List.of(
                pay("p1", "A1", "10.00"),
                pay("p2", "A2", "20.00"),
                pay("p3", "A3", "5.00"),
                pay("p4", "B9", "15.00")));
    MatchResult r = match(rs, List.of(ext("s1", "30.00", "payout A1,A2,A3")), open).get(0);
    assertThat(r.status()).isEqualTo(MatchStatus.MATCHED);
    assertThat(r.settledEventIds()).containsExactly("p1", "p2");
    assertThat(r.artifactIds()).containsExactly("A1", "A2");
    assertThat(r.match().settledAmount()).isEqualByComparingTo("30.00");
    assertThat(open.all()).extracting(SettlingLine::eventId).containsExactly("p3", "p4");
  }

  @Test
  void group_shouldRespectMaxGroup_andNeverMatchAlone() {
    OpenItems open =
        new OpenItems(
            List.of(
                pay("p1", "A1", "1.00"),
                pay("p2", "A1", "2.00"),
                pay("p3", "A1", "3.00"),
                pay("p4", "A1", "6.00")));
    // 1+2+3 = 6 needs a group of 3; p4 alone is 6 too but a group has 2..maxGroup lines
    assertThat(
            match(rules(group("g", "0", 2)), List.of(ext("s", "6.00", "A1")), open).get(0).status())
        .isEqualTo(MatchStatus.UNMATCHED);
    MatchResult r = match(rules(group("g", "0", 3)), List.of(ext("s", "6.00", "A1")), open).get(0);
    assertThat(r.status()).isEqualTo(MatchStatus.MATCHED);
    assertThat(r.settledEventIds()).containsExactly("p1", "p2", "p3");
  }

  @Test
  void group_shouldBeSuggested_whenTwoGroupsFit() {
    OpenItems open =
        new OpenItems(
            List.of(pay("p1", "A1", "10.00"), pay("p2", "A1", "10.00"), pay("p3", "A2", "20.00")));
    MatchResult r =
        match(rules(group("g", "0", 2)), List.of(ext("s", "30.00", "A1 A2")), open).get(0);
    assertThat(r.status()).isEqualTo(MatchStatus.SUGGESTED);
    assertThat(r.candidates())
        .extracting(Candidate::settledEventIds)
        .containsExactly(List.of("p1", "p3"), List.of("p2", "p3"));
    assertThat(open.size()).isEqualTo(3);
  }

  @Test
  void split_shouldSettleOneLineWithSeveralStatementLines() {
    OpenItems open = new OpenItems(List.of(pay("p1", "A1", "100.00")));
    List<MatchResult> r =
        match(
            rules(split("split", "0", 3)),
            List.of(
                ext("s3", "60.00", "A1 part 2"),
                ext("s1", "40.00", "A1 part 1"),
                ext("s2", "99.00", "other")),
            open);
    assertThat(r)
        .extracting(MatchResult::status)
        .containsExactly(MatchStatus.MATCHED, MatchStatus.UNMATCHED, MatchStatus.MATCHED);
    assertThat(r.get(0).match()).isEqualTo(r.get(2).match());
    assertThat(r.get(0).match().externalEventIds()).containsExactly("s1", "s3");
    assertThat(r.get(0).match().externalAmount()).isEqualByComparingTo("100.00");
    assertThat(r.get(0).settledEventIds()).containsExactly("p1");
    assertThat(open.size()).isZero();
  }

  @Test
  void split_shouldNeedTheSameSource_andAtMostMaxSplitLines() {
    OpenItems open = new OpenItems(List.of(pay("p1", "A1", "90.00")));
    ExternalLine other = new ExternalLine("s2", "psp", new BigDecimal("50.00"), "EUR", T0, "A1");
    assertThat(match(rules(split("s", "0", 3)), List.of(ext("s1", "40.00", "A1"), other), open))
        .extracting(MatchResult::status)
        .containsOnly(MatchStatus.UNMATCHED);
    List<ExternalLine> three =
        List.of(ext("s1", "30.00", "A1"), ext("s2", "30.00", "A1"), ext("s3", "30.00", "A1"));
    assertThat(match(rules(split("s", "0", 2)), three, open))
        .extracting(MatchResult::status)
        .containsOnly(MatchStatus.UNMATCHED);
    assertThat(match(rules(split("s", "0", 3)), three, open))
        .extracting(MatchResult::status)
        .containsOnly(MatchStatus.MATCHED);
  }

  @Test
  void equalsLineReference_shouldCompareWholeReferences() {
    RuleSet rs =
        rules(rule("eq", ReferenceMode.EQUALS_LINE_REFERENCE, AmountTolerance.absolute("0"), "1"));
    SettlingLine p = pay("p1", "A1", "10.00", "EUR", T0, "INV-7");
    assertThat(only(rs, ext("s1", "10.00", "INV-7"), p).status()).isEqualTo(MatchStatus.MATCHED);
    assertThat(only(rs, ext("s1", "10.00", "INV-77"), p).status()).isEqualTo(MatchStatus.UNMATCHED);
    // an empty reference equals nothing
    assertThat(only(rs, ext("s1", "10.00", ""), pay("p1", "A1", "10.00")).status())
        .isEqualTo(MatchStatus.UNMATCHED);
  }

  @Test
  void containsArtifactId_shouldFindIdsAnywhereInTheReference() {
    SettlingLine p = pay("p1", "order-9F2K", "10.00");
    assertThat(only(BY_REF_5C, ext("s1", "10.00", "PAYOUT/order-9F2K/xx"), p).status())
        .isEqualTo(MatchStatus.MATCHED);
    assertThat(only(BY_REF_5C, ext("s1", "10.00", "order-9F2"), p).status())
        .isEqualTo(MatchStatus.UNMATCHED);
  }

  @Test
  void containsArtifactId_shouldNeedTheIdAsAWholeWord_notAPrefixOfAnotherId() {
    // GIVEN order-1 has an open line of the statement's amount; order-12's line is settled
    SettlingLine p = pay("p1", "order-1", "10.00");
    // THEN a reference naming order-12 never settles order-1's line
    for (String other : List.of("payout order-12", "xorder-1", "order-1A", "order-10 order-11")) {
      assertThat(only(BY_REF_5C, ext("s1", "10.00", other), p).status())
          .as(other)
          .isEqualTo(MatchStatus.UNMATCHED);
    }
    // AND the id between separators, at either end, or beside punctuation is found
    for (String named : List.of("order-1", "payout order-1", "order-12,order-1", "(order-1)")) {
      assertThat(only(BY_REF_5C, ext("s1", "10.00", named), p).status())
          .as(named)
          .isEqualTo(MatchStatus.MATCHED);
    }
  }

  @Test
  void manySuggestions_shouldBeListedUpToTheLimit() {
    OpenItems open = new OpenItems();
    for (int i = 0; i < Matcher.CANDIDATE_LIMIT + 5; i++) {
      open.add(pay(String.format("p%03d", i), "A" + i, "10.00"));
    }
    MatchResult r = match(BY_AMOUNT_5C, List.of(ext("s1", "10.00", "")), open).get(0);
    assertThat(r.status()).isEqualTo(MatchStatus.SUGGESTED);
    assertThat(r.candidatesTruncated()).isTrue();
    assertThat(r.candidates()).hasSize(Matcher.CANDIDATE_LIMIT);
    assertThat(r.candidates().get(0).settledEventIds()).containsExactly("p000");
  }

  @Test
  void duplicateExternalEventIds_shouldBeRefused() {
    assertThatThrownBy(
            () ->
                match(
                    BY_AMOUNT_5C,
                    List.of(ext("s1", "1.00", ""), ext("s1", "2.00", "")),
                    new OpenItems()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A reference naming one artifact with many open lines: the subset search is cut by both bounds,
   * so an unreachable amount (too large, too small, or between the sums) answers at once.
   */
  @Test
  @org.junit.jupiter.api.Timeout(10)
  void groupSearch_shouldStayBounded_whenOneArtifactHasManyLines() {
    OpenItems open = new OpenItems();
    for (int i = 0; i < 40; i++) {
      open.add(pay(String.format("p%02d", i), "A1", "1.00"));
    }
    RuleSet rs = rules(group("g", "0", 10), split("s", "0", 10));
    long start = System.nanoTime();
    List<MatchResult> r =
        match(
            rs,
            List.of(ext("s1", "1000.00", "A1"), ext("s2", "0.50", "A1"), ext("s3", "10.50", "A1")),
            open);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r).extracting(MatchResult::status).containsOnly(MatchStatus.UNMATCHED);
    // 40 choose <= 10 is 1.2e9 subsets; the cut search visits a few million at most
    assertThat(millis).isLessThan(5_000);
    // a reachable sum: many groups fit, listed up to the limit
    MatchResult two = match(rs, List.of(ext("s4", "2.00", "A1")), open).get(0);
    assertThat(two.status()).isEqualTo(MatchStatus.SUGGESTED);
    assertThat(two.candidatesTruncated()).isTrue();
  }
}
