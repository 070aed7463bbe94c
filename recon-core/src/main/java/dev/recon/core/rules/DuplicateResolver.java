package dev.recon.core.rules;

import dev.recon.core.model.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sorts the copies of one event (one eventId within one artifact) that meet in a run into its
 * distinct contents, in the order each content first appears. The rule (the idempotency-key rule of
 * payment systems) is that the <b>first copy in input order wins</b>: a later identical copy is a
 * duplicate, a later differing copy is a conflicting duplicate. Input order is the total order of
 * inputs (the order the backlog manager applies them: stateless batch, then position in its plan)
 * and, within an input, the line number; callers hand the copies in that order.
 *
 * <p>A run cannot decide alone, because the first copy may sit in an earlier run: a run of [B, A']
 * after a run that applied A must accept A' as A's duplicate and reject B. So the run keeps every
 * content — the first as the event, the others as its rivals, each with the copies folded into it —
 * and the stateful merge decides against the artifact's history ({@link ArtifactMerger}). Then the
 * outcome does not depend on how inputs were grouped into runs.
 */
public final class DuplicateResolver {
  private DuplicateResolver() {}

  /** One distinct content and the copies that carry it, in input order. */
  public record Content<T>(Event event, List<T> copies) {
    public Content {
      copies = List.copyOf(copies);
    }

    /** Copies after the first: duplicates of it. */
    public long duplicates() {
      return copies.size() - 1L;
    }
  }

  /**
   * @param copies every validated copy of one event in the run, in input order, each with its
   *     provenance
   * @param eventOf how to get the event out of a copy
   * @return the distinct contents, in order of first appearance: the first is the run's candidate,
   *     the others its rivals
   */
  public static <T> List<Content<T>> resolve(List<T> copies, Function<T, Event> eventOf) {
    if (copies.isEmpty()) {
      throw new IllegalArgumentException("no copies");
    }
    Event first = eventOf.apply(copies.get(0));
    Map<Event, List<T>> byContent = new LinkedHashMap<>();
    for (T copy : copies) {
      Event e = eventOf.apply(copy);
      if (!first.eventId().equals(e.eventId()) || !first.artifactId().equals(e.artifactId())) {
        throw new IllegalArgumentException(
            "copies of different events: " + first.eventId() + ", " + e.eventId());
      }
      byContent.computeIfAbsent(e, k -> new ArrayList<>()).add(copy);
    }
    List<Content<T>> out = new ArrayList<>(byContent.size());
    byContent.forEach((e, c) -> out.add(new Content<>(e, c)));
    return out;
  }
}
