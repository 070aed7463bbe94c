package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactChunkerTest {
  private static List<ReducerRow> eventsOf(String key, int n) {
    List<ReducerRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Event e =
          Rows.event(
              String.format("e%03d", i),
              key,
              "2026-11-01T10:00:%02dZ".formatted(i % 60),
              i % 2 == 0 ? Side.DEBIT : Side.CREDIT,
              "1.25",
              "USD");
      rows.add(Rows.row(e, "input/a", i + 1).withoutRaw());
    }
    rows.sort((x, y) -> ShuffleKeys.outputKey(x, 1).compareTo(ShuffleKeys.outputKey(y, 1)));
    return rows;
  }

  @Test
  void next_shouldSplitAHotKeyIntoOrderedChunks_whenItHasMoreEventsThanAChunk() {
    // GIVEN 7 events of key k1 then 2 of k2, chunks of 3
    List<ReducerRow> rows = new ArrayList<>(eventsOf("k1", 7));
    rows.addAll(eventsOf("k2", 2));
    ArtifactChunker chunker = new ArtifactChunker(rows.iterator(), 5, 3);

    // WHEN chunked
    List<StatelessArtifact> out = new ArrayList<>();
    List<Boolean> newKey = new ArrayList<>();
    while (chunker.hasNext()) {
      newKey.add(chunker.nextStartsNewKey());
      out.add(chunker.next());
    }

    // THEN k1 is 3+3+1 events in order, k2 one line; only the first line of a key starts it
    assertThat(out).extracting(a -> a.events().size()).containsExactly(3, 3, 1, 2);
    assertThat(out)
        .extracting(StatelessArtifact::artifactId)
        .containsExactly("k1", "k1", "k1", "k2");
    assertThat(newKey).containsExactly(true, false, false, true);
    List<Event> k1 = out.subList(0, 3).stream().flatMap(a -> a.events().stream()).toList();
    assertThat(k1).isSortedAccordingTo(Event.ORDER).hasSize(7);
    // and the chunk totals add up to the key's totals
    BigDecimal debits =
        out.subList(0, 3).stream()
            .map(a -> a.debits().getOrDefault("USD", BigDecimal.ZERO))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(debits).isEqualByComparingTo("5.00");
    assertThat(out).extracting(StatelessArtifact::statelessBatch).containsOnly(5L);
  }

  @Test
  void next_shouldFail_whenEventsAreOutOfOrder() {
    List<ReducerRow> rows = new ArrayList<>(eventsOf("k1", 2));
    java.util.Collections.reverse(rows);
    ArtifactChunker chunker = new ArtifactChunker(rows.iterator(), 1, 10);
    assertThatThrownBy(chunker::next).isInstanceOf(IllegalStateException.class);
  }
}
