package dev.recon.core.watermark;

import java.time.Instant;
import java.util.Objects;

/**
 * What one stateless batch accepted from one event {@code source}: the highest event time and how
 * many events.
 */
public record SourceStats(Instant maxEventTime, long events) implements java.io.Serializable {
  public SourceStats {
    Objects.requireNonNull(maxEventTime, "maxEventTime");
    if (events < 1) {
      throw new IllegalArgumentException("a source with stats has at least one event: " + events);
    }
  }

  /** Two disjoint sets of events of one source (two partitions of one batch): max and sum. */
  public SourceStats plus(SourceStats other) {
    return new SourceStats(
        later(maxEventTime, other.maxEventTime), Math.addExact(events, other.events));
  }

  /**
   * Two reports of the same batch: the larger of each. A committed batch's stats never change, so
   * the two are equal; should they differ, this keeps merging order-independent and idempotent.
   */
  SourceStats join(SourceStats other) {
    return new SourceStats(later(maxEventTime, other.maxEventTime), Math.max(events, other.events));
  }

  static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
