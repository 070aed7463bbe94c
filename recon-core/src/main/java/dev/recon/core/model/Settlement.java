package dev.recon.core.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One currency of an artifact's settlement section (DESIGN §9): what its settling lines expect to
 * see on a statement and what matching has settled of it. It never enters debits, credits or
 * balances, which stay the internal side.
 *
 * @param expected the sum of the artifact's lines of a settling type and side
 * @param settled the sum of its settlement lines (source {@code recon.match}), each the amount of
 *     the line it settled
 */
public record Settlement(BigDecimal expected, BigDecimal settled) implements java.io.Serializable {
  public Settlement {
    expected = Money.normalize(Objects.requireNonNull(expected, "expected"));
    settled = Money.normalize(Objects.requireNonNull(settled, "settled"));
  }

  /** Expected minus settled: what is still to appear on a statement (negative: settled more). */
  public BigDecimal difference() {
    return Money.normalize(expected.subtract(settled));
  }

  /** Both sums added. */
  public Settlement plus(Settlement other) {
    return new Settlement(expected.add(other.expected), settled.add(other.settled));
  }
}
