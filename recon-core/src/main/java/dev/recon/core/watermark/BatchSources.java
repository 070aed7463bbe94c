package dev.recon.core.watermark;

import dev.recon.core.model.Event;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Per event {@code source}, what one stateless batch accepted ({@link SourceStats}). Events without
 * a source count under the empty name. Written by the reducer into the batch's manifest and copied
 * into the batch's ledger record when it succeeds ({@link #encode()}), where completeness reads it.
 */
public record BatchSources(SortedMap<String, SourceStats> bySource)
    implements java.io.Serializable {
  public static final BatchSources NONE = new BatchSources(Map.of());

  public BatchSources {
    Objects.requireNonNull(bySource, "bySource");
    bySource = Collections.unmodifiableSortedMap(new TreeMap<>(bySource));
  }

  public BatchSources(Map<String, SourceStats> bySource) {
    this(new TreeMap<>(bySource));
  }

  public static BatchSources of(Iterable<Event> events) {
    TreeMap<String, SourceStats> m = new TreeMap<>();
    for (Event e : events) {
      m.merge(e.source(), new SourceStats(e.eventTime(), 1), SourceStats::plus);
    }
    return new BatchSources(m);
  }

  /** Disjoint events (two partitions of one batch): per source max and sum. */
  public BatchSources plus(BatchSources other) {
    TreeMap<String, SourceStats> m = new TreeMap<>(bySource);
    other.bySource.forEach((s, st) -> m.merge(s, st, SourceStats::plus));
    return new BatchSources(m);
  }

  public boolean isEmpty() {
    return bySource.isEmpty();
  }

  /**
   * One line per source, sorted by source: {@code <maxEventTime>\t<events>\t<source>\n}. A source
   * has no control characters (the validator quarantines those), so tab and newline are safe
   * separators; it goes last so it may hold any other character.
   */
  public String encode() {
    StringBuilder b = new StringBuilder();
    bySource.forEach(
        (s, st) ->
            b.append(st.maxEventTime())
                .append('\t')
                .append(st.events())
                .append('\t')
                .append(s)
                .append('\n'));
    return b.toString();
  }

  /** The inverse of {@link #encode()}; null or empty text is {@link #NONE}. */
  public static BatchSources decode(String text) {
    if (text == null || text.isEmpty()) {
      return NONE;
    }
    TreeMap<String, SourceStats> m = new TreeMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", 3);
      if (f.length != 3) {
        throw new IllegalArgumentException("not a source line: " + line);
      }
      m.put(f[2], new SourceStats(Instant.parse(f[0]), Long.parseLong(f[1])));
    }
    return new BatchSources(m);
  }
}
