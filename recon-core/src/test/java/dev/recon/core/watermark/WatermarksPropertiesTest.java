package dev.recon.core.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Merging what stateless batches saw of each source is a join: the result does not depend on the
 * order batches arrive in or how they are grouped, and seeing a batch again (a replayed or re-read
 * ledger record) changes nothing. Each property checks against a value computed without {@link
 * Watermarks}.
 */
class WatermarksPropertiesTest {
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private static final String[] SOURCES = {"payments-gateway", "erp", "bank-feed", ""};

  /** One stateless batch's per-source summary, as the reducer writes it. */
  private record Batch(long number, BatchSources sources) {}

  private static List<Batch> batches(Random random, int count) {
    List<Batch> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      TreeMap<String, SourceStats> m = new TreeMap<>();
      for (String s : SOURCES) {
        if (random.nextInt(3) > 0) {
          m.put(
              s,
              new SourceStats(
                  T0.plusSeconds(random.nextInt(48 * 3600)).plusNanos(random.nextInt(1000)),
                  1 + random.nextInt(500)));
        }
      }
      out.add(new Batch(i, new BatchSources(m)));
    }
    return out;
  }

  private static Watermarks fold(List<Batch> batches) {
    Watermarks w = Watermarks.empty();
    for (Batch b : batches) {
      w = w.with(b.number(), b.sources());
    }
    return w;
  }

  @Property(tries = 200)
  void merge_shouldNotDependOnOrderOrGrouping(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int count) {
    // GIVEN random batches, shuffled, and split into two groups merged separately
    Random random = new Random(seed);
    List<Batch> batches = batches(random, count);
    List<Batch> shuffled = new ArrayList<>(batches);
    Collections.shuffle(shuffled, random);
    int cut = random.nextInt(count + 1);

    // WHEN folded in order, folded shuffled, and merged from two halves in either order
    Watermarks inOrder = fold(batches);
    Watermarks anyOrder = fold(shuffled);
    Watermarks left = fold(shuffled.subList(0, cut));
    Watermarks right = fold(shuffled.subList(cut, count));

    // THEN all agree
    assertThat(anyOrder).isEqualTo(inOrder);
    assertThat(left.merge(right)).isEqualTo(inOrder);
    assertThat(right.merge(left)).isEqualTo(inOrder);
    // AND each source's max and count are the plain max and sum over the batches
    Duration lateness = Duration.ofMinutes(random.nextInt(180));
    for (String s : SOURCES) {
      Instant max =
          batches.stream()
              .map(b -> b.sources().bySource().get(s))
              .filter(x -> x != null)
              .map(SourceStats::maxEventTime)
              .max(Instant::compareTo)
              .orElse(null);
      long events =
          batches.stream()
              .map(b -> b.sources().bySource().get(s))
              .filter(x -> x != null)
              .mapToLong(SourceStats::events)
              .sum();
      if (max == null) {
        assertThat(inOrder.watermark(s, lateness)).isEmpty();
      } else {
        SourceWatermark w = inOrder.watermark(s, lateness).orElseThrow();
        assertThat(w.maxEventTime()).isEqualTo(max);
        assertThat(w.watermark()).isEqualTo(max.minus(lateness));
        assertThat(w.events()).isEqualTo(events);
      }
    }
  }

  @Property(tries = 200)
  void merge_shouldChangeNothing_whenABatchIsSeenAgain(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int count) {
    // GIVEN merged batches
    Random random = new Random(seed);
    List<Batch> batches = batches(random, count);
    Watermarks once = fold(batches);

    // WHEN some batches are replayed (merged again, in any order) and the whole is merged with
    // itself
    List<Batch> replayed = new ArrayList<>(batches);
    for (int i = 0; i < count; i++) {
      replayed.add(batches.get(random.nextInt(count)));
    }
    Collections.shuffle(replayed, random);

    // THEN nothing changes: not the watermark, not the counts
    assertThat(fold(replayed)).isEqualTo(once);
    assertThat(once.merge(once)).isEqualTo(once);
    Duration lateness = Duration.ofHours(1);
    assertThat(fold(replayed).watermarks(lateness)).isEqualTo(once.watermarks(lateness));
  }

  @Property(tries = 100)
  void check_shouldCover_exactlyWhenEverySourcesMaxMinusLatenessReachesT(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int count,
      @ForAll @IntRange(min = 0, max = 50) int hours) {
    Random random = new Random(seed);
    List<Batch> batches = batches(random, count);
    Watermarks w = fold(batches);
    Duration lateness = Duration.ofMinutes(random.nextInt(240));
    Instant t = T0.plus(Duration.ofHours(hours));

    WatermarkCheck all = w.check(t, lateness, null);

    // THEN covered iff some source is known and every known source's watermark >= t
    Map<String, SourceStats> maxima = new TreeMap<>();
    for (Batch b : batches) {
      b.sources()
          .bySource()
          .forEach(
              (s, st) ->
                  maxima.merge(
                      s, st, (x, y) -> x.maxEventTime().isAfter(y.maxEventTime()) ? x : y));
    }
    boolean expected =
        !maxima.isEmpty()
            && maxima.values().stream()
                .allMatch(st -> !st.maxEventTime().minus(lateness).isBefore(t));
    assertThat(all.covered()).isEqualTo(expected);
    assertThat(all.sources())
        .extracting(SourceWatermark::source)
        .containsExactlyElementsOf(maxima.keySet());
    for (SourceWatermark s : all.sources()) {
      assertThat(s.covers(t))
          .isEqualTo(!maxima.get(s.source()).maxEventTime().minus(lateness).isBefore(t));
    }
  }
}
