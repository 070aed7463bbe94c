package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.Event;
import dev.recon.core.model.Money;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The rules at exactly their bounds, each against an oracle computed from the generated values:
 * aging at the threshold (to the nanosecond), the tolerance at the bound (either sign, in every
 * currency), the amount's digit and decimal limits (as a string or a JSON number, with leading and
 * trailing zeros), and money normalisation.
 */
class RuleBoundariesPropertiesTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  // ------------------------------------------------------------------------------ aging

  @Property(tries = 200)
  void status_shouldBeAged_onlyWhenTheFirstEventIsStrictlyOlderThanTheThreshold(
      @ForAll @LongRange(min = 1, max = 60L * 24 * 90) long thresholdMinutes,
      @ForAll @IntRange(min = -3, max = 3) int steps,
      @ForAll("units") Duration unit,
      @ForAll @IntRange(min = 0, max = 3) int laterEvents) {
    // GIVEN an unsettled key whose first event is at T0, and an as-of at T0 + threshold + delta
    Duration threshold = Duration.ofMinutes(thresholdMinutes);
    Duration delta = unit.multipliedBy(steps);
    Instant asOf = T0.plus(threshold).plus(delta);
    RulesConfig rules = RulesConfig.DEFAULTS.withAgingThreshold(threshold);
    List<Event> events = new ArrayList<>();
    events.add(event("e-0", T0, Side.DEBIT, "5.00", "USD"));
    for (int i = 1; i <= laterEvents; i++) {
      // later events (some after the as-of) do not make the key younger
      Instant later = asOf.plus(Duration.ofMinutes(i * 10L - 15));
      events.add(
          event("e-" + i, later.isAfter(T0) ? later : T0.plusNanos(i), Side.DEBIT, "1", "USD"));
    }

    // WHEN the batch is applied at that as-of, and the report evaluates it there
    ReconciliationArtifact a =
        new ArtifactMerger(rules)
            .merge(null, null, List.of(StatelessReducer.reduce("k", 1, events)), 1, asOf)
            .artifact();

    // THEN AGED exactly when delta > 0
    ArtifactStatus expected =
        delta.isNegative() || delta.isZero() ? ArtifactStatus.OPEN : ArtifactStatus.AGED;
    assertThat(a.status()).as("delta %s", delta).isEqualTo(expected);
    assertThat(StatusRule.evaluate(a.balances(), a.firstEventTime(), asOf, rules))
        .isEqualTo(expected);
    assertThat(a.firstEventTime()).isEqualTo(T0);
    assertThat(a.asOf()).isEqualTo(asOf);
  }

  @Provide
  Arbitrary<Duration> units() {
    return Arbitraries.of(Duration.ofNanos(1), Duration.ofMillis(1), Duration.ofSeconds(1));
  }

  @Property(tries = 50)
  void status_shouldNeverAge_whenTheKeyIsSettled_orHasNoEvents(
      @ForAll @LongRange(min = 0, max = 10_000) long minutesPastTheThreshold) {
    RulesConfig rules = RulesConfig.DEFAULTS.withAgingThreshold(Duration.ofHours(1));
    Instant asOf = T0.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(minutesPastTheThreshold));
    assertThat(StatusRule.evaluate(Map.of("USD", BigDecimal.ZERO), T0.minusSeconds(1), asOf, rules))
        .isEqualTo(ArtifactStatus.RECONCILED);
    assertThat(StatusRule.evaluate(Map.of("USD", BigDecimal.ONE), null, asOf, rules))
        .isEqualTo(ArtifactStatus.OPEN);
  }

  // --------------------------------------------------------------------------- tolerance

  @Property(tries = 300)
  void status_shouldBeReconciled_exactlyWhenEveryCurrencyIsWithinTheTolerance(
      @ForAll("tolerances") BigDecimal tolerance,
      @ForAll("offsets") BigDecimal usdOffset,
      @ForAll("offsets") BigDecimal eurOffset,
      @ForAll boolean usdNegative,
      @ForAll boolean eurNegative,
      @ForAll boolean withEur) {
    // GIVEN per currency a balance of +-(tolerance + offset), at least 0: debits 100 + b, credits
    // 100
    BigDecimal usdMagnitude = tolerance.add(usdOffset).max(BigDecimal.ZERO);
    BigDecimal eurMagnitude = tolerance.add(eurOffset).max(BigDecimal.ZERO);
    BigDecimal usd = usdNegative ? usdMagnitude.negate() : usdMagnitude;
    BigDecimal eur = eurNegative ? eurMagnitude.negate() : eurMagnitude;
    List<Event> events = new ArrayList<>();
    events.add(event("u-d", T0, Side.DEBIT, new BigDecimal(100).add(usd).toPlainString(), "USD"));
    events.add(event("u-c", T0.plusSeconds(1), Side.CREDIT, "100", "USD"));
    if (withEur) {
      events.add(
          event(
              "e-d",
              T0.plusSeconds(2),
              Side.DEBIT,
              new BigDecimal(100).add(eur).toPlainString(),
              "EUR"));
      events.add(event("e-c", T0.plusSeconds(3), Side.CREDIT, "100.000", "EUR"));
    }
    RulesConfig rules = RulesConfig.DEFAULTS.withTolerance(tolerance);

    // WHEN merged
    ReconciliationArtifact a =
        new ArtifactMerger(rules)
            .merge(null, null, List.of(StatelessReducer.reduce("k", 1, events)), 1, T0)
            .artifact();

    // THEN settled iff the magnitude is at most the tolerance in every currency
    boolean settled =
        usdMagnitude.compareTo(tolerance) <= 0
            && (!withEur || eurMagnitude.compareTo(tolerance) <= 0);
    assertThat(a.status()).isEqualTo(settled ? ArtifactStatus.RECONCILED : ArtifactStatus.OPEN);
    assertThat(a.balances().get("USD")).isEqualByComparingTo(usd);
    if (withEur) {
      assertThat(a.balances().get("EUR")).isEqualByComparingTo(eur);
    }
  }

  @Provide
  Arbitrary<BigDecimal> tolerances() {
    return Arbitraries.of("0", "0.01", "0.005", "1", "2.50").map(BigDecimal::new);
  }

  /** Just inside the bound, at it, or just outside. */
  @Provide
  Arbitrary<BigDecimal> offsets() {
    return Arbitraries.of("-0.01", "-0.001", "0", "0", "0.001", "0.01", "1").map(BigDecimal::new);
  }

  // ------------------------------------------------------------------------ amount limits

  /**
   * An amount written as {@code zeros + digits [. fraction + trailingZeros]}: {@code digits} has a
   * non-zero first digit, {@code fraction} a non-zero last digit.
   */
  record Amount(int leadingZeros, String digits, String fraction, int trailingZeros) {
    /** As a JSON number there are no leading zeros (JSON forbids them). */
    String text(boolean json) {
      String whole = (json ? "" : "0".repeat(leadingZeros)) + digits;
      if (whole.isEmpty()) {
        whole = "0";
      }
      String f = fraction + "0".repeat(trailingZeros);
      return f.isEmpty() ? whole : whole + "." + f;
    }

    /** Significant digits as the rule counts them: at least one before the point. */
    int totalDigits() {
      return Math.max(digits.length(), 1) + fraction.length();
    }
  }

  @Provide
  Arbitrary<Amount> amounts() {
    Arbitrary<String> digits =
        Combinators.combine(
                Arbitraries.integers().between(0, 27),
                Arbitraries.strings().withCharRange('1', '9').ofLength(1),
                Arbitraries.strings().withCharRange('0', '9').ofLength(26))
            .as((n, first, rest) -> n == 0 ? "" : first + rest.substring(0, n - 1));
    Arbitrary<String> fraction =
        Combinators.combine(
                Arbitraries.integers().between(0, 11),
                Arbitraries.strings().withCharRange('0', '9').ofLength(10),
                Arbitraries.strings().withCharRange('1', '9').ofLength(1))
            .as((n, rest, last) -> n == 0 ? "" : rest.substring(0, n - 1) + last);
    return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            digits,
            fraction,
            Arbitraries.integers().between(0, 3))
        .as(Amount::new)
        .filter(a -> !(a.digits().isEmpty() && a.fraction().isEmpty()));
  }

  @Property(tries = 600)
  void validate_shouldAcceptAnAmount_exactlyWithinTheDigitAndDecimalLimits(
      @ForAll("amounts") Amount amount,
      @ForAll @IntRange(min = 1, max = 30) int maxDigits,
      @ForAll @IntRange(min = 0, max = 10) int maxScale,
      @ForAll boolean asNumber,
      @ForAll boolean defaults) {
    RulesConfig rules =
        defaults
            ? RulesConfig.DEFAULTS
            : new RulesConfig(
                BigDecimal.ZERO,
                Duration.ofDays(30),
                4096,
                128,
                maxDigits,
                maxScale,
                Duration.ofHours(24));
    String text = amount.text(asNumber);
    String line =
        "{\"eventId\":\"e\",\"artifactId\":\"k\",\"eventTime\":\"2026-11-01T00:00:00Z\","
            + "\"type\":\"FEE\",\"side\":\"DEBIT\",\"currency\":\"USD\",\"amount\":"
            + (asNumber ? text : "\"" + text + "\"")
            + "}";

    LineVerdict v = new EventValidator(rules).validate("in", 1, line);

    // the oracle: decimals after dropping trailing zeros, digits counted as the rule says
    boolean within =
        amount.fraction().length() <= rules.maxAmountScale()
            && amount.totalDigits() <= rules.maxAmountDigits();
    assertThat(v.accepted())
        .as("%s under %s/%s", text, rules.maxAmountDigits(), rules.maxAmountScale())
        .isEqualTo(within);
    if (within) {
      BigDecimal exact = new BigDecimal(text);
      assertThat(v.event().amount()).isEqualByComparingTo(exact);
      assertThat(Money.format(v.event().amount())).isEqualTo(expectedMoney(amount));
      String encoded = new String(CanonicalJson.encode(v.event()), StandardCharsets.UTF_8);
      assertThat(encoded).contains("\"amount\":\"" + expectedMoney(amount) + "\"");
      assertThat(CanonicalJson.decodeEvent(CanonicalJson.encode(v.event()))).isEqualTo(v.event());
    } else {
      assertThat(v.quarantine().reason()).isEqualTo(QuarantineReason.BAD_AMOUNT);
      assertThat(v.quarantine().detail()).contains("too many digits");
    }
  }

  /** Plain digits without leading zeros, the fraction without trailing zeros padded to two. */
  private static String expectedMoney(Amount a) {
    String whole = a.digits().isEmpty() ? "0" : a.digits();
    StringBuilder f = new StringBuilder(a.fraction());
    while (f.length() < 2) {
      f.append('0');
    }
    return whole + "." + f;
  }

  // ------------------------------------------------------------------ money normalisation

  @Property(tries = 300)
  void normalize_shouldKeepTheValue_andGiveOneFormPerValue(
      @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long unscaled,
      @ForAll @IntRange(min = -4, max = 12) int scale,
      @ForAll @IntRange(min = 0, max = 6) int padding) {
    BigDecimal v = new BigDecimal(BigInteger.valueOf(unscaled), scale);
    BigDecimal padded = v.setScale(Math.max(scale, 0) + padding);
    BigDecimal n = Money.normalize(v);
    assertThat(n).isEqualByComparingTo(v);
    assertThat(Money.normalize(padded)).isEqualTo(n);
    assertThat(Money.normalize(n)).isEqualTo(n);
    assertThat(n.toPlainString()).isEqualTo(BatchGroupingPropertiesTest.canonical(v));
    assertThat(Money.format(padded)).isEqualTo(BatchGroupingPropertiesTest.canonical(v));
    assertThat(Money.normalize(new TreeMap<>(Map.of("USD", padded, "EUR", v))))
        .containsExactly(Map.entry("EUR", n), Map.entry("USD", n));
  }

  private static Event event(String id, Instant time, Side side, String amount, String currency) {
    return new Event(
        id, "k", time, "FEE", side, new BigDecimal(amount), currency, "", "", new TreeMap<>());
  }
}
