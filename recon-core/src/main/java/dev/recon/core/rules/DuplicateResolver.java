package dev.recon.core.rules;

import dev.recon.core.model.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, within one stateless batch, what happens to the lines that share an eventId.
 *
 * <p>All copies identical: one is accepted, the others are duplicates. Copies that differ: nobody
 * can tell which is right, so every copy is quarantined as CONFLICTING_DUPLICATE, whatever the
 * order they arrived in. The decision depends only on the set of copies, so a rerun or any
 * re-partitioning decides the same way.
 */
public final class DuplicateResolver {
  private DuplicateResolver() {}

  /** The verdict for the copies of one eventId. */
  public record Resolution<T>(Event accepted, long duplicates, List<T> conflicting) {}

  /**
   * @param copies every validated copy of one eventId in the batch, each with its provenance
   * @param eventOf how to get the event out of a copy
   */
  public static <T> Resolution<T> resolve(List<T> copies, java.util.function.Function<T, Event> eventOf) {
    if (copies.isEmpty()) {
      throw new IllegalArgumentException("no copies");
    }
    Event first = eventOf.apply(copies.get(0));
    for (T copy : copies) {
      if (!first.equals(eventOf.apply(copy))) {
        return new Resolution<>(null, 0, new ArrayList<>(copies));
      }
    }
    return new Resolution<>(first, copies.size() - 1L, List.of());
  }
}
