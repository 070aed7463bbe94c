package dev.recon.reducer;

import dev.recon.core.contract.InputStat;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one read task reads: a whole input object, or the lines starting in a byte range {@code
 * [start, end)} of a plain one ({@link LineSplits}).
 *
 * <ul>
 *   <li>{@code key}: the input object; {@code inputIndex}: its position in the run's input order;
 *   <li>{@code whole}: the task reads the whole object (gzip, small, or beyond the size bound);
 *   <li>{@code [start, end)}: the byte range ({@code [0, size)} when whole);
 *   <li>{@code linesBefore}: lines of the object starting before {@code start}, and {@code lines}:
 *       lines starting in the range (both from the count pass; {@code lines} is -1 when whole).
 * </ul>
 *
 * <p>A plain class, not a record: tasks travel through Kryo, which cannot build records.
 */
public final class InputSplit implements Serializable {
  private static final long serialVersionUID = 1L;

  private String key;
  private int inputIndex;
  private boolean whole;
  private long start;
  private long end;
  private long linesBefore;
  private long lines;

  /** For Kryo. */
  InputSplit() {}

  public InputSplit(
      String key,
      int inputIndex,
      boolean whole,
      long start,
      long end,
      long linesBefore,
      long lines) {
    this.key = key;
    this.inputIndex = inputIndex;
    this.whole = whole;
    this.start = start;
    this.end = end;
    this.linesBefore = linesBefore;
    this.lines = lines;
  }

  public String key() {
    return key;
  }

  public int inputIndex() {
    return inputIndex;
  }

  public boolean whole() {
    return whole;
  }

  public long start() {
    return start;
  }

  public long end() {
    return end;
  }

  public long linesBefore() {
    return linesBefore;
  }

  public long lines() {
    return lines;
  }

  @Override
  public String toString() {
    return key + (whole ? "" : "[" + start + "," + end + ") after line " + linesBefore);
  }

  /**
   * The read tasks of a run, in input order then byte order: one per gzip object (a gzip stream
   * cannot be entered in the middle), per object up to {@code splitBytes}, and per object beyond
   * {@code maxObjectBytes} (quarantined whole); a larger plain object gets one task per {@code
   * splitBytes} range, line counts still unknown ({@link #withLines}).
   */
  public static List<InputSplit> plan(
      List<InputStat> inputs, long splitBytes, long maxObjectBytes) {
    List<InputSplit> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      InputStat in = inputs.get(i);
      long size = in.bytes();
      if (!splittable(in.key(), size, splitBytes, maxObjectBytes)) {
        out.add(new InputSplit(in.key(), i, true, 0, size, 0, -1));
        continue;
      }
      for (LineSplits.Range r : LineSplits.ranges(size, splitBytes)) {
        out.add(new InputSplit(in.key(), i, false, r.start(), r.end(), 0, -1));
      }
    }
    return out;
  }

  static boolean splittable(String key, long size, long splitBytes, long maxObjectBytes) {
    return !key.endsWith(".gz") && size > splitBytes && size <= maxObjectBytes;
  }

  /**
   * The splits with their line counts filled in ({@code counts[i]} for each split that is not
   * whole, in order) and each one's {@code linesBefore} as the sum over its object's earlier
   * splits.
   */
  public static List<InputSplit> withLines(List<InputSplit> splits, List<Long> counts) {
    List<InputSplit> out = new ArrayList<>(splits.size());
    int c = 0;
    String key = null;
    long before = 0;
    for (InputSplit s : splits) {
      if (s.whole) {
        out.add(s);
        continue;
      }
      if (!s.key.equals(key)) {
        key = s.key;
        before = 0;
      }
      long n = counts.get(c++);
      out.add(new InputSplit(s.key, s.inputIndex, false, s.start, s.end, before, n));
      before += n;
    }
    if (c != counts.size()) {
      throw new IllegalArgumentException(counts.size() + " counts for " + c + " splits");
    }
    return out;
  }
}
