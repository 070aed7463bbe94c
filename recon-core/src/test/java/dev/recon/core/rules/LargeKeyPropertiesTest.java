package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.Event;
import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * One key with at least 100,000 lines, in a property with few tries: its events spread over several
 * stateless batches (each cut into chunks, as a hot key is) and several stateful batches, with
 * times that interleave across batches (late events land in the middle), identical re-sends in
 * later stateless batches and conflicting copies in the last one. Every event is a function of its
 * index, so the oracle (totals, order, the batch that applied each line, the per-batch counts) is
 * computed from the indexes with plain loops. Kept out of mutation testing (slow per mutant).
 */
class LargeKeyPropertiesTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final String[] CURRENCIES = {"USD", "EUR", "BRL", "JPY"};
  private static final String KEY = "shipment-bulk";

  @Property(tries = 2, shrinking = ShrinkingMode.BOUNDED)
  void aKeyOfAHundredThousandLines_shouldMergeLikeTheOracle(
      @ForAll @IntRange(min = 100_000, max = 104_000) int lines,
      @ForAll @IntRange(min = 1, max = 3) int statefulBatches,
      @ForAll @IntRange(min = 1, max = 3) int runsPerStatefulBatch,
      @ForAll @IntRange(min = 5, max = 40) int resendEvery,
      @ForAll @IntRange(min = 7, max = 60) int conflictEvery,
      @ForAll @IntRange(min = 500, max = 40_000) int chunk,
      @ForAll @IntRange(min = 1, max = 4) int currencies) {
    int runs = statefulBatches * runsPerStatefulBatch;
    // run (0-based) of each event's first copy, and of its re-send or conflicting copy (-1: none)
    int[] home = new int[lines];
    int[] resendIn = new int[lines];
    int[] conflictIn = new int[lines];
    List<List<Event>> byRun = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      byRun.add(new ArrayList<>());
    }
    for (int i = 0; i < lines; i++) {
      home[i] = (int) ((i * 2654435761L >>> 7) % runs);
      resendIn[i] = i % resendEvery == 0 && home[i] < runs - 1 ? home[i] + 1 : -1;
      conflictIn[i] =
          i % conflictEvery == 0 && i % resendEvery != 0 && home[i] < runs - 1 ? runs - 1 : -1;
      Event e = event(i, lines, currencies, false);
      byRun.get(home[i]).add(e);
      if (resendIn[i] >= 0) {
        byRun.get(resendIn[i]).add(e);
      }
      if (conflictIn[i] >= 0) {
        byRun.get(conflictIn[i]).add(event(i, lines, currencies, true));
      }
    }

    // WHEN each run is reduced into chunks and each stateful batch merges its runs
    ArtifactMerger merger = new ArtifactMerger(RulesConfig.DEFAULTS);
    ReconciliationArtifact state = null;
    long[][] counts = new long[statefulBatches][3];
    for (int n = 0; n < statefulBatches; n++) {
      List<StatelessArtifact> incoming = new ArrayList<>();
      for (int r = n * runsPerStatefulBatch; r < (n + 1) * runsPerStatefulBatch; r++) {
        List<Event> sorted = new ArrayList<>(byRun.get(r));
        sorted.sort(Event.ORDER);
        for (int from = 0; from < sorted.size(); from += chunk) {
          incoming.add(
              StatelessReducer.reduce(
                  KEY, r + 1L, sorted.subList(from, Math.min(sorted.size(), from + chunk))));
        }
      }
      MergeResult m = merger.merge(state, null, incoming, n + 1, T0.plusSeconds(3600L * (n + 1)));
      counts[n] = new long[] {m.applied(), m.duplicates(), m.conflictingLines()};
      state = m.changed() ? m.artifact() : state;
    }
    ReconciliationArtifact a = CanonicalJson.decodeArtifact(CanonicalJson.encode(state));

    // THEN the oracle's counts per stateful batch
    long[][] expected = new long[statefulBatches][3];
    Map<String, BigDecimal> balances = new TreeMap<>();
    for (int i = 0; i < lines; i++) {
      expected[home[i] / runsPerStatefulBatch][0]++;
      if (resendIn[i] >= 0) {
        expected[resendIn[i] / runsPerStatefulBatch][1]++;
      }
      if (conflictIn[i] >= 0) {
        expected[conflictIn[i] / runsPerStatefulBatch][2]++;
      }
      BigDecimal cents = BigDecimal.valueOf(amountCents(i), 2);
      balances.merge(currency(i, currencies), debit(i) ? cents : cents.negate(), BigDecimal::add);
    }
    assertThat(counts).as("applied, duplicates, conflicting lines per batch").isEqualTo(expected);
    assertThat(a.lineCount()).isEqualTo(lines);
    assertThat(a.balances()).hasSameSizeAs(balances);
    balances.forEach((c, b) -> assertThat(a.balances().get(c)).as(c).isEqualByComparingTo(b));

    // the lines in (time, id) order, each the first copy, with the batch that applied it
    Integer[] order = new Integer[lines];
    for (int i = 0; i < lines; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (x, y) -> {
          int c = Long.compare(second(x, lines), second(y, lines));
          return c != 0 ? c : Integer.compare(x, y); // ids are the index, zero-padded
        });
    List<String> expectedLines = new ArrayList<>(lines);
    for (int i : order) {
      expectedLines.add(
          id(i)
              + " "
              + T0.plusSeconds(second(i, lines))
              + " "
              + BigDecimal.valueOf(amountCents(i), 2).toPlainString()
              + " @"
              + (home[i] / runsPerStatefulBatch + 1));
    }
    List<String> gotLines = new ArrayList<>(lines);
    for (Line l : a.lines()) {
      gotLines.add(
          l.eventId() + " " + l.eventTime() + " " + l.amount().toPlainString() + " @" + l.batch());
    }
    assertThat(gotLines.equals(expectedLines))
        .as("lines (first difference at %d)", firstDifference(gotLines, expectedLines))
        .isTrue();
    assertThat(a.firstEventTime()).isEqualTo(T0.plusSeconds(second(order[0], lines)));
    assertThat(a.lastEventTime()).isEqualTo(T0.plusSeconds(second(order[lines - 1], lines)));
  }

  private static int firstDifference(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return i;
      }
    }
    return Math.min(a.size(), b.size());
  }

  private static Event event(int i, int lines, int currencies, boolean conflicting) {
    long cents = amountCents(i) + (conflicting ? 100 : 0);
    return new Event(
        id(i),
        KEY,
        T0.plusSeconds(second(i, lines)),
        debit(i) ? "CHARGE" : "PAYMENT",
        debit(i) ? Side.DEBIT : Side.CREDIT,
        BigDecimal.valueOf(cents, 2),
        currency(i, currencies),
        "bulk-loader",
        "",
        null);
  }

  private static String id(int i) {
    String digits = Integer.toString(i);
    return "bulk-" + "0".repeat(Math.max(0, 7 - digits.length())) + digits;
  }

  /** Times interleave across runs: a late event lands among earlier ones. */
  private static long second(int i, int lines) {
    return (i * 7919L) % lines;
  }

  private static long amountCents(int i) {
    return 1 + (i * 37L) % 1_000_000;
  }

  private static boolean debit(int i) {
    return i % 3 != 0;
  }

  private static String currency(int i, int currencies) {
    return CURRENCIES[(i / 5) % currencies];
  }
}
