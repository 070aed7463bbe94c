package dev.recon.reducer;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.Event;
import dev.recon.core.model.EventOrigin;
import dev.recon.core.model.QuarantineRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One record travelling through the reducer's two shuffles: a validated event, a quarantine record,
 * or a small statistics row (lines read per input object, duplicates per dedup partition).
 *
 * <p>Why a plain mutable class with only primitive, String and byte[] fields: the session uses
 * Kryo, which serializes such a class without registration, while Java records and {@code Instant}s
 * would need custom serializers. Events and quarantine records travel as their canonical JSON bytes
 * (compact, and equal events have equal bytes).
 */
public final class ReducerRow implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kinds of row; the ordinal is also the row's group in the output sort. */
  public enum Kind {
    READ_STATS,
    DUPLICATES,
    QUARANTINE,
    EVENT
  }

  private Kind kind;
  private String artifactId;
  private String eventId;
  private long eventSeconds;
  private int eventNanos;
  private String inputObject;

  /** Position of the input object in the run's input list (the total order of inputs). */
  private int inputIndex;

  private long lineNumber;

  /** Identical copies folded into this accepted event: their input objects and lines. */
  private String[] copyInputs;

  private long[] copyLines;

  /** Other contents of this event met in the run (each an event row with its own copies). */
  private ReducerRow[] rivals;

  private String raw;
  private long rawLength;
  private byte[] payload;
  private String reason;
  private long count;
  private long objectBytes;
  private boolean readable;

  /** An event of an external source of the batch's rule set: written to the external files. */
  private boolean external;

  /** For Kryo. */
  public ReducerRow() {}

  /**
   * An accepted line. {@code raw} is kept until duplicates are resolved, because a conflicting copy
   * is quarantined with its raw text.
   */
  public static ReducerRow event(
      Event e, String inputObject, long lineNumber, String raw, long rawLength) {
    return event(e, inputObject, 0, lineNumber, raw, rawLength);
  }

  /** An accepted line of the input at {@code inputIndex} in the run's input order. */
  public static ReducerRow event(
      Event e, String inputObject, int inputIndex, long lineNumber, String raw, long rawLength) {
    ReducerRow r = new ReducerRow();
    r.inputIndex = inputIndex;
    r.kind = Kind.EVENT;
    r.artifactId = e.artifactId();
    r.eventId = e.eventId();
    r.eventSeconds = e.eventTime().getEpochSecond();
    r.eventNanos = e.eventTime().getNano();
    r.inputObject = Objects.requireNonNull(inputObject, "inputObject");
    r.lineNumber = lineNumber;
    r.raw = raw;
    r.rawLength = rawLength;
    r.payload = CanonicalJson.encode(e);
    return r;
  }

  public static ReducerRow quarantine(QuarantineRecord q) {
    ReducerRow r = new ReducerRow();
    r.kind = Kind.QUARANTINE;
    r.inputObject = q.inputObject();
    r.lineNumber = q.lineNumber();
    r.reason = q.reason().name();
    r.payload = CanonicalJson.encode(q);
    return r;
  }

  /**
   * What reading one input object amounted to.
   *
   * @param lines lines read; 1 for an unreadable object (it is accounted as one quarantined record)
   */
  public static ReducerRow readStats(
      String inputObject, long objectBytes, long lines, boolean readable) {
    ReducerRow r = new ReducerRow();
    r.kind = Kind.READ_STATS;
    r.inputObject = Objects.requireNonNull(inputObject, "inputObject");
    r.objectBytes = objectBytes;
    r.count = lines;
    r.readable = readable;
    return r;
  }

  /** Duplicates found by one dedup partition; {@code partition} only spreads these rows. */
  public static ReducerRow duplicates(long count, int partition) {
    ReducerRow r = new ReducerRow();
    r.kind = Kind.DUPLICATES;
    r.count = count;
    r.lineNumber = partition;
    return r;
  }

  /**
   * The same accepted event without its raw text (no longer needed once duplicates are resolved).
   */
  public ReducerRow withoutRaw() {
    ReducerRow r = copy();
    r.raw = null;
    return r;
  }

  /**
   * The accepted event without its raw text, carrying where its identical copies were read, so a
   * later stage that rejects it can quarantine those lines too.
   */
  public ReducerRow acceptedWithCopies(List<ReducerRow> identical) {
    ReducerRow r = withoutRaw();
    r.rivals = null;
    if (!identical.isEmpty()) {
      r.copyInputs = new String[identical.size()];
      r.copyLines = new long[identical.size()];
      for (int i = 0; i < identical.size(); i++) {
        r.copyInputs[i] = identical.get(i).inputObject;
        r.copyLines[i] = identical.get(i).lineNumber;
      }
    }
    return r;
  }

  /**
   * This accepted event carrying the run's other contents of it, for the stateful merge to decide
   * against history ({@code DuplicateResolver}).
   */
  public ReducerRow withRivals(List<ReducerRow> others) {
    ReducerRow r = copy();
    r.rivals = others.isEmpty() ? null : others.toArray(ReducerRow[]::new);
    return r;
  }

  /** The run's other contents of this event, each with its copies; empty for most events. */
  public List<ReducerRow> rivals() {
    return rivals == null ? List.of() : List.of(rivals);
  }

  /**
   * Where this event's copies were read: this copy first, then the identical copies folded into it.
   */
  public List<EventOrigin> origins() {
    int n = copyInputs == null ? 0 : copyInputs.length;
    List<EventOrigin> out = new ArrayList<>(1 + n);
    out.add(new EventOrigin(inputObject, lineNumber));
    for (int i = 0; i < n; i++) {
      out.add(new EventOrigin(copyInputs[i], copyLines[i]));
    }
    return out;
  }

  private ReducerRow copy() {
    ReducerRow r = new ReducerRow();
    r.kind = kind;
    r.artifactId = artifactId;
    r.eventId = eventId;
    r.eventSeconds = eventSeconds;
    r.eventNanos = eventNanos;
    r.inputObject = inputObject;
    r.inputIndex = inputIndex;
    r.lineNumber = lineNumber;
    r.copyInputs = copyInputs;
    r.copyLines = copyLines;
    r.rivals = rivals;
    r.raw = raw;
    r.rawLength = rawLength;
    r.payload = payload;
    r.reason = reason;
    r.count = count;
    r.objectBytes = objectBytes;
    r.readable = readable;
    r.external = external;
    return r;
  }

  /**
   * This event row marked as an external (statement) line: after duplicates are resolved it goes to
   * {@code stateless/<S>/external/}, not into an artifact (DESIGN §9).
   */
  public ReducerRow asExternal() {
    if (kind != Kind.EVENT) {
      throw new IllegalStateException("not an event row: " + kind);
    }
    ReducerRow r = copy();
    r.external = true;
    return r;
  }

  public boolean external() {
    return external;
  }

  public Event decodeEvent() {
    if (kind != Kind.EVENT) {
      throw new IllegalStateException("not an event row: " + kind);
    }
    return CanonicalJson.decodeEvent(payload);
  }

  public Kind kind() {
    return kind;
  }

  public String artifactId() {
    return artifactId;
  }

  public String eventId() {
    return eventId;
  }

  public long eventSeconds() {
    return eventSeconds;
  }

  public int eventNanos() {
    return eventNanos;
  }

  public String inputObject() {
    return inputObject;
  }

  public int inputIndex() {
    return inputIndex;
  }

  public long lineNumber() {
    return lineNumber;
  }

  public String raw() {
    return raw;
  }

  public long rawLength() {
    return rawLength;
  }

  /** Canonical JSON of the event (EVENT) or of the quarantine record (QUARANTINE). */
  public byte[] payload() {
    return payload;
  }

  public String reason() {
    return reason;
  }

  public long count() {
    return count;
  }

  public long objectBytes() {
    return objectBytes;
  }

  public boolean readable() {
    return readable;
  }

  @Override
  public String toString() {
    return "ReducerRow{"
        + kind
        + ", "
        + (eventId != null ? eventId : inputObject)
        + ", line "
        + lineNumber
        + "}";
  }
}
