package dev.recon.core.match;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * How far an external amount may be from the internal amount it settles: absolute ({@code |ext -
 * internal| <= value}) or relative to the internal amount ({@code |ext - internal| <= internal *
 * value / 100}). All arithmetic is exact {@link BigDecimal}; the ranges used for index look-ups are
 * rounded outwards and every candidate is then checked with {@link #within}.
 *
 * @param percent false: {@code value} is an absolute amount in the line's currency; true: a
 *     percentage of the internal amount, in [0, 100)
 */
public record AmountTolerance(BigDecimal value, boolean percent) {
  public static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** Extra digits when a percentage range is divided out; the bounds are rounded outwards. */
  private static final int RANGE_EXTRA_DIGITS = 12;

  public AmountTolerance {
    Objects.requireNonNull(value, "value");
    if (value.signum() < 0) {
      throw new IllegalArgumentException("tolerance must be >= 0: " + value);
    }
    if (percent && value.compareTo(HUNDRED) >= 0) {
      throw new IllegalArgumentException("tolerancePct must be < 100: " + value);
    }
  }

  public static AmountTolerance absolute(String value) {
    return new AmountTolerance(new BigDecimal(value), false);
  }

  public static AmountTolerance pct(String value) {
    return new AmountTolerance(new BigDecimal(value), true);
  }

  /** Whether {@code external} settles {@code internal} (a line's amount, or a sum of them). */
  public boolean within(BigDecimal external, BigDecimal internal) {
    BigDecimal diff = external.subtract(internal).abs();
    if (!percent) {
      return diff.compareTo(value) <= 0;
    }
    // |ext - internal| <= internal * pct / 100, without a division.
    return diff.multiply(HUNDRED).compareTo(internal.multiply(value)) <= 0;
  }

  /**
   * Every internal amount (or sum) that {@code external} can settle lies in {@code [lo, hi]}
   * (possibly a little wider: callers filter with {@link #within}).
   */
  public Range internalRange(BigDecimal external) {
    if (!percent) {
      return new Range(external.subtract(value), external.add(value));
    }
    // diff <= s*p/100  <=>  ext*100/(100+p) <= s <= ext*100/(100-p)
    MathContext mc = new MathContext(external.precision() + RANGE_EXTRA_DIGITS);
    BigDecimal scaled = external.multiply(HUNDRED);
    BigDecimal lo =
        scaled.divide(HUNDRED.add(value), new MathContext(mc.getPrecision(), RoundingMode.FLOOR));
    BigDecimal hi =
        scaled.divide(
            HUNDRED.subtract(value), new MathContext(mc.getPrecision(), RoundingMode.CEILING));
    return new Range(lo, hi);
  }

  /** Every external amount (or sum) that settles {@code internal} lies in {@code [lo, hi]}. */
  public Range externalRange(BigDecimal internal) {
    BigDecimal slack = percent ? internal.multiply(value).divide(HUNDRED) : value;
    return new Range(internal.subtract(slack), internal.add(slack));
  }

  @Override
  public String toString() {
    return percent ? value.toPlainString() + "%" : value.toPlainString();
  }

  /** A closed range of amounts. */
  public record Range(BigDecimal lo, BigDecimal hi) {
    public boolean contains(BigDecimal x) {
      return x.compareTo(lo) >= 0 && x.compareTo(hi) <= 0;
    }
  }
}
