package dev.recon.reducer;

import dev.recon.core.model.Event;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.rules.DuplicateResolver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Resolves duplicates over one dedup partition, lazily: rows arrive sorted by {@link
 * ShuffleKeys#dedupKey}, so the copies of one event (eventId within its artifact) are adjacent, in
 * input order (the run's input list, then line). The core {@link DuplicateResolver} sorts each run
 * of copies into distinct contents: the first content's first copy is accepted, carrying the
 * origins of its identical copies (counted as duplicates here) and, as <i>rivals</i>, the run's
 * other contents with their copies. The run does not quarantine a differing copy itself: the first
 * copy of the event may be in an earlier run, so the stateful merge decides against history which
 * content wins, and quarantines the others as {@link QuarantineReason#CONFLICTING_DUPLICATE} under
 * their input objects and lines. Non-event rows pass through. One {@link
 * ReducerRow.Kind#DUPLICATES} row ends the partition.
 *
 * <p>Only the copies of one event are held in memory (normally one to three), never a partition.
 */
public final class DuplicateStep implements Iterator<ReducerRow> {
  private final PeekingIterator in;
  private final int partition;
  private final ArrayDeque<ReducerRow> out = new ArrayDeque<>();
  private long duplicates;
  private boolean finished;

  public DuplicateStep(Iterator<ReducerRow> sortedRows, int partition) {
    this.in = new PeekingIterator(sortedRows);
    this.partition = partition;
  }

  @Override
  public boolean hasNext() {
    while (out.isEmpty() && !finished) {
      if (!in.hasNext()) {
        out.add(ReducerRow.duplicates(duplicates, partition));
        finished = true;
        break;
      }
      ReducerRow first = in.next();
      if (first.kind() != ReducerRow.Kind.EVENT) {
        out.add(first);
        continue;
      }
      List<Copy> copies = new ArrayList<>(2);
      copies.add(new Copy(first));
      while (in.hasNext()
          && in.peek().kind() == ReducerRow.Kind.EVENT
          && in.peek().eventId().equals(first.eventId())
          && in.peek().artifactId().equals(first.artifactId())) {
        copies.add(new Copy(in.next()));
      }
      resolve(copies);
    }
    return !out.isEmpty();
  }

  private void resolve(List<Copy> copies) {
    if (copies.size() == 1) {
      // The common case: one copy is accepted as is (what the resolver answers), without decoding
      // it.
      out.add(copies.get(0).row.withoutRaw());
      return;
    }
    List<DuplicateResolver.Content<Copy>> contents = DuplicateResolver.resolve(copies, Copy::event);
    List<ReducerRow> rivals = new ArrayList<>(contents.size() - 1);
    for (DuplicateResolver.Content<Copy> c : contents) {
      duplicates += c.duplicates();
      if (c != contents.get(0)) {
        rivals.add(folded(c));
      }
    }
    out.add(folded(contents.get(0)).withRivals(rivals));
  }

  /** A content's first copy, with the origins of the identical copies folded into it. */
  private static ReducerRow folded(DuplicateResolver.Content<Copy> content) {
    List<ReducerRow> identical = new ArrayList<>(content.copies().size() - 1);
    for (int i = 1; i < content.copies().size(); i++) {
      identical.add(content.copies().get(i).row);
    }
    return content.copies().get(0).row.acceptedWithCopies(identical);
  }

  @Override
  public ReducerRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return out.poll();
  }

  /** One copy; its event is decoded once, on demand. */
  private static final class Copy {
    final ReducerRow row;
    Event event;

    Copy(ReducerRow row) {
      this.row = row;
    }

    Event event() {
      if (event == null) {
        event = row.decodeEvent();
      }
      return event;
    }
  }

  /** Minimal peeking iterator (no Guava on the job's classpath). */
  static final class PeekingIterator implements Iterator<ReducerRow> {
    private final Iterator<ReducerRow> it;
    private ReducerRow peeked;

    PeekingIterator(Iterator<ReducerRow> it) {
      this.it = it;
    }

    ReducerRow peek() {
      if (peeked == null) {
        peeked = it.next();
      }
      return peeked;
    }

    @Override
    public boolean hasNext() {
      return peeked != null || it.hasNext();
    }

    @Override
    public ReducerRow next() {
      if (peeked != null) {
        ReducerRow r = peeked;
        peeked = null;
        return r;
      }
      return it.next();
    }
  }
}
