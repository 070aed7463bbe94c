package dev.recon.reducer;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.io.BoundedLineReader;
import dev.recon.core.io.RawLine;
import dev.recon.core.layout.InputWindow;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.rules.EventValidator;
import dev.recon.core.rules.LineVerdict;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams one input object as reducer rows: one row per line (an accepted event or a quarantine
 * record, decided by the core {@link EventValidator}), then one {@link ReducerRow.Kind#READ_STATS}
 * row. Memory stays bounded by one line whatever the object's size.
 *
 * <p><b>Unreadable objects.</b> A whole object that cannot be read as JSON Lines — a corrupt gzip
 * stream, or one expanding beyond {@code maxObjectBytes} (a gzip bomb), or a plain object larger
 * than that — is not silently dropped and not half-applied: it yields exactly one quarantine record
 * with line number {@code 0} (meaning "the whole object"), raw text empty, raw length the object's
 * stored size, reason {@link QuarantineReason#MALFORMED_JSON} (the core has no object-level reason)
 * and a detail starting with {@value #UNREADABLE_PREFIX}; it counts as one line read and one line
 * quarantined. To make that all-or-nothing without buffering, a gzip object is first decompressed
 * once without parsing (the gzip trailer's CRC is only checked at the end of the stream), and its
 * lines are read only if that pass succeeds. A missing object is not data but a broken plan: it
 * fails the task ({@link ObjectNotFoundException}).
 *
 * <p><b>Event times.</b> The object's window comes from its HEAD (metadata {@code
 * window-start}/{@code window-end}, else the hour in its key: the core {@link InputWindow} rule the
 * backlog manager registered it by); an event more than {@link RulesConfig#maxEventTimeSkew()}
 * after the window's end is quarantined as BAD_TIMESTAMP. An object with no determinable window
 * (only possible with explicit {@code --inputs}: the backlog manager refuses to register one) gets
 * the absolute range check only. Both depend only on the stored object, never the clock, so a rerun
 * decides the same.
 */
public final class InputObjectReader implements Iterator<ReducerRow>, AutoCloseable {
  /** How the detail of an object-level quarantine record starts. */
  public static final String UNREADABLE_PREFIX = "unreadable object: ";

  private final String key;
  private final int inputIndex;
  private final long objectBytes;
  private final EventValidator validator;

  /** The object's window end (metadata or key hour, the core rule); null when it has none. */
  private final Instant windowEnd;

  /** Lines of the object before this reader's first one (a split's), else 0. */
  private final long linesBefore;

  /** The lines the count pass found in this reader's split, or -1 (whole object). */
  private final long expectedLines;

  private BoundedLineReader lines;
  private ReducerRow next;
  private boolean statsEmitted;

  private InputObjectReader(
      String key,
      int inputIndex,
      long objectBytes,
      EventValidator validator,
      Instant windowEnd,
      BoundedLineReader lines,
      long linesBefore,
      long expectedLines) {
    this.key = key;
    this.inputIndex = inputIndex;
    this.objectBytes = objectBytes;
    this.validator = validator;
    this.windowEnd = windowEnd;
    this.lines = lines;
    this.linesBefore = linesBefore;
    this.expectedLines = expectedLines;
  }

  /**
   * Opens {@code key}. The validator is per partition (it is not thread-safe).
   *
   * @param maxObjectBytes bound on an object's decompressed size
   */
  public static Iterator<ReducerRow> open(
      ObjectStore store,
      String key,
      long maxObjectBytes,
      RulesConfig rules,
      EventValidator validator) {
    return open(store, key, 0, maxObjectBytes, rules, validator);
  }

  /**
   * Opens {@code key}, the input at {@code inputIndex} in the run's input order (which decides,
   * among copies of one event, which one is first).
   */
  public static Iterator<ReducerRow> open(
      ObjectStore store,
      String key,
      int inputIndex,
      long maxObjectBytes,
      RulesConfig rules,
      EventValidator validator) {
    ObjectInfo info = store.head(key).orElseThrow(() -> new ObjectNotFoundException(key));
    boolean gzip = key.endsWith(".gz");
    String problem = null;
    if (!gzip && info.size() > maxObjectBytes) {
      problem = "object has " + info.size() + " bytes, limit " + maxObjectBytes;
    } else if (gzip) {
      problem = gzipProblem(store, key, maxObjectBytes);
    }
    if (problem != null) {
      return unreadable(key, info.size(), problem).iterator();
    }
    try {
      BoundedLineReader reader =
          BoundedLineReader.open(key, store.open(key), rules.maxLineBytes(), maxObjectBytes);
      Instant windowEnd = InputWindow.find(key, info.metadata()).map(InputWindow::end).orElse(null);
      return new InputObjectReader(
          key, inputIndex, info.size(), validator, windowEnd, reader, 0, -1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + key, e);
    }
  }

  /**
   * Opens what {@code split} names: the whole object ({@link #open}), or the lines starting in its
   * byte range of a plain object, read with ranged GETs ({@link LineSplits#ownedLines}) and
   * numbered from {@link InputSplit#linesBefore()} + 1, so every line keeps its number in the
   * object. Its {@link ReducerRow.Kind#READ_STATS} row counts the split's lines; the driver adds up
   * an object's splits. A count that differs from the count pass's fails the task (the object
   * changed under the run, or the split logic is wrong: neither may pass silently).
   */
  public static Iterator<ReducerRow> open(
      ObjectStore store,
      InputSplit split,
      long maxObjectBytes,
      RulesConfig rules,
      EventValidator validator) {
    if (split.whole()) {
      return open(store, split.key(), split.inputIndex(), maxObjectBytes, rules, validator);
    }
    String key = split.key();
    ObjectInfo info = store.head(key).orElseThrow(() -> new ObjectNotFoundException(key));
    LineSplits.RangeSource src = (offset, length) -> store.getRange(key, offset, length);
    BoundedLineReader reader =
        new BoundedLineReader(
            LineSplits.ownedLines(src, info.size(), split.start(), split.end()),
            rules.maxLineBytes(),
            maxObjectBytes,
            split.linesBefore(),
            split.start() == 0);
    Instant windowEnd = InputWindow.find(key, info.metadata()).map(InputWindow::end).orElse(null);
    return new InputObjectReader(
        key,
        split.inputIndex(),
        info.size(),
        validator,
        windowEnd,
        reader,
        split.linesBefore(),
        split.lines());
  }

  /** The two rows standing for an unreadable object. */
  static List<ReducerRow> unreadable(String key, long objectBytes, String problem) {
    QuarantineRecord q =
        new QuarantineRecord(
            key, 0, "", objectBytes, QuarantineReason.MALFORMED_JSON, UNREADABLE_PREFIX + problem);
    return List.of(ReducerRow.quarantine(q), ReducerRow.readStats(key, objectBytes, 1, false));
  }

  /**
   * Decompresses the whole object once, without keeping anything, to find out whether it is a valid
   * gzip stream within the bound. Null when it is.
   */
  static String gzipProblem(ObjectStore store, String key, long maxObjectBytes) {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    try (InputStream raw = store.open(key)) {
      GZIPInputStream in;
      try {
        in = new GZIPInputStream(raw, 1 << 16);
      } catch (ZipException | EOFException e) {
        return "not a gzip stream (" + e.getMessage() + ")";
      }
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          total += n;
          if (total > maxObjectBytes) {
            return "gzip expands beyond " + maxObjectBytes + " bytes";
          }
        }
      }
    } catch (ZipException | EOFException e) {
      return "corrupt gzip stream after " + total + " bytes (" + e.getMessage() + ")";
    } catch (IOException e) {
      // Anything else is the store, not the data: fail the task so Spark retries it.
      throw new UncheckedIOException("reading " + key, e);
    }
    return null;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (lines != null) {
      RawLine line;
      try {
        line = lines.next();
      } catch (IOException e) {
        closeQuietly();
        throw new UncheckedIOException("reading " + key + " after line " + lines.linesRead(), e);
      }
      if (line != null) {
        LineVerdict v = validator.validate(key, line, windowEnd);
        if (v.accepted()) {
          ReducerRow row =
              ReducerRow.event(
                  v.event(), key, inputIndex, line.lineNumber(), line.text(), line.byteLength());
          next = validator.isExternal(v.event()) ? row.asExternal() : row;
        } else {
          next = ReducerRow.quarantine(v.quarantine());
        }
        return true;
      }
      long read = lines.linesRead() - linesBefore;
      closeQuietly();
      if (expectedLines >= 0 && read != expectedLines) {
        throw new IllegalStateException(
            key
                + ": read "
                + read
                + " lines after line "
                + linesBefore
                + " where the count pass found "
                + expectedLines);
      }
      next = ReducerRow.readStats(key, objectBytes, read, true);
      statsEmitted = true;
      return true;
    }
    return false;
  }

  @Override
  public ReducerRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ReducerRow r = next;
    next = null;
    return r;
  }

  boolean statsEmitted() {
    return statsEmitted;
  }

  private void closeQuietly() {
    try {
      if (lines != null) {
        lines.close();
      }
    } catch (IOException ignored) {
      // Nothing more is read from it.
    } finally {
      lines = null;
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
