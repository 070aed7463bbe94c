package dev.recon.core.match;

import static dev.recon.core.match.MatcherTest.T0;
import static dev.recon.core.match.MatcherTest.ext;
import static dev.recon.core.match.MatcherTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BreaksTest {
  private static final RuleSet RULES = MatcherTest.REFERENCE_THEN_AMOUNT_DATE;

  @ParameterizedTest
  @CsvSource({
    "0,0-7",
    "7,0-7",
    "8,8-30",
    "30,8-30",
    "31,31-60",
    "60,31-60",
    "61,61-90",
    "90,61-90",
    "91,>90",
    "4000,>90"
  })
  void an_age_falls_in_the_first_bucket_it_does_not_pass(long days, String bucket) {
    assertThat(Breaks.bucket(days, RuleSet.AGING_BUCKETS_DEFAULT)).isEqualTo(bucket);
    assertThat(Breaks.bucketNames(RuleSet.AGING_BUCKETS_DEFAULT)).contains(bucket);
  }

  @Test
  void open_statement_lines_are_breaks_with_their_reason_and_settling_lines_once_past_the_window() {
    // GIVEN statement lines: one without candidate, one with two (ambiguous), one with one
    // below autoConfirmScore; and payments: one 20 days old, one 2 days old (inside P5D)
    Instant asOf = T0.plus(Duration.ofDays(40));
    MatchStep.Outcome o =
        MatchStep.run(
            MatchStep.State.EMPTY,
            3,
            RULES,
            List.of(
                ext("s-none", "99.00", "EUR", T0, ""),
                ext("s-two", "10.00", "EUR", T0.plus(Duration.ofDays(3)), ""),
                ext("s-one", "7.00", "EUR", T0.plus(Duration.ofDays(39)), "")),
            List.of(
                pay("p1", "order-1", "10.00"),
                pay("p2", "order-2", "10.00"),
                pay("p3", "order-3", "7.00", "EUR", T0.plus(Duration.ofDays(38)), ""),
                pay("p4", "order-4", "5.00", "EUR", T0.plus(Duration.ofDays(20)), ""),
                pay("p5", "order-5", "6.00", "EUR", asOf.minus(Duration.ofDays(2)), "")));

    // WHEN the breaks are listed as of 40 days after T0
    Map<String, Breaks.Item> byId =
        Breaks.of(o.next(), RULES, asOf).stream()
            .collect(Collectors.toMap(Breaks.Item::eventId, Function.identity()));

    // THEN each statement line is a break with the reason of its decision, age and bucket
    assertThat(byId.get("s-none"))
        .extracting(
            Breaks.Item::kind, Breaks.Item::reason, Breaks.Item::ageDays, Breaks.Item::bucket)
        .containsExactly(Breaks.Kind.EXTERNAL, Breaks.NO_CANDIDATE, 40L, "31-60");
    assertThat(byId.get("s-two"))
        .extracting(Breaks.Item::reason, Breaks.Item::ageDays, Breaks.Item::bucket)
        .containsExactly(Breaks.AMBIGUOUS, 37L, "31-60");
    assertThat(byId.get("s-two").candidates()).hasSize(2);
    assertThat(byId.get("s-one"))
        .extracting(Breaks.Item::reason, Breaks.Item::ageDays, Breaks.Item::bucket)
        .containsExactly(Breaks.BELOW_AUTO_CONFIRM, 1L, "0-7");
    assertThat(byId.get("s-one").candidates()).singleElement();
    // AND every payment past the widest window (P5D) is UNSETTLED; p3 and p5 (2 days) are not yet
    assertThat(byId.get("p4"))
        .extracting(
            Breaks.Item::kind,
            Breaks.Item::artifactId,
            Breaks.Item::reason,
            Breaks.Item::ageDays,
            Breaks.Item::bucket)
        .containsExactly(Breaks.Kind.SETTLING, "order-4", Breaks.UNSETTLED, 20L, "8-30");
    assertThat(byId).containsKeys("p1", "p2").doesNotContainKeys("p3", "p5");
    assertThat(byId).hasSize(6);

    // AND the totals per bucket add up to the items
    Map<Breaks.Kind, List<Breaks.Total>> totals =
        Breaks.totals(List.copyOf(byId.values()), RuleSet.AGING_BUCKETS_DEFAULT);
    assertThat(totals.get(Breaks.Kind.EXTERNAL))
        .containsExactly(
            new Breaks.Total("0-7", "EUR", 1, new BigDecimal("7.00")),
            new Breaks.Total("31-60", "EUR", 2, new BigDecimal("109.00")));
    assertThat(totals.get(Breaks.Kind.SETTLING))
        .containsExactly(
            new Breaks.Total("8-30", "EUR", 1, new BigDecimal("5.00")),
            new Breaks.Total("31-60", "EUR", 2, new BigDecimal("20.00")));
  }

  @Test
  void a_line_dated_after_asOf_is_zero_days_old() {
    assertThat(Breaks.ageDays(T0.plusSeconds(5), T0)).isZero();
    assertThat(Breaks.ageDays(T0, T0.plus(Duration.ofHours(47)))).isEqualTo(1);
  }
}
