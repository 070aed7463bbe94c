package dev.recon.core.model;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * For one key, the distinct valid events of one stateless batch, ordered by (eventTime, eventId),
 * plus per-currency debit and credit totals of those events.
 */
public record StatelessArtifact(
    String artifactId,
    long statelessBatch,
    List<Event> events,
    SortedMap<String, BigDecimal> debits,
    SortedMap<String, BigDecimal> credits)
    implements java.io.Serializable {
  public StatelessArtifact {
    Objects.requireNonNull(artifactId, "artifactId");
    events = List.copyOf(events);
    debits = Money.normalize(debits);
    credits = Money.normalize(credits);
  }
}
