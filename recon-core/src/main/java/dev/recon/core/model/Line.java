package dev.recon.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One line of a reconciliation artifact: an applied event and the stateful batch that applied it.
 * The artifact id is implied by the artifact that holds the line.
 */
public record Line(
    String eventId,
    Instant eventTime,
    String type,
    Side side,
    BigDecimal amount,
    String currency,
    String source,
    String reference,
    SortedMap<String, String> attributes,
    long batch)
    implements java.io.Serializable {

  public static final Comparator<Line> ORDER =
      Comparator.comparing(Line::eventTime).thenComparing(Line::eventId);

  public Line {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventTime, "eventTime");
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
   * True when {@code event} carries the same content as this line: an identical re-send of the same
   * event (a duplicate), as opposed to a conflicting one.
   */
  public boolean sameContentAs(Event event) {
    return eventId.equals(event.eventId())
        && eventTime.equals(event.eventTime())
        && type.equals(event.type())
        && side == event.side()
        && amount.compareTo(event.amount()) == 0
        && currency.equals(event.currency())
        && source.equals(event.source())
        && reference.equals(event.reference())
        && attributes.equals(event.attributes());
  }
}
