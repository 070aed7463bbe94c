package dev.recon.core.model;

import java.math.BigDecimal;

/**
 * Money normalisation. Amounts keep at least two decimals and never use exponent notation, so that
 * "125.4", "125.40" and "125.400" are the same amount and encode to the same bytes ("125.40"),
 * while sub-cent precision ("0.005") is kept exactly.
 */
public final class Money {
  /** Scale every amount is padded to. */
  public static final int MIN_SCALE = 2;

  private Money() {}

  public static BigDecimal normalize(BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    return stripped.scale() < MIN_SCALE ? stripped.setScale(MIN_SCALE) : stripped;
  }

  /** A sorted, unmodifiable copy with every amount normalised. */
  public static java.util.SortedMap<String, BigDecimal> normalize(
      java.util.Map<String, BigDecimal> amounts) {
    java.util.TreeMap<String, BigDecimal> out = new java.util.TreeMap<>();
    amounts.forEach((k, v) -> out.put(k, normalize(v)));
    return java.util.Collections.unmodifiableSortedMap(out);
  }

  /** Plain-string form of a normalised amount: never "1E+3". */
  public static String format(BigDecimal amount) {
    return normalize(amount).toPlainString();
  }
}
