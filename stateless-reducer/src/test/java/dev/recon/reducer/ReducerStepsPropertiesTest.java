package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the row logic, against plain models, over random inputs and partitionings. */
class ReducerStepsPropertiesTest {

  private static List<ReducerRow> randomCopies(long seed, int ids) {
    Random r = new Random(seed);
    List<ReducerRow> rows = new ArrayList<>();
    for (int i = 0; i < ids; i++) {
      Event e =
          Rows.event(
              "e" + i,
              "k" + r.nextInt(5),
              "2026-11-01T10:00:0" + r.nextInt(10) + "Z",
              r.nextBoolean() ? Side.DEBIT : Side.CREDIT,
              Integer.toString(1 + r.nextInt(50)),
              "USD");
      int copies = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
      for (int c = 0; c < copies; c++) {
        Event copy =
            r.nextInt(6) == 0
                ? Rows.event(
                    e.eventId(),
                    e.artifactId(),
                    e.eventTime().toString(),
                    e.side(),
                    e.amount().add(BigDecimal.ONE).toPlainString(),
                    "USD")
                : e;
        int input = r.nextInt(3);
        rows.add(Rows.row(copy, "input/" + input, input, rows.size() + 1));
      }
    }
    Collections.shuffle(rows, r);
    return rows;
  }

  @Property(tries = 60)
  void resolveDuplicates_shouldAgreeWithAPlainModel_forAnyPartitioning(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 60) int ids,
      @ForAll @IntRange(min = 1, max = 5) int partitions) {
    List<ReducerRow> rows = randomCopies(seed, ids);

    // the model: per eventId, copies in input order (input, line); the first copy is the event,
    // each
    // other distinct content one rival; every other copy a duplicate; nothing quarantined here
    Map<String, List<ReducerRow>> byId = new HashMap<>();
    rows.forEach(r -> byId.computeIfAbsent(r.eventId(), k -> new ArrayList<>()).add(r));
    Map<String, Event> expectedFirst = new HashMap<>();
    Map<String, List<Event>> expectedRivals = new HashMap<>();
    long duplicates = 0;
    for (Map.Entry<String, List<ReducerRow>> e : byId.entrySet()) {
      List<ReducerRow> copies = new ArrayList<>(e.getValue());
      copies.sort(
          java.util.Comparator.comparing(ReducerRow::inputIndex)
              .thenComparing(ReducerRow::lineNumber));
      List<Event> contents = new ArrayList<>();
      for (ReducerRow c : copies) {
        if (!contents.contains(c.decodeEvent())) {
          contents.add(c.decodeEvent());
        }
      }
      expectedFirst.put(e.getKey(), contents.get(0));
      expectedRivals.put(e.getKey(), contents.subList(1, contents.size()));
      duplicates += copies.size() - contents.size();
    }

    // the step, over any number of partitions
    Map<String, Event> gotFirst = new HashMap<>();
    Map<String, List<Event>> gotRivals = new HashMap<>();
    long gotDuplicates = 0;
    long gotQuarantined = 0;
    long gotLines = 0;
    for (int p = 0; p < partitions; p++) {
      int part = p;
      List<ReducerRow> mine =
          new ArrayList<>(
              rows.stream()
                  .filter(r -> ShuffleKeys.dedupKey(r, partitions).partition() == part)
                  .toList());
      mine.sort(
          (x, y) ->
              ShuffleKeys.dedupKey(x, partitions).compareTo(ShuffleKeys.dedupKey(y, partitions)));
      for (var it = new DuplicateStep(mine.iterator(), p); it.hasNext(); ) {
        ReducerRow out = it.next();
        switch (out.kind()) {
          case EVENT -> {
            assertThat(gotFirst.put(out.eventId(), out.decodeEvent()))
                .as("one event per id")
                .isNull();
            gotRivals.put(
                out.eventId(), out.rivals().stream().map(ReducerRow::decodeEvent).toList());
            gotLines += out.origins().size();
            for (ReducerRow rival : out.rivals()) {
              gotLines += rival.origins().size();
            }
          }
          case DUPLICATES -> gotDuplicates += out.count();
          case QUARANTINE -> gotQuarantined++;
          default -> {}
        }
      }
    }
    assertThat(gotFirst).isEqualTo(expectedFirst);
    assertThat(gotRivals).isEqualTo(expectedRivals);
    assertThat(gotDuplicates).isEqualTo(duplicates);
    assertThat(gotQuarantined).isZero();
    // every line is carried by exactly one event, as its first copy or a folded copy
    assertThat(gotLines).isEqualTo(rows.size());
  }

  @Property(tries = 60)
  void chunks_shouldKeepEveryEventInOrderAndTheKeysTotals_forAnyChunkSize(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 200) int events,
      @ForAll @IntRange(min = 1, max = 17) int chunk) {
    Random r = new Random(seed);
    List<ReducerRow> rows = new ArrayList<>();
    Map<String, BigDecimal> expectedDebits = new TreeMap<>();
    for (int i = 0; i < events; i++) {
      String key = "k" + r.nextInt(4);
      String amount = BigDecimal.valueOf(1 + r.nextInt(10_000), 2).toPlainString();
      rows.add(
          Rows.row(
                  Rows.event(
                      "e" + i,
                      key,
                      "2026-11-01T10:" + String.format("%02d", r.nextInt(60)) + ":00Z",
                      Side.DEBIT,
                      amount,
                      "EUR"),
                  "input/a",
                  i + 1)
              .withoutRaw());
      expectedDebits.merge(key, new BigDecimal(amount), BigDecimal::add);
    }
    rows.sort((x, y) -> ShuffleKeys.outputKey(x, 1).compareTo(ShuffleKeys.outputKey(y, 1)));

    Map<String, BigDecimal> debits = new TreeMap<>();
    List<String> order = new ArrayList<>();
    for (ArtifactChunker c = new ArtifactChunker(rows.iterator(), 1, chunk); c.hasNext(); ) {
      StatelessArtifact a = c.next();
      assertThat(a.events()).hasSizeBetween(1, chunk);
      a.debits().forEach((cur, v) -> debits.merge(a.artifactId(), v, BigDecimal::add));
      a.events().forEach(e -> order.add(e.eventId()));
    }
    assertThat(order).containsExactlyElementsOf(rows.stream().map(ReducerRow::eventId).toList());
    assertThat(debits.keySet()).isEqualTo(expectedDebits.keySet());
    expectedDebits.forEach((k, v) -> assertThat(debits.get(k)).isEqualByComparingTo(v));
  }
}
