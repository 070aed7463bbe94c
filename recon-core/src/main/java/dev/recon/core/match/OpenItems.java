package dev.recon.core.match;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The open settling lines (not yet settled), indexed so that finding a rule's candidates costs in
 * proportion to the candidates, not to all open lines:
 *
 * <ul>
 *   <li>by (currency, amount) in a hash map, compared by value so 10.0 = 10.00: an exact amount
 *       (every rule with a zero tolerance) is one hash look-up; within an amount the lines are kept
 *       by event time, so the value-date window is a binary search;
 *   <li>for a tolerance range, by currency → amount in a {@link TreeMap} over the same buckets,
 *       built on the first range query (a rule set of exact rules never builds it): {@code O(log n
 *       + a·log m + c)} for {@code a} distinct amounts in the range and {@code c} lines found;
 *   <li>by artifact id → lines, with the set of id lengths present, for {@code
 *       CONTAINS_ARTIFACT_ID}: the artifact ids occurring in a reference of length {@code L} are
 *       found with {@code O(L·d)} hash look-ups ({@code d} distinct id lengths), never by scanning
 *       the ids;
 *   <li>by the line's own reference → lines, for {@code EQUALS_LINE_REFERENCE}.
 * </ul>
 *
 * <p><b>Removal is O(1)</b>: it marks the line's entry dead and leaves the indexes alone (look-ups
 * skip dead entries); a removal from the ordered indexes would walk a tree of all open amounts for
 * each settled line, which at a million open lines cost a third of the matching time (issue 16's
 * bench). Dead entries are dropped by rebuilding the indexes once they outnumber the live ones
 * (plus {@link #SLACK}), so the indexes never hold more than about twice the open lines.
 *
 * <p>Not thread-safe. Lines are identified by eventId; adding a second line with the same eventId
 * while the first is open is an error.
 */
public final class OpenItems {
  /** Lines are ordered by eventId everywhere (eventIds are unique). */
  public static final Comparator<SettlingLine> BY_EVENT_ID =
      Comparator.comparing(SettlingLine::eventId);

  /** Dead entries tolerated beyond the live ones before the indexes are rebuilt. */
  static final int SLACK = 1024;

  private static final Comparator<Entry> BY_TIME =
      Comparator.comparing((Entry e) -> e.line.eventTime()).thenComparing(e -> e.line.eventId());

  private final Map<String, Entry> byEventId = new HashMap<>();
  private final Map<AmountKey, Slot> byAmount = new HashMap<>();

  /** Currency → amount → the bucket of {@link #byAmount}; null until a range query needs it. */
  private Map<String, TreeMap<BigDecimal, Slot>> ordered;

  private final Map<String, Slot> byArtifact = new HashMap<>();
  private final Map<String, Slot> byReference = new HashMap<>();

  /** The lengths (UTF-16 units) of the artifact ids in {@link #byArtifact}. */
  private final TreeSet<Integer> idLengths = new TreeSet<>();

  /** Entries in the indexes, live or dead (each in {@link #byAmount} once). */
  private int indexed;

  /** Hash and tree look-ups plus entries examined by the queries so far. */
  private long probes;

  public OpenItems() {}

  public OpenItems(Collection<SettlingLine> lines) {
    lines.forEach(this::add);
  }

  public int size() {
    return byEventId.size();
  }

  public boolean contains(String eventId) {
    return byEventId.containsKey(eventId);
  }

  public SettlingLine get(String eventId) {
    Entry e = byEventId.get(eventId);
    return e == null ? null : e.line;
  }

  /** The open lines of one artifact, by eventId. */
  public List<SettlingLine> ofArtifact(String artifactId) {
    return live(byArtifact, artifactId);
  }

  /** The live lines of {@code index}'s slot for {@code key}, by eventId (one probe per entry). */
  private List<SettlingLine> live(Map<String, Slot> index, String key) {
    List<SettlingLine> out = new ArrayList<>();
    Slot b = index.get(key);
    probes++;
    if (b != null) {
      probes += b.addLive(out);
    }
    out.sort(BY_EVENT_ID);
    return out;
  }

  /** All open lines by eventId (a copy; for tests and exports, not for matching). */
  public List<SettlingLine> all() {
    List<SettlingLine> out = new ArrayList<>(byEventId.size());
    byEventId.values().forEach(e -> out.add(e.line));
    out.sort(BY_EVENT_ID);
    return out;
  }

  public void add(SettlingLine line) {
    if (byEventId.containsKey(line.eventId())) {
      throw new IllegalArgumentException("settling line already open: " + line.eventId());
    }
    if (indexed - byEventId.size() > byEventId.size() + SLACK) {
      rebuild();
    }
    Entry e = new Entry(line);
    byEventId.put(line.eventId(), e);
    index(e);
  }

  /** Removes the open line {@code eventId}; false if it was not open. */
  public boolean remove(String eventId) {
    Entry e = byEventId.remove(eventId);
    if (e == null) {
      return false;
    }
    e.live = false;
    return true;
  }

  /**
   * Open lines of {@code currency} with an amount in {@code [lo, hi]} and an event time within
   * {@code window} of {@code time}, by eventId.
   */
  public List<SettlingLine> byAmount(
      String currency, BigDecimal lo, BigDecimal hi, Instant time, Duration window) {
    List<SettlingLine> out = new ArrayList<>();
    int cmp = lo.compareTo(hi);
    if (cmp > 0) {
      return out;
    }
    Instant from = time.minus(window);
    Instant to = time.plus(window);
    if (cmp == 0) {
      Slot b = byAmount.get(new AmountKey(currency, lo));
      probes++;
      if (b != null) {
        probes += b.addLiveBetween(from, to, out);
      }
    } else {
      TreeMap<BigDecimal, Slot> amounts = ordered().get(currency);
      probes++;
      if (amounts != null) {
        for (Slot b : amounts.subMap(lo, true, hi, true).values()) {
          probes += 1 + b.addLiveBetween(from, to, out);
        }
      }
    }
    if (out.size() > 1) {
      out.sort(BY_EVENT_ID);
    }
    return out;
  }

  /**
   * Open lines of the artifacts whose id occurs in {@code reference} as a whole word: neither
   * preceded nor followed by a letter or digit (so {@code order-1} is in {@code "payout order-1,
   * order-7"} but not in {@code "order-12"}: a prefix of another id never makes a candidate), by
   * eventId.
   */
  public List<SettlingLine> byArtifactIdIn(String reference) {
    List<SettlingLine> out = new ArrayList<>();
    int n = reference.length();
    List<String> seen = new ArrayList<>(2);
    for (int len : idLengths.headSet(n, true)) {
      for (int i = 0; i + len <= n; i++) {
        if (!wordBoundary(reference, i) || !wordBoundary(reference, i + len)) {
          continue;
        }
        String id = reference.substring(i, i + len);
        Slot b = byArtifact.get(id);
        probes++;
        if (b != null && !seen.contains(id)) {
          seen.add(id);
          probes += b.addLive(out);
        }
      }
    }
    if (out.size() > 1) {
      out.sort(BY_EVENT_ID);
    }
    return out;
  }

  /** Whether position {@code at} of {@code s} lies between a letter or digit and something else. */
  private static boolean wordBoundary(String s, int at) {
    boolean before = at > 0 && Character.isLetterOrDigit(s.charAt(at - 1));
    boolean after = at < s.length() && Character.isLetterOrDigit(s.charAt(at));
    return !(before && after);
  }

  /** Open lines whose reference equals {@code reference} (none for an empty one), by eventId. */
  public List<SettlingLine> byReference(String reference) {
    if (reference.isEmpty()) {
      return List.of();
    }
    return live(byReference, reference);
  }

  /**
   * The queries' work so far: one per hash or tree look-up plus one per index entry examined (live
   * or dead). The bench divides it by the statement lines decided to show that the work per line
   * does not grow with the open lines, whatever the memory hierarchy makes of the wall clock.
   */
  public long probes() {
    return probes;
  }

  /** For tests: entries in the indexes, live or dead. */
  int indexed() {
    return indexed;
  }

  private void index(Entry e) {
    SettlingLine line = e.line;
    AmountKey key = new AmountKey(line.currency(), line.amount());
    Slot amount = addTo(byAmount, key, e);
    if (ordered != null) {
      ordered.computeIfAbsent(key.currency, c -> new TreeMap<>()).put(key.amount, amount);
    }
    if (byArtifact.get(line.artifactId()) == null) {
      idLengths.add(line.artifactId().length());
    }
    addTo(byArtifact, line.artifactId(), e);
    if (!line.reference().isEmpty()) {
      addTo(byReference, line.reference(), e);
    }
    indexed++;
  }

  /** Adds {@code e} to the slot of {@code key}; returns that slot (a new one when it grew). */
  private static <K> Slot addTo(Map<K, Slot> index, K key, Entry e) {
    Slot old = index.get(key);
    Slot next = old == null ? e : old.with(e);
    if (next != old) {
      index.put(key, next);
    }
    return next;
  }

  /** Drops every dead entry: the indexes are built again from the open lines. */
  private void rebuild() {
    byAmount.clear();
    ordered = null;
    byArtifact.clear();
    byReference.clear();
    idLengths.clear();
    indexed = 0;
    byEventId.values().forEach(this::index);
  }

  private Map<String, TreeMap<BigDecimal, Slot>> ordered() {
    if (ordered == null) {
      ordered = new HashMap<>();
      byAmount.forEach(
          (k, b) -> ordered.computeIfAbsent(k.currency, c -> new TreeMap<>()).put(k.amount, b));
    }
    return ordered;
  }

  /**
   * The lines of one key of an index: the entry itself while there is one (most keys: an artifact's
   * payment, an amount), a {@link Bucket} from the second on, saving two indirections per look-up.
   */
  private abstract static class Slot {
    /** The slot holding this one's entries and {@code e}: this one, or a new one. */
    abstract Slot with(Entry e);

    /** Adds the live lines to {@code out}; returns the entries examined. */
    abstract int addLive(List<SettlingLine> out);

    /** Adds the live lines of the window to {@code out}; returns the entries examined. */
    abstract int addLiveBetween(Instant from, Instant to, List<SettlingLine> out);
  }

  /** One open line in the indexes; dead once removed (a line opened again gets a new entry). */
  private static final class Entry extends Slot {
    final SettlingLine line;
    boolean live = true;

    Entry(SettlingLine line) {
      this.line = line;
    }

    @Override
    Slot with(Entry e) {
      Bucket b = new Bucket();
      b.add(this);
      b.add(e);
      return b;
    }

    @Override
    int addLive(List<SettlingLine> out) {
      if (live) {
        out.add(line);
      }
      return 1;
    }

    @Override
    int addLiveBetween(Instant from, Instant to, List<SettlingLine> out) {
      if (live && !line.eventTime().isBefore(from) && !line.eventTime().isAfter(to)) {
        out.add(line);
      }
      return 1;
    }
  }

  /** A currency and an amount compared by value (trailing zeros stripped). */
  private record AmountKey(String currency, BigDecimal amount) {
    AmountKey {
      amount = amount.stripTrailingZeros();
    }
  }

  /** Entries in insertion order, sorted by event time when a window query needs it. */
  private static final class Bucket extends Slot {
    private Entry[] entries = new Entry[2];
    private int size;
    private boolean byTime = true;

    @Override
    Slot with(Entry e) {
      add(e);
      return this;
    }

    void add(Entry e) {
      if (size == entries.length) {
        entries = Arrays.copyOf(entries, size * 2);
      }
      if (size > 0 && BY_TIME.compare(entries[size - 1], e) > 0) {
        byTime = false;
      }
      entries[size++] = e;
    }

    @Override
    int addLive(List<SettlingLine> out) {
      for (int i = 0; i < size; i++) {
        if (entries[i].live) {
          out.add(entries[i].line);
        }
      }
      return size;
    }

    @Override
    int addLiveBetween(Instant from, Instant to, List<SettlingLine> out) {
      if (!byTime) {
        Arrays.sort(entries, 0, size, BY_TIME);
        byTime = true;
      }
      int lo = 0;
      int hi = size;
      int examined = 0;
      while (lo < hi) { // the first entry at or after from
        examined++;
        int mid = (lo + hi) >>> 1;
        if (entries[mid].line.eventTime().isBefore(from)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      int i = lo;
      for (; i < size && !entries[i].line.eventTime().isAfter(to); i++) {
        if (entries[i].live) {
          out.add(entries[i].line);
        }
      }
      return examined + i - lo;
    }
  }
}
