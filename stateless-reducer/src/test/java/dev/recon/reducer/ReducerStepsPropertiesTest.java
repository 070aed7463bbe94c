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
      Event e = Rows.event("e" + i, "k" + r.nextInt(5), "2026-11-01T10:00:0" + r.nextInt(10) + "Z",
          r.nextBoolean() ? Side.DEBIT : Side.CREDIT, Integer.toString(1 + r.nextInt(50)), "USD");
      int copies = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
      for (int c = 0; c < copies; c++) {
        Event copy = r.nextInt(6) == 0
            ? Rows.event(e.eventId(), e.artifactId(), e.eventTime().toString(), e.side(), e.amount().add(BigDecimal.ONE).toPlainString(), "USD")
            : e;
        rows.add(Rows.row(copy, "input/" + r.nextInt(3), rows.size() + 1));
      }
    }
    Collections.shuffle(rows, r);
    return rows;
  }

  @Property(tries = 60)
  void resolveDuplicates_shouldAgreeWithAPlainModel_forAnyPartitioning(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int ids, @ForAll @IntRange(min = 1, max = 5) int partitions) {
    List<ReducerRow> rows = randomCopies(seed, ids);

    // the model: group by eventId; all equal -> 1 accepted + n-1 duplicates, else n conflicting
    Map<String, List<Event>> byId = new HashMap<>();
    rows.forEach(r -> byId.computeIfAbsent(r.eventId(), k -> new ArrayList<>()).add(r.decodeEvent()));
    long accepted = 0, duplicates = 0, conflicting = 0;
    for (List<Event> copies : byId.values()) {
      if (copies.stream().allMatch(copies.get(0)::equals)) {
        accepted++;
        duplicates += copies.size() - 1;
      } else {
        conflicting += copies.size();
      }
    }

    // the step, over any number of partitions
    long gotAccepted = 0, gotDuplicates = 0, gotConflicting = 0;
    for (int p = 0; p < partitions; p++) {
      int part = p;
      List<ReducerRow> mine = new ArrayList<>(rows.stream().filter(r -> ShuffleKeys.dedupKey(r, partitions).partition() == part).toList());
      mine.sort((x, y) -> ShuffleKeys.dedupKey(x, partitions).compareTo(ShuffleKeys.dedupKey(y, partitions)));
      for (var it = new DuplicateStep(mine.iterator(), p); it.hasNext(); ) {
        ReducerRow out = it.next();
        switch (out.kind()) {
          case EVENT -> gotAccepted++;
          case DUPLICATES -> gotDuplicates += out.count();
          case QUARANTINE -> gotConflicting++;
          default -> { }
        }
      }
    }
    assertThat(List.of(gotAccepted, gotDuplicates, gotConflicting)).containsExactly(accepted, duplicates, conflicting);
    assertThat(gotAccepted + gotDuplicates + gotConflicting).isEqualTo(rows.size());
  }

  @Property(tries = 60)
  void chunks_shouldKeepEveryEventInOrderAndTheKeysTotals_forAnyChunkSize(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int events, @ForAll @IntRange(min = 1, max = 17) int chunk) {
    Random r = new Random(seed);
    List<ReducerRow> rows = new ArrayList<>();
    Map<String, BigDecimal> expectedDebits = new TreeMap<>();
    for (int i = 0; i < events; i++) {
      String key = "k" + r.nextInt(4);
      String amount = BigDecimal.valueOf(1 + r.nextInt(10_000), 2).toPlainString();
      rows.add(Rows.row(Rows.event("e" + i, key, "2026-11-01T10:" + String.format("%02d", r.nextInt(60)) + ":00Z",
          Side.DEBIT, amount, "EUR"), "input/a", i + 1).withoutRaw());
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
