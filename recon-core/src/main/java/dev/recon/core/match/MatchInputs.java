package dev.recon.core.match;

import dev.recon.core.model.Event;
import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import java.util.ArrayList;
import java.util.List;

/**
 * What one stateful batch brings to matching, as pure functions of the pipeline's own records: the
 * statement lines the reducer routed to {@code stateless/<S>/external/}, and the settling lines the
 * batch applied for the first time.
 */
public final class MatchInputs {
  private MatchInputs() {}

  /** An accepted event of an external source as the statement line matching reads. */
  public static ExternalLine external(Event e) {
    return new ExternalLine(
        e.eventId(), e.source(), e.amount(), e.currency(), e.eventTime(), e.reference());
  }

  /** Whether a line of an artifact is of one of the rule set's settling types and sides. */
  public static boolean isSettling(Line l, List<SettlingType> settling) {
    if (Event.MATCH_SOURCE.equals(l.source())) {
      return false; // a settlement instruction never needs settling itself
    }
    for (SettlingType t : settling) {
      if (t.type().equals(l.type()) && t.side() == l.side()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The settling lines that stateful batch {@code batch} applied to this artifact (lines are
   * stamped with the batch that applied them, so each is offered to matching exactly once).
   */
  public static List<SettlingLine> newSettling(
      ReconciliationArtifact a, long batch, List<SettlingType> settling) {
    List<SettlingLine> out = new ArrayList<>();
    if (a.version() != batch) {
      return out; // untouched by this batch (a part-file holds only changed artifacts)
    }
    for (Line l : a.lines()) {
      if (l.batch() == batch && isSettling(l, settling)) {
        out.add(settlingLine(a, l));
      }
    }
    return out;
  }

  /** A line of an artifact as the settling line matching reads. */
  public static SettlingLine settlingLine(ReconciliationArtifact a, Line l) {
    return new SettlingLine(
        l.eventId(), a.artifactId(), l.amount(), l.currency(), l.eventTime(), l.reference());
  }

  /**
   * The eventIds of this artifact's lines that settlement instructions settle now: each settlement
   * (CREDIT) counts one, each reversal of a manual unmatch (DEBIT) takes one back.
   */
  public static java.util.Set<String> settled(ReconciliationArtifact a) {
    java.util.Map<String, Integer> net = new java.util.HashMap<>();
    for (Line l : a.lines()) {
      if (Event.MATCH_SOURCE.equals(l.source())) {
        String s = l.attributes().get(MatchStep.ATTR_SETTLED_LINE);
        if (s != null) {
          net.merge(s, l.side() == dev.recon.core.model.Side.CREDIT ? 1 : -1, Integer::sum);
        }
      }
    }
    java.util.Set<String> out = new java.util.HashSet<>();
    net.forEach(
        (id, n) -> {
          if (n > 0) {
            out.add(id);
          }
        });
    return out;
  }
}
