package dev.recon.core.match;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A statement line (an event of an external source, usually without artifactId). */
public record ExternalLine(
    String eventId,
    String source,
    BigDecimal amount,
    String currency,
    Instant eventTime,
    String reference) {
  public ExternalLine {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(eventTime, "eventTime");
    reference = reference == null ? "" : reference;
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("amount must be > 0: " + amount);
    }
  }
}
