package dev.recon.core.rules;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reduces one stateless batch's distinct events for a key into a stateless artifact: events in
 * (eventTime, eventId) order and per-currency debit and credit totals. The result does not depend
 * on the order the events come in.
 */
public final class StatelessReducer {
  private StatelessReducer() {}

  public static StatelessArtifact reduce(String artifactId, long statelessBatch, Iterable<Event> events) {
    List<Event> sorted = new ArrayList<>();
    for (Event e : events) {
      if (!e.artifactId().equals(artifactId)) {
        throw new IllegalArgumentException(
            "event " + e.eventId() + " belongs to " + e.artifactId() + ", not " + artifactId);
      }
      sorted.add(e);
    }
    sorted.sort(Event.ORDER);
    java.util.Set<String> ids = new java.util.HashSet<>(sorted.size() * 2);
    for (Event e : sorted) {
      if (!ids.add(e.eventId())) {
        throw new IllegalArgumentException("events must be distinct (resolve duplicates first): " + e.eventId());
      }
    }
    TreeMap<String, BigDecimal> debits = new TreeMap<>();
    TreeMap<String, BigDecimal> credits = new TreeMap<>();
    for (Event e : sorted) {
      (e.side() == Side.DEBIT ? debits : credits).merge(e.currency(), e.amount(), BigDecimal::add);
    }
    return new StatelessArtifact(artifactId, statelessBatch, sorted, debits, credits);
  }
}
