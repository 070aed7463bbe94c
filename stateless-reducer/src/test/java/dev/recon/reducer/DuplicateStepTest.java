package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.Event;
import dev.recon.core.model.EventOrigin;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.model.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateStepTest {
  private static List<ReducerRow> run(List<ReducerRow> rows) {
    List<ReducerRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing((ReducerRow r) -> ShuffleKeys.dedupKey(r, 1)));
    List<ReducerRow> out = new ArrayList<>();
    new DuplicateStep(sorted.iterator(), 3).forEachRemaining(out::add);
    return out;
  }

  @Test
  void next_shouldAcceptOneCopyAndCountDuplicates_whenCopiesAreIdentical() {
    // GIVEN three identical copies of one event from two objects, one with the amount written
    // "10.5"
    Event e = Rows.event("e1", "k1", "2026-11-01T10:00:00Z", Side.DEBIT, "10.50", "USD");
    Event same = Rows.event("e1", "k1", "2026-11-01T10:00:00Z", Side.DEBIT, "10.5", "USD");
    List<ReducerRow> rows =
        List.of(Rows.row(e, "input/b", 7), Rows.row(same, "input/a", 9), Rows.row(e, "input/a", 2));

    // WHEN duplicates are resolved
    List<ReducerRow> out = run(rows);

    // THEN one event (from the lowest object and line, raw text dropped) and a count of two
    assertThat(out).hasSize(2);
    assertThat(out.get(0).kind()).isEqualTo(ReducerRow.Kind.EVENT);
    assertThat(out.get(0).inputObject()).isEqualTo("input/a");
    assertThat(out.get(0).lineNumber()).isEqualTo(2);
    assertThat(out.get(0).raw()).isNull();
    assertThat(out.get(1).kind()).isEqualTo(ReducerRow.Kind.DUPLICATES);
    assertThat(out.get(1).count()).isEqualTo(2);
    assertThat(out.get(1).lineNumber()).isEqualTo(3);
  }

  @Test
  void next_shouldAcceptTheFirstCopyAndCarryTheOtherContentAsARival_whenCopiesDiffer() {
    // GIVEN, in input order, a copy with another amount first, then two identical copies
    Event e = Rows.event("e1", "k1", "2026-11-01T10:00:00Z", Side.DEBIT, "10.50", "USD");
    Event other = Rows.event("e1", "k1", "2026-11-01T10:00:00Z", Side.DEBIT, "10.51", "USD");
    List<ReducerRow> rows =
        List.of(
            Rows.row(other, "input/a", 0, 3),
            Rows.row(e, "input/b", 1, 1),
            Rows.row(e, "input/b", 1, 2));

    // WHEN resolved
    List<ReducerRow> out = run(rows);

    // THEN the first copy is the event, the other content travels with it as a rival with both its
    // copies, nothing is quarantined here (the stateful merge decides against history), and the
    // rival's second copy counts as a duplicate
    assertThat(out)
        .extracting(ReducerRow::kind)
        .containsExactly(ReducerRow.Kind.EVENT, ReducerRow.Kind.DUPLICATES);
    ReducerRow accepted = out.get(0);
    assertThat(accepted.decodeEvent()).isEqualTo(other);
    assertThat(accepted.origins()).containsExactly(new EventOrigin("input/a", 3));
    assertThat(accepted.rivals())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.decodeEvent()).isEqualTo(e);
              assertThat(r.origins())
                  .containsExactly(new EventOrigin("input/b", 1), new EventOrigin("input/b", 2));
            });
    assertThat(out.get(1).count()).isEqualTo(1);
  }

  @Test
  void next_shouldTreatTheSameEventIdUnderTwoArtifactsAsTwoEvents() {
    Event a = Rows.event("e1", "k1", "2026-11-01T10:00:00Z", Side.DEBIT, "10.50", "USD");
    Event b = Rows.event("e1", "k2", "2026-11-01T10:00:00Z", Side.DEBIT, "10.50", "USD");
    List<ReducerRow> rows =
        new java.util.ArrayList<>(
            List.of(Rows.row(a, "input/a", 0, 1), Rows.row(b, "input/a", 0, 2)));
    rows.sort(
        java.util.Comparator.comparing(
            (ReducerRow r) -> ShuffleKeys.dedupKey(r, 1), SortKey.ORDER));

    List<ReducerRow> out = run(rows);

    assertThat(out)
        .extracting(ReducerRow::kind)
        .containsExactly(ReducerRow.Kind.EVENT, ReducerRow.Kind.EVENT, ReducerRow.Kind.DUPLICATES);
    assertThat(out.subList(0, 2))
        .extracting(ReducerRow::artifactId)
        .containsExactlyInAnyOrder("k1", "k2");
    assertThat(out.get(2).count()).isZero();
  }

  @Test
  void next_shouldPassOtherRowsThrough_andKeepSingleEvents() {
    // GIVEN a quarantine row, stats and two distinct events
    Event a = Rows.event("a", "k1", "2026-11-01T10:00:00Z", Side.DEBIT, "1", "USD");
    Event b = Rows.event("b", "k2", "2026-11-01T10:00:00Z", Side.CREDIT, "2", "EUR");
    List<ReducerRow> rows =
        List.of(
            Rows.row(a, "input/a", 1),
            ReducerRow.readStats("input/a", 10, 3, true),
            ReducerRow.quarantine(
                new QuarantineRecord("input/a", 2, "x", 1, QuarantineReason.MALFORMED_JSON, "")),
            Rows.row(b, "input/a", 3));

    // WHEN resolved
    List<ReducerRow> out = run(rows);

    // THEN nothing is lost
    assertThat(out)
        .extracting(ReducerRow::kind)
        .containsExactly(
            ReducerRow.Kind.READ_STATS,
            ReducerRow.Kind.QUARANTINE,
            ReducerRow.Kind.EVENT,
            ReducerRow.Kind.EVENT,
            ReducerRow.Kind.DUPLICATES);
  }

  @Test
  void next_shouldEmitOnlyTheCount_whenPartitionIsEmpty() {
    assertThat(run(List.of())).singleElement().extracting(ReducerRow::count).isEqualTo(0L);
  }
}
