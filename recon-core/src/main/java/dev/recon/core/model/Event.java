package dev.recon.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One accepted financial event (DESIGN §3), after validation. The amount is positive and normalised
 * ({@link Money}); attributes are sorted so equal events are equal records.
 */
public record Event(
    String eventId,
    String artifactId,
    Instant eventTime,
    String type,
    Side side,
    BigDecimal amount,
    String currency,
    String source,
    String reference,
    SortedMap<String, String> attributes)
    implements java.io.Serializable {

  /**
   * The source of the matching stage's settlement instructions (DESIGN §9): such a line is kept in
   * its artifact's history but never counts in its debits, credits or balances.
   */
  public static final String MATCH_SOURCE = "recon.match";

  /**
   * The source of an accountant's manual matching instruction ({@code recon match}, {@code
   * unmatch}, {@code confirm}): input only in a {@code recon-manual-*} object, read by matching.
   */
  public static final String MANUAL_SOURCE = "recon.manual";

  /** Lines are ordered by (eventTime, eventId) everywhere. */
  public static final Comparator<Event> ORDER =
      Comparator.comparing(Event::eventTime).thenComparing(Event::eventId);

  public Event {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    amount = Money.normalize(amount);
    source = source == null ? "" : source;
    reference = reference == null ? "" : reference;
    attributes =
        attributes == null || attributes.isEmpty()
            ? Collections.emptySortedMap()
            : Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  /**
   * An external (statement) line accepted without an artifactId (DESIGN §9): it is matched, never
   * applied to an artifact as it is.
   */
  public boolean isUnkeyed() {
    return artifactId.isEmpty();
  }

  /** A settlement instruction of the matching stage ({@link #MATCH_SOURCE}), not a money line. */
  public boolean isSettlement() {
    return MATCH_SOURCE.equals(source);
  }

  public static SortedMap<String, String> sorted(Map<String, String> attributes) {
    return attributes == null ? Collections.emptySortedMap() : new TreeMap<>(attributes);
  }

  /** The line this event becomes when stateful batch {@code batch} applies it. */
  public Line toLine(long batch) {
    return new Line(
        eventId, eventTime, type, side, amount, currency, source, reference, attributes, batch);
  }
}
