package dev.recon.core.match;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** An open internal line of a settling type: expected to appear on a statement. */
public record SettlingLine(
    String eventId,
    String artifactId,
    BigDecimal amount,
    String currency,
    Instant eventTime,
    String reference) {
  public SettlingLine {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(eventTime, "eventTime");
    reference = reference == null ? "" : reference;
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("amount must be > 0: " + amount);
    }
    if (artifactId.isEmpty()) {
      throw new IllegalArgumentException("artifactId must not be empty");
    }
  }
}
