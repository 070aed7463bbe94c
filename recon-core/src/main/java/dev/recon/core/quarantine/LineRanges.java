package dev.recon.core.quarantine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A set of 1-based positions written as ascending, disjoint ranges: {@code "1-3,5,7-9"}. A redrive
 * input names with it which quarantined lines of its stateless batch it replaces (line k of the
 * object replaces the k-th position of the set), compactly enough for object metadata and a ledger
 * attribute. Lookups are binary searches over the ranges, so memory follows the number of ranges,
 * never the number of lines.
 */
public final class LineRanges {
  private final long[] from;
  private final long[] to;

  /** {@code before[i]}: how many positions the ranges before range i hold. */
  private final long[] before;

  private LineRanges(List<long[]> ranges) {
    from = new long[ranges.size()];
    to = new long[ranges.size()];
    before = new long[ranges.size()];
    long sum = 0;
    for (int i = 0; i < ranges.size(); i++) {
      from[i] = ranges.get(i)[0];
      to[i] = ranges.get(i)[1];
      before[i] = sum;
      sum += to[i] - from[i] + 1;
    }
  }

  /** The ranges of {@code positions}, which must be ascending, distinct and at least 1. */
  public static LineRanges of(List<Long> positions) {
    List<long[]> ranges = new ArrayList<>();
    long last = 0;
    for (long p : positions) {
      if (p <= last) {
        throw new IllegalArgumentException("positions must be ascending and >= 1, got " + p);
      }
      if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1] == p - 1) {
        ranges.get(ranges.size() - 1)[1] = p;
      } else {
        ranges.add(new long[] {p, p});
      }
      last = p;
    }
    return new LineRanges(ranges);
  }

  /**
   * Parses {@link #toString()}'s form.
   *
   * @throws IllegalArgumentException when the text is not ascending, disjoint ranges of positions
   *     >= 1
   */
  public static LineRanges parse(String text) {
    List<long[]> ranges = new ArrayList<>();
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no line ranges");
    }
    long last = 0;
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      int dash = p.indexOf('-');
      long a;
      long b;
      try {
        a = Long.parseLong(dash < 0 ? p : p.substring(0, dash));
        b = dash < 0 ? a : Long.parseLong(p.substring(dash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a line range: '" + clip(p) + "'");
      }
      if (a <= last || b < a) {
        throw new IllegalArgumentException(
            "line ranges must be ascending, disjoint and >= 1: '" + clip(p) + "'");
      }
      ranges.add(new long[] {a, b});
      last = b;
    }
    return new LineRanges(ranges);
  }

  /** How many positions the set holds. */
  public long size() {
    int n = from.length;
    return n == 0 ? 0 : before[n - 1] + to[n - 1] - from[n - 1] + 1;
  }

  /** The highest position, 0 when empty. */
  public long max() {
    return to.length == 0 ? 0 : to[to.length - 1];
  }

  /** The k-th position (1-based k), or -1 when the set holds fewer than k. */
  public long positionAt(long k) {
    if (k < 1 || k > size()) {
      return -1;
    }
    int lo = 0;
    int hi = from.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (before[mid] < k) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return from[lo] + (k - before[lo] - 1);
  }

  /** Which k has {@link #positionAt}(k) == position (1-based), or -1 when not in the set. */
  public long indexOf(long position) {
    int lo = 0;
    int hi = from.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (position < from[mid]) {
        hi = mid - 1;
      } else if (position > to[mid]) {
        lo = mid + 1;
      } else {
        return before[mid] + (position - from[mid]) + 1;
      }
    }
    return -1;
  }

  /** The ranges as {@code [from, to]} pairs. */
  public List<long[]> ranges() {
    List<long[]> out = new ArrayList<>(from.length);
    for (int i = 0; i < from.length; i++) {
      out.add(new long[] {from[i], to[i]});
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < from.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(from[i]);
      if (to[i] != from[i]) {
        b.append('-').append(to[i]);
      }
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LineRanges r && r.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
