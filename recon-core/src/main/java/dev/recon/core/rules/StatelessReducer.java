package dev.recon.core.rules;

import dev.recon.core.model.Event;
import dev.recon.core.model.EventOrigin;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reduces one stateless batch's distinct events for a key into a stateless artifact: events in
 * (eventTime, eventId) order and per-currency debit and credit totals. The result does not depend
 * on the order the events come in.
 */
public final class StatelessReducer {
  private StatelessReducer() {}

  /**
   * One accepted event, where its copies were read (accepted copy first), and the other contents
   * the run met for it ({@link DuplicateResolver}), each with its own origins.
   */
  public record Accepted(Event event, List<EventOrigin> origins, List<Accepted> rivals) {
    public Accepted {
      origins = List.copyOf(origins);
      rivals = List.copyOf(rivals);
    }

    public Accepted(Event event, List<EventOrigin> origins) {
      this(event, origins, List.of());
    }
  }

  public static StatelessArtifact reduce(
      String artifactId, long statelessBatch, Iterable<Event> events) {
    List<Accepted> accepted = new ArrayList<>();
    for (Event e : events) {
      accepted.add(new Accepted(e, List.of()));
    }
    return reduceAccepted(artifactId, statelessBatch, accepted, false);
  }

  /** As {@link #reduce}, keeping each event's origins in the artifact. */
  public static StatelessArtifact reduceWithOrigins(
      String artifactId, long statelessBatch, List<Accepted> events) {
    return reduceAccepted(artifactId, statelessBatch, events, true);
  }

  private static StatelessArtifact reduceAccepted(
      String artifactId, long statelessBatch, List<Accepted> events, boolean withOrigins) {
    List<Accepted> sorted = new ArrayList<>(events.size());
    for (Accepted a : events) {
      if (!a.event().artifactId().equals(artifactId)) {
        throw new IllegalArgumentException(
            "event "
                + a.event().eventId()
                + " belongs to "
                + a.event().artifactId()
                + ", not "
                + artifactId);
      }
      sorted.add(a);
    }
    sorted.sort(Comparator.comparing(Accepted::event, Event.ORDER));
    Set<String> ids = new HashSet<>(sorted.size() * 2);
    for (Accepted a : sorted) {
      if (!ids.add(a.event().eventId())) {
        throw new IllegalArgumentException(
            "events must be distinct (resolve duplicates first): " + a.event().eventId());
      }
    }
    TreeMap<String, BigDecimal> debits = new TreeMap<>();
    TreeMap<String, BigDecimal> credits = new TreeMap<>();
    List<Event> out = new ArrayList<>(sorted.size());
    List<List<EventOrigin>> origins = new ArrayList<>(withOrigins ? sorted.size() : 0);
    List<StatelessArtifact.Rival> rivals = new ArrayList<>();
    for (Accepted a : sorted) {
      Event e = a.event();
      if (!e.isSettlement()) {
        (e.side() == Side.DEBIT ? debits : credits)
            .merge(e.currency(), e.amount(), BigDecimal::add);
      }
      for (Accepted r : a.rivals()) {
        rivals.add(new StatelessArtifact.Rival(out.size(), r.event(), r.origins()));
      }
      out.add(e);
      if (withOrigins) {
        origins.add(a.origins());
      }
    }
    return new StatelessArtifact(artifactId, statelessBatch, out, debits, credits, origins, rivals);
  }
}
