package dev.recon.core.watermark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Per-source event-time progress over many stateless batches, and the watermark derived from it.
 *
 * <p>It keeps each batch's {@link SourceStats} by (source, batch number), so merging is a set
 * union: commutative, associative and idempotent. Batches can be read in any order, a batch seen
 * twice (a replayed request, a re-read ledger record) changes nothing, and counts are never
 * doubled. Memory is one small entry per (source, batch) that a question reads.
 *
 * <p>Watermark of a source = its highest accepted event time − the allowed lateness: recon then
 * assumes every event of that source earlier than the watermark has arrived. An event later than
 * that is still applied normally (artifacts never drop data); only the answer to "is T complete"
 * was optimistic.
 */
public final class Watermarks {
  /**
   * Default allowed lateness: events may arrive up to an hour behind the newest of their source.
   */
  public static final Duration ALLOWED_LATENESS_DEFAULT = Duration.ofHours(1);

  /** Largest allowed lateness accepted: beyond a year the watermark says nothing useful. */
  public static final Duration ALLOWED_LATENESS_MAX = Duration.ofDays(366);

  private static final Watermarks EMPTY = new Watermarks(new TreeMap<>());

  private final SortedMap<String, SortedMap<Long, SourceStats>> seen;

  private Watermarks(SortedMap<String, SortedMap<Long, SourceStats>> seen) {
    this.seen = seen;
  }

  public static Watermarks empty() {
    return EMPTY;
  }

  /** Checks an allowed lateness: zero or positive, at most {@link #ALLOWED_LATENESS_MAX}. */
  public static Duration requireAllowedLateness(Duration lateness) {
    Objects.requireNonNull(lateness, "allowed lateness");
    if (lateness.isNegative() || lateness.compareTo(ALLOWED_LATENESS_MAX) > 0) {
      throw new IllegalArgumentException(
          "allowed lateness must be between PT0S and " + ALLOWED_LATENESS_MAX + ": " + lateness);
    }
    return lateness;
  }

  /** These watermarks plus what stateless batch {@code batch} saw. */
  public Watermarks with(long batch, BatchSources sources) {
    Objects.requireNonNull(sources, "sources");
    if (sources.isEmpty()) {
      return this;
    }
    TreeMap<String, SortedMap<Long, SourceStats>> next = new TreeMap<>(seen);
    sources
        .bySource()
        .forEach(
            (s, st) -> {
              TreeMap<Long, SourceStats> perBatch =
                  new TreeMap<>(next.getOrDefault(s, Collections.emptySortedMap()));
              perBatch.merge(batch, st, SourceStats::join);
              next.put(s, perBatch);
            });
    return new Watermarks(next);
  }

  /** The union of both: order-independent and idempotent ({@code w.merge(w).equals(w)}). */
  public Watermarks merge(Watermarks other) {
    Watermarks out = this;
    for (Map.Entry<String, SortedMap<Long, SourceStats>> e : other.seen.entrySet()) {
      for (Map.Entry<Long, SourceStats> b : e.getValue().entrySet()) {
        out = out.with(b.getKey(), new BatchSources(Map.of(e.getKey(), b.getValue())));
      }
    }
    return out;
  }

  /** Every source seen, sorted. */
  public List<String> sources() {
    return List.copyOf(seen.keySet());
  }

  public Optional<SourceWatermark> watermark(String source, Duration allowedLateness) {
    requireAllowedLateness(allowedLateness);
    SortedMap<Long, SourceStats> perBatch = seen.get(source);
    if (perBatch == null) {
      return Optional.empty();
    }
    Instant max = null;
    long events = 0;
    for (SourceStats st : perBatch.values()) {
      max = max == null ? st.maxEventTime() : SourceStats.later(max, st.maxEventTime());
      events += st.events();
    }
    return Optional.of(new SourceWatermark(source, max, allowedLateness, events, perBatch.size()));
  }

  /** The watermark of every source seen, sorted by source. */
  public List<SourceWatermark> watermarks(Duration allowedLateness) {
    List<SourceWatermark> out = new ArrayList<>();
    for (String s : seen.keySet()) {
      out.add(watermark(s, allowedLateness).orElseThrow());
    }
    return out;
  }

  /**
   * Is event time {@code through} covered? With {@code source} null: every known source's watermark
   * is at or after {@code through} (and at least one source is known). With a source: that source's
   * watermark is; a source never seen covers nothing.
   */
  public WatermarkCheck check(Instant through, Duration allowedLateness, String source) {
    Objects.requireNonNull(through, "through");
    requireAllowedLateness(allowedLateness);
    if (source != null) {
      Optional<SourceWatermark> w = watermark(source, allowedLateness);
      return new WatermarkCheck(
          through,
          allowedLateness,
          source,
          w.map(x -> x.covers(through)).orElse(false),
          w.isEmpty(),
          w.map(List::of).orElse(List.of()));
    }
    List<SourceWatermark> all = watermarks(allowedLateness);
    boolean covered = !all.isEmpty() && all.stream().allMatch(x -> x.covers(through));
    return new WatermarkCheck(through, allowedLateness, null, covered, false, all);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Watermarks w && seen.equals(w.seen);
  }

  @Override
  public int hashCode() {
    return seen.hashCode();
  }

  @Override
  public String toString() {
    return "Watermarks" + seen;
  }
}
