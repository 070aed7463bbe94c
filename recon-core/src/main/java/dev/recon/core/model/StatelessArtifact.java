package dev.recon.core.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * For one key, the distinct valid events of one stateless batch, ordered by (eventTime, eventId),
 * plus per-currency debit and credit totals of those events.
 *
 * @param origins empty (origins unknown), or one list per event, aligned with {@code events}: the
 *     origin of the accepted copy first, then those of its identical copies (the run's duplicates)
 * @param rivals later copies of an event with other content, met in the same run: the stateful
 *     merge decides which content the artifact's history already has ({@code DuplicateResolver});
 *     not in the totals
 */
public record StatelessArtifact(
    String artifactId,
    long statelessBatch,
    List<Event> events,
    SortedMap<String, BigDecimal> debits,
    SortedMap<String, BigDecimal> credits,
    List<List<EventOrigin>> origins,
    List<Rival> rivals)
    implements java.io.Serializable {

  /**
   * Another content of event {@code of} (an index into {@code events}), with the origins of its
   * copies (first copy first).
   */
  public record Rival(int of, Event event, List<EventOrigin> origins)
      implements java.io.Serializable {
    public Rival {
      Objects.requireNonNull(event, "event");
      origins = List.copyOf(origins);
      if (origins.isEmpty()) {
        throw new IllegalArgumentException("a rival of event " + of + " has no origin");
      }
    }
  }

  public StatelessArtifact {
    Objects.requireNonNull(artifactId, "artifactId");
    events = List.copyOf(events);
    debits = Money.normalize(debits);
    credits = Money.normalize(credits);
    origins = origins == null ? List.of() : origins.stream().map(List::copyOf).toList();
    if (!origins.isEmpty() && origins.size() != events.size()) {
      throw new IllegalArgumentException(
          "origins of " + artifactId + ": " + origins.size() + " for " + events.size() + " events");
    }
    for (List<EventOrigin> o : origins) {
      if (o.isEmpty()) {
        throw new IllegalArgumentException("an event of " + artifactId + " has no origin");
      }
    }
    rivals = rivals == null ? List.of() : List.copyOf(rivals);
    for (Rival r : rivals) {
      if (r.of() < 0
          || r.of() >= events.size()
          || !r.event().eventId().equals(events.get(r.of()).eventId())) {
        throw new IllegalArgumentException(
            "rival " + r.event().eventId() + " of " + artifactId + " names event " + r.of());
      }
    }
  }

  /** Without origins (they are unknown). */
  public StatelessArtifact(
      String artifactId,
      long statelessBatch,
      List<Event> events,
      SortedMap<String, BigDecimal> debits,
      SortedMap<String, BigDecimal> credits) {
    this(artifactId, statelessBatch, events, debits, credits, List.of(), List.of());
  }

  /** Accepted events with their origins, no rivals. */
  public StatelessArtifact(
      String artifactId,
      long statelessBatch,
      List<Event> events,
      SortedMap<String, BigDecimal> debits,
      SortedMap<String, BigDecimal> credits,
      List<List<EventOrigin>> origins) {
    this(artifactId, statelessBatch, events, debits, credits, origins, List.of());
  }

  /** The origins of event {@code i} (accepted copy first), or an empty list when unknown. */
  public List<EventOrigin> originsOf(int i) {
    return origins.isEmpty() ? List.of() : origins.get(i);
  }
}
