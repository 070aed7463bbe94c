package dev.recon.reducer;

import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.rules.StatelessReducer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Turns accepted events, sorted by (artifactId, eventTime, eventId), into stateless-artifact lines
 * of at most {@code chunkEvents} events each, through the core {@link StatelessReducer}.
 *
 * <p><b>Why chunks.</b> A hot key (a bulk shipment of 1,000,000 lines in one batch) must not be one
 * JSON line holding every event: it would be built in memory, and the stateful side would have to
 * parse it whole. So a key with more than {@code chunkEvents} events becomes several consecutive
 * lines of the same part-file, each a complete {@link StatelessArtifact} (events in order, totals
 * of that chunk's events); the key's totals are the sums over its lines, and the line order is the
 * event order. Memory here is one chunk.
 */
public final class ArtifactChunker implements Iterator<StatelessArtifact> {
  /** Default most events per stateless-artifact line. */
  public static final int CHUNK_EVENTS_DEFAULT = 10_000;

  private final DuplicateStep.PeekingIterator in;
  private final long batch;
  private final int chunkEvents;
  private String previousKey;
  private String previousEventId;
  private long previousSeconds;
  private int previousNanos;

  public ArtifactChunker(Iterator<ReducerRow> sortedEvents, long batch, int chunkEvents) {
    if (chunkEvents < 1) {
      throw new IllegalArgumentException("chunkEvents must be >= 1: " + chunkEvents);
    }
    this.in = new DuplicateStep.PeekingIterator(sortedEvents);
    this.batch = batch;
    this.chunkEvents = chunkEvents;
  }

  @Override
  public boolean hasNext() {
    return in.hasNext();
  }

  /** True when the next chunk starts a key that the previous chunks did not have. */
  public boolean nextStartsNewKey() {
    return in.hasNext() && !in.peek().artifactId().equals(previousKey);
  }

  @Override
  public StatelessArtifact next() {
    if (!in.hasNext()) {
      throw new NoSuchElementException();
    }
    String key = in.peek().artifactId();
    List<StatelessReducer.Accepted> chunk = new ArrayList<>(Math.min(chunkEvents, 1024));
    while (chunk.size() < chunkEvents && in.hasNext() && in.peek().artifactId().equals(key)) {
      ReducerRow r = in.next();
      checkOrder(r);
      List<StatelessReducer.Accepted> rivals = new ArrayList<>(r.rivals().size());
      for (ReducerRow rival : r.rivals()) {
        rivals.add(new StatelessReducer.Accepted(rival.decodeEvent(), rival.origins()));
      }
      chunk.add(new StatelessReducer.Accepted(r.decodeEvent(), r.origins(), rivals));
    }
    return StatelessReducer.reduceWithOrigins(key, batch, chunk);
  }

  /** The shuffle sorts; this guards the contract the stateful side relies on. */
  private void checkOrder(ReducerRow r) {
    if (r.kind() != ReducerRow.Kind.EVENT) {
      throw new IllegalStateException("expected an event row, got " + r);
    }
    if (previousKey != null) {
      int c = r.artifactId().compareTo(previousKey);
      if (c == 0) {
        c = Long.compare(r.eventSeconds(), previousSeconds);
        if (c == 0) c = Integer.compare(r.eventNanos(), previousNanos);
        if (c == 0) c = r.eventId().compareTo(previousEventId);
      }
      if (c <= 0) {
        throw new IllegalStateException(
            "events out of order at " + r.artifactId() + "/" + r.eventId());
      }
    }
    previousKey = r.artifactId();
    previousEventId = r.eventId();
    previousSeconds = r.eventSeconds();
    previousNanos = r.eventNanos();
  }
}
