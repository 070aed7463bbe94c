package dev.recon.core.match;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The open settling lines (not yet settled), indexed so that finding a rule's candidates costs in
 * proportion to the candidates, not to all open lines:
 *
 * <ul>
 *   <li>by currency → amount ({@link TreeMap}, compared by value so 10.0 = 10.00) → event time →
 *       lines: an amount range is a {@code subMap}, the value-date window a {@code subMap} of each
 *       amount in range: {@code O(log n + a·log m + c)} for {@code a} distinct amounts in the range
 *       and {@code c} lines found;
 *   <li>by artifact id → lines, with the set of id lengths present, for {@code
 *       CONTAINS_ARTIFACT_ID}: the artifact ids occurring in a reference of length {@code L} are
 *       found with {@code O(L·d)} hash look-ups ({@code d} distinct id lengths), never by scanning
 *       the ids;
 *   <li>by the line's own reference → lines, for {@code EQUALS_LINE_REFERENCE}.
 * </ul>
 *
 * Not thread-safe. Lines are identified by eventId; adding a second line with the same eventId is
 * an error.
 */
public final class OpenItems {
  /** Lines are ordered by eventId everywhere (eventIds are unique). */
  public static final Comparator<SettlingLine> BY_EVENT_ID =
      Comparator.comparing(SettlingLine::eventId);

  private final Map<String, SettlingLine> byEventId = new HashMap<>();
  private final Map<String, TreeMap<BigDecimal, TreeMap<Instant, TreeSet<SettlingLine>>>>
      byCurrency = new HashMap<>();
  private final Map<String, TreeSet<SettlingLine>> byArtifact = new HashMap<>();
  private final Map<String, TreeSet<SettlingLine>> byReference = new HashMap<>();

  /** Id length (UTF-16 units) → how many artifacts in {@link #byArtifact} have it. */
  private final TreeMap<Integer, Integer> idLengths = new TreeMap<>();

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
    return byEventId.get(eventId);
  }

  /** The open lines of one artifact, by eventId. */
  public List<SettlingLine> ofArtifact(String artifactId) {
    TreeSet<SettlingLine> lines = byArtifact.get(artifactId);
    return lines == null ? List.of() : List.copyOf(lines);
  }

  /** All open lines by eventId (a copy; for tests and exports, not for matching). */
  public List<SettlingLine> all() {
    List<SettlingLine> out = new ArrayList<>(byEventId.values());
    out.sort(BY_EVENT_ID);
    return out;
  }

  public void add(SettlingLine line) {
    if (byEventId.putIfAbsent(line.eventId(), line) != null) {
      throw new IllegalArgumentException("settling line already open: " + line.eventId());
    }
    byCurrency
        .computeIfAbsent(line.currency(), c -> new TreeMap<>())
        .computeIfAbsent(line.amount(), a -> new TreeMap<>())
        .computeIfAbsent(line.eventTime(), t -> new TreeSet<>(BY_EVENT_ID))
        .add(line);
    TreeSet<SettlingLine> ofArtifact = byArtifact.get(line.artifactId());
    if (ofArtifact == null) {
      ofArtifact = new TreeSet<>(BY_EVENT_ID);
      byArtifact.put(line.artifactId(), ofArtifact);
      idLengths.merge(line.artifactId().length(), 1, Integer::sum);
    }
    ofArtifact.add(line);
    if (!line.reference().isEmpty()) {
      byReference.computeIfAbsent(line.reference(), r -> new TreeSet<>(BY_EVENT_ID)).add(line);
    }
  }

  /** Removes the open line {@code eventId}; false if it was not open. */
  public boolean remove(String eventId) {
    SettlingLine line = byEventId.remove(eventId);
    if (line == null) {
      return false;
    }
    TreeMap<BigDecimal, TreeMap<Instant, TreeSet<SettlingLine>>> amounts =
        byCurrency.get(line.currency());
    TreeMap<Instant, TreeSet<SettlingLine>> times = amounts.get(line.amount());
    TreeSet<SettlingLine> at = times.get(line.eventTime());
    at.remove(line);
    if (at.isEmpty()) {
      times.remove(line.eventTime());
      if (times.isEmpty()) {
        amounts.remove(line.amount());
        if (amounts.isEmpty()) {
          byCurrency.remove(line.currency());
        }
      }
    }
    TreeSet<SettlingLine> ofArtifact = byArtifact.get(line.artifactId());
    ofArtifact.remove(line);
    if (ofArtifact.isEmpty()) {
      byArtifact.remove(line.artifactId());
      idLengths.compute(line.artifactId().length(), (k, v) -> v == 1 ? null : v - 1);
    }
    if (!line.reference().isEmpty()) {
      TreeSet<SettlingLine> ofRef = byReference.get(line.reference());
      ofRef.remove(line);
      if (ofRef.isEmpty()) {
        byReference.remove(line.reference());
      }
    }
    return true;
  }

  /**
   * Open lines of {@code currency} with an amount in {@code [lo, hi]} and an event time within
   * {@code window} of {@code time}, by eventId.
   */
  public List<SettlingLine> byAmount(
      String currency, BigDecimal lo, BigDecimal hi, Instant time, Duration window) {
    TreeMap<BigDecimal, TreeMap<Instant, TreeSet<SettlingLine>>> amounts = byCurrency.get(currency);
    List<SettlingLine> out = new ArrayList<>();
    if (amounts == null || lo.compareTo(hi) > 0) {
      return out;
    }
    Instant from = time.minus(window);
    Instant to = time.plus(window);
    for (TreeMap<Instant, TreeSet<SettlingLine>> times :
        amounts.subMap(lo, true, hi, true).values()) {
      for (TreeSet<SettlingLine> at : times.subMap(from, true, to, true).values()) {
        out.addAll(at);
      }
    }
    out.sort(BY_EVENT_ID);
    return out;
  }

  /**
   * Open lines of the artifacts whose id occurs in {@code reference} as a whole word: neither
   * preceded nor followed by a letter or digit (so {@code order-1} is in {@code "payout order-1,
   * order-7"} but not in {@code "order-12"}: a prefix of another id never makes a candidate), by
   * eventId.
   */
  public List<SettlingLine> byArtifactIdIn(String reference) {
    TreeSet<SettlingLine> out = new TreeSet<>(BY_EVENT_ID);
    int n = reference.length();
    for (int len : idLengths.headMap(n, true).keySet()) {
      for (int i = 0; i + len <= n; i++) {
        if (!wordBoundary(reference, i) || !wordBoundary(reference, i + len)) {
          continue;
        }
        TreeSet<SettlingLine> lines = byArtifact.get(reference.substring(i, i + len));
        if (lines != null) {
          out.addAll(lines);
        }
      }
    }
    return new ArrayList<>(out);
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
    TreeSet<SettlingLine> lines = byReference.get(reference);
    return lines == null ? List.of() : new ArrayList<>(lines);
  }

  /** For tests: the amount index holds exactly the open lines. */
  NavigableMap<BigDecimal, TreeMap<Instant, TreeSet<SettlingLine>>> amountIndex(String currency) {
    return byCurrency.get(currency);
  }
}
