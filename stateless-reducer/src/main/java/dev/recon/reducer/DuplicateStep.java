package dev.recon.reducer;

import dev.recon.core.model.Event;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.rules.DuplicateResolver;
import dev.recon.core.rules.EventValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Resolves duplicates over one dedup partition, lazily: rows arrive sorted by {@link
 * ShuffleKeys#dedupKey}, so the copies of one eventId are adjacent; each run of copies goes to the
 * core {@link DuplicateResolver}. Identical copies give one accepted event (the copy from the
 * lowest input object and line, so the choice is deterministic) and are counted as duplicates;
 * differing copies are all quarantined as {@link QuarantineReason#CONFLICTING_DUPLICATE} with their
 * raw text. Non-event rows pass through. One {@link ReducerRow.Kind#DUPLICATES} row ends the
 * partition.
 *
 * <p>Only the copies of one eventId are held in memory (normally one to three), never a partition.
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
          && in.peek().eventId().equals(first.eventId())) {
        copies.add(new Copy(in.next()));
      }
      resolve(copies);
    }
    return !out.isEmpty();
  }

  private void resolve(List<Copy> copies) {
    if (copies.size() == 1) {
      // The common case: one copy is accepted as is (what the resolver answers), without decoding it.
      out.add(copies.get(0).row.withoutRaw());
      return;
    }
    DuplicateResolver.Resolution<Copy> r = DuplicateResolver.resolve(copies, Copy::event);
    if (r.accepted() != null) {
      out.add(copies.get(0).row.withoutRaw());
      duplicates += r.duplicates();
      return;
    }
    String detail = copies.size() + " copies of this eventId in the batch differ in content";
    for (Copy c : r.conflicting()) {
      out.add(ReducerRow.quarantine(conflict(c.row, detail)));
    }
  }

  /** The quarantine record of one conflicting copy, raw text clipped as the validator clips it. */
  static QuarantineRecord conflict(ReducerRow row, String detail) {
    String raw = row.raw() == null ? new String(row.payload(), StandardCharsets.UTF_8) : row.raw();
    if (raw.length() > EventValidator.MAX_RAW_TEXT) {
      raw = raw.substring(0, EventValidator.MAX_RAW_TEXT);
    }
    return new QuarantineRecord(row.inputObject(), row.lineNumber(), raw, row.rawLength(),
        QuarantineReason.CONFLICTING_DUPLICATE, detail);
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
