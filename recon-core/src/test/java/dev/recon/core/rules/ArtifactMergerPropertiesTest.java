package dev.recon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.Event;
import dev.recon.core.model.Line;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.testing.EventGenerator;
import dev.recon.core.testing.Pipelines;
import java.math.BigDecimal;
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
 * The rule invariants, over random events and random ways of splitting them into batches. Each
 * property compares recon's result with something computed independently of it.
 */
class ArtifactMergerPropertiesTest {
  private static final Instant AS_OF = Instant.parse("2026-12-15T00:00:00Z");
  private static final RulesConfig RULES = RulesConfig.DEFAULTS;

  @Property(tries = 60)
  void merge_shouldYieldIdenticalContent_whenEventsAreSplitIntoBatchesAnyWayAndOrder(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int batchCount) {
    // GIVEN random events, some re-sent (exact duplicates), split at random into batches
    List<Event> events = new EventGenerator(seed).events(300, 12);
    List<Event> withResends = new ArrayList<>(events);
    Random random = new Random(seed);
    for (int i = 0; i < 40; i++) {
      withResends.add(events.get(random.nextInt(events.size())));
    }
    List<List<Event>> split = randomSplit(withResends, batchCount, random);

    // WHEN they are applied in one batch, and batch by batch
    Map<String, ReconciliationArtifact> whole =
        Pipelines.apply(Map.of(), List.of(distinct(withResends)), 1, AS_OF, RULES);
    Map<String, ReconciliationArtifact> stepwise =
        Pipelines.apply(Map.of(), split, 1, AS_OF, RULES);

    // THEN every artifact has byte-identical content (provenance aside) and the right balances
    assertThat(stepwise.keySet()).isEqualTo(whole.keySet());
    for (String key : whole.keySet()) {
      assertThat(CanonicalJson.encode(Pipelines.content(stepwise.get(key))))
          .as("content of %s", key)
          .isEqualTo(CanonicalJson.encode(Pipelines.content(whole.get(key))));
    }
    assertBalancesMatch(stepwise, EventGenerator.expectedBalances(withResends));
  }

  @Property(tries = 40)
  void merge_shouldChangeNothing_whenTheSameBatchIsAppliedTwice(@ForAll long seed) {
    // GIVEN state after two batches
    List<Event> events = new EventGenerator(seed).events(200, 8);
    List<List<Event>> split = randomSplit(events, 2, new Random(seed));
    Map<String, ReconciliationArtifact> state = Pipelines.apply(Map.of(), split, 1, AS_OF, RULES);
    Map<String, String> before = encodeAll(state);

    // WHEN batch 2 is applied again (a retry or replay)
    Map<String, ReconciliationArtifact> again =
        Pipelines.apply(state, List.of(split.get(1)), 2, AS_OF.plusSeconds(3600), RULES);

    // THEN no byte changes
    assertThat(encodeAll(again)).containsExactlyInAnyOrderEntriesOf(before);
  }

  @Property(tries = 40)
  void merge_shouldKeepLinesOrderedAndTotalsConsistent_whenLateEventsArrive(@ForAll long seed) {
    List<Event> events = new EventGenerator(seed).events(250, 5);
    List<List<Event>> split = randomSplit(events, 4, new Random(seed));
    Map<String, ReconciliationArtifact> state = Pipelines.apply(Map.of(), split, 1, AS_OF, RULES);
    for (ReconciliationArtifact a : state.values()) {
      List<Line> sorted = new ArrayList<>(a.lines());
      sorted.sort(Line.ORDER);
      assertThat(a.lines()).isEqualTo(sorted);
      assertThat(a.lineCount()).isEqualTo(a.lines().size());
      assertThat(a.firstEventTime()).isEqualTo(a.lines().get(0).eventTime());
      assertThat(a.lastEventTime()).isEqualTo(a.lines().get(a.lines().size() - 1).eventTime());
      a.balances()
          .forEach(
              (c, b) ->
                  assertThat(b)
                      .isEqualByComparingTo(
                          a.debits()
                              .getOrDefault(c, BigDecimal.ZERO)
                              .subtract(a.credits().getOrDefault(c, BigDecimal.ZERO))));
    }
    assertBalancesMatch(state, EventGenerator.expectedBalances(events));
  }

  static void assertBalancesMatch(
      Map<String, ReconciliationArtifact> state, Map<String, Map<String, BigDecimal>> expected) {
    assertThat(state.keySet()).isEqualTo(expected.keySet());
    expected.forEach(
        (key, perCurrency) -> {
          Map<String, BigDecimal> actual = state.get(key).balances();
          assertThat(actual.keySet()).as("currencies of %s", key).isEqualTo(perCurrency.keySet());
          perCurrency.forEach(
              (c, b) -> assertThat(actual.get(c)).as("%s %s", key, c).isEqualByComparingTo(b));
        });
  }

  private static List<List<Event>> randomSplit(List<Event> events, int n, Random random) {
    List<Event> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, random);
    List<List<Event>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    for (Event e : shuffled) {
      out.get(random.nextInt(n)).add(e);
    }
    // within one stateless batch duplicates are resolved before reduction, as the reducer job does
    out.replaceAll(ArtifactMergerPropertiesTest::distinct);
    return out;
  }

  private static List<Event> distinct(List<Event> events) {
    Map<String, Event> byId = new TreeMap<>();
    events.forEach(e -> byId.putIfAbsent(e.eventId(), e));
    return new ArrayList<>(byId.values());
  }

  private static Map<String, String> encodeAll(Map<String, ReconciliationArtifact> state) {
    Map<String, String> out = new TreeMap<>();
    state.forEach(
        (k, a) ->
            out.put(
                k, new String(CanonicalJson.encode(a), java.nio.charset.StandardCharsets.UTF_8)));
    return out;
  }
}
