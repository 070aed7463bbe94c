package dev.recon.core.rules;

import dev.recon.core.model.Event;
import dev.recon.core.model.EventOrigin;
import dev.recon.core.model.ReconciliationArtifact;
import java.util.List;

/**
 * What merging one stateful batch into a key did.
 *
 * @param artifact the artifact after the batch (the prior one when nothing changed; null only when
 *     there was no prior artifact and nothing was applied)
 * @param changed whether a new version was produced
 * @param applied events that became new lines
 * @param duplicates events already in the artifact's history with identical content
 * @param conflicting events whose eventId is in the history with different content (quarantine),
 *     each with the origins of every copy the stateless batch had folded into it
 */
public record MergeResult(
    ReconciliationArtifact artifact,
    boolean changed,
    long applied,
    long duplicates,
    List<Rejected> conflicting) {

  /**
   * An event rejected as a conflicting duplicate.
   *
   * @param origins the accepted copy's origin, then those of its identical copies; empty when the
   *     stateless artifact did not record them
   */
  public record Rejected(Event event, List<EventOrigin> origins) {
    public Rejected {
      origins = List.copyOf(origins);
    }
  }

  /** Lines rejected: one per recorded origin (at least one per rejected event). */
  public long conflictingLines() {
    long n = 0;
    for (Rejected r : conflicting) {
      n += Math.max(1, r.origins().size());
    }
    return n;
  }
}
