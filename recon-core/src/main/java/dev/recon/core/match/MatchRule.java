package dev.recon.core.match;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * One matching rule of a {@link RuleSet} (DESIGN §9).
 *
 * @param maxGroup 1:N: one external line settles 2..maxGroup settling lines; 0 = not a group rule
 * @param maxSplit N:1: 2..maxSplit external lines of one source settle one settling line; 0 = not a
 *     split rule
 */
public record MatchRule(
    String name,
    ReferenceMode reference,
    AmountTolerance amount,
    Duration valueDateWindow,
    int maxGroup,
    int maxSplit,
    BigDecimal score) {

  /** Largest maxGroup / maxSplit: the subset search is exponential in it. */
  public static final int MAX_GROUP_LIMIT = 10;

  public MatchRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(valueDateWindow, "valueDateWindow");
    Objects.requireNonNull(score, "score");
    if (valueDateWindow.isNegative()) {
      throw new IllegalArgumentException("valueDateWindow must be >= 0");
    }
    if (maxGroup != 0 && (maxGroup < 2 || maxGroup > MAX_GROUP_LIMIT)) {
      throw new IllegalArgumentException("maxGroup must be in 2.." + MAX_GROUP_LIMIT);
    }
    if (maxSplit != 0 && (maxSplit < 2 || maxSplit > MAX_GROUP_LIMIT)) {
      throw new IllegalArgumentException("maxSplit must be in 2.." + MAX_GROUP_LIMIT);
    }
    if (maxGroup != 0 && maxSplit != 0) {
      throw new IllegalArgumentException("a rule is a group or a split rule, not both");
    }
    if ((maxGroup != 0 || maxSplit != 0) && reference == ReferenceMode.NONE) {
      throw new IllegalArgumentException("a group or split rule needs a reference");
    }
    if (score.signum() < 0 || score.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("score must be in [0, 1]");
    }
  }

  /** A one-to-one rule. */
  public static MatchRule oneToOne(
      String name,
      ReferenceMode reference,
      AmountTolerance amount,
      Duration window,
      BigDecimal score) {
    return new MatchRule(name, reference, amount, window, 0, 0, score);
  }

  public boolean isGroup() {
    return maxGroup != 0;
  }

  public boolean isSplit() {
    return maxSplit != 0;
  }
}
