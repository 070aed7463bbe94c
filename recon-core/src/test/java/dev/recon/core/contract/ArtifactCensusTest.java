package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.ArtifactStatus;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ArtifactCensusTest {

  private static Map<String, Long> moves(long toOpen, long toRec, long fromOpen, long fromRec) {
    Map<String, Long> m = new TreeMap<>();
    m.put("applied", 99L);
    m.put(CountNames.STATUS_TO_PREFIX + "OPEN", toOpen);
    m.put(CountNames.STATUS_TO_PREFIX + "RECONCILED", toRec);
    m.put(CountNames.STATUS_FROM_PREFIX + "OPEN", fromOpen);
    m.put(CountNames.STATUS_FROM_PREFIX + "RECONCILED", fromRec);
    return m;
  }

  @Test
  void follow_shouldStartFromZero_atBatchOne_andCarryTheMovesForward() {
    // GIVEN batch 1 writes 5 new artifacts (3 open, 2 reconciled)
    SortedMap<String, Long> one = ArtifactCensus.follow(1, moves(3, 2, 0, 0), Optional.empty());

    // WHEN batch 2 rewrites 2 open ones as reconciled, 1 reconciled as open, and adds 1 open
    SortedMap<String, Long> two = ArtifactCensus.follow(2, moves(2, 2, 2, 1), Optional.of(one));

    // THEN each census is the previous one plus what moved in, minus what moved out
    assertThat(ArtifactCensus.read(one, "")).contains(census(3, 2, 0));
    assertThat(ArtifactCensus.read(two, "")).contains(census(3, 3, 0));
    assertThat(two).containsEntry("applied", 99L);
    // AND the ledger's prefixed copy reads the same
    Map<String, Long> ledger = new TreeMap<>();
    two.forEach((k, v) -> ledger.put(CountNames.process(k), v));
    assertThat(ArtifactCensus.read(ledger, CountNames.PROCESS_PREFIX)).contains(census(3, 3, 0));
  }

  @Test
  void follow_shouldLeaveTheCensusOut_whenThePreviousOneIsUnknown_orWouldGoNegative() {
    // a previous manifest written before the census existed: unknown, not zero
    assertThat(
            ArtifactCensus.read(ArtifactCensus.follow(7, moves(1, 0, 0, 0), Optional.empty()), ""))
        .isEmpty();
    assertThat(
            ArtifactCensus.read(
                ArtifactCensus.follow(
                    7, moves(1, 0, 0, 0), Optional.of(new TreeMap<>(moves(1, 0, 0, 0)))),
                ""))
        .isEmpty();
    // a batch that replaces more reconciled priors than the census holds
    SortedMap<String, Long> one = ArtifactCensus.follow(1, moves(1, 1, 0, 0), Optional.empty());
    assertThat(
            ArtifactCensus.read(ArtifactCensus.follow(2, moves(2, 0, 0, 2), Optional.of(one)), ""))
        .isEmpty();
  }

  private static ArtifactCensus census(long open, long reconciled, long aged) {
    return new ArtifactCensus(
        Map.of(
            ArtifactStatus.OPEN, open,
            ArtifactStatus.RECONCILED, reconciled,
            ArtifactStatus.AGED, aged));
  }

  private static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");

  /** A STATEFUL record of batch {@code n}, with {@code process.census.*} counts when given. */
  private static LedgerRecord stateful(long n, long... openReconciledAged) {
    Map<String, Long> counts = new TreeMap<>();
    counts.put("process.applied", 1L);
    if (openReconciledAged.length == 3) {
      counts.put("process.census.OPEN", openReconciledAged[0]);
      counts.put("process.census.RECONCILED", openReconciledAged[1]);
      counts.put("process.census.AGED", openReconciledAged[2]);
    }
    return LedgerRecord.create(
            BatchKind.STATEFUL, String.format("%010d", n), n, BatchStatus.SUCCESS, T0)
        .withCounts(counts);
  }

  @Test
  void new_shouldCountAMissingStatusAsZero_andAddUpTheTotal() {
    ArtifactCensus c = new ArtifactCensus(Map.of(ArtifactStatus.OPEN, 4L, ArtifactStatus.AGED, 2L));

    assertThat(c.of(ArtifactStatus.OPEN)).isEqualTo(4);
    assertThat(c.of(ArtifactStatus.RECONCILED)).isZero();
    assertThat(c.of(ArtifactStatus.AGED)).isEqualTo(2);
    assertThat(c.total()).isEqualTo(6);
    assertThat(c).isEqualTo(census(4, 0, 2));
    assertThat(ArtifactCensus.EMPTY.total()).isZero();
    assertThat(ArtifactCensus.EMPTY).isEqualTo(census(0, 0, 0));
  }

  @Test
  void new_shouldRefuse_whenACountIsNegative() {
    assertThatThrownBy(() -> census(1, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("census of RECONCILED is negative: -1");
    assertThatThrownBy(() -> census(0, 0, 1).byStatus().put(ArtifactStatus.OPEN, 3L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void read_shouldFindTheCensusUnderItsPrefix_onlyWhenEveryStatusIsThere() {
    Map<String, Long> counts =
        Map.of(
            "process.census.OPEN", 3L,
            "process.census.RECONCILED", 5L,
            "process.census.AGED", 1L,
            "census.OPEN", 9L);

    assertThat(ArtifactCensus.read(counts, "process.")).contains(census(3, 5, 1));
    // without the prefix only one of the three is there: unknown
    assertThat(ArtifactCensus.read(counts, "")).isEmpty();
    assertThat(ArtifactCensus.read(Map.of(), "")).isEmpty();
  }

  @Test
  void newest_shouldTakeTheHighestBatchThatHoldsACensus_inAnyOrder() {
    // GIVEN batch 9 (without a census: written before it was kept) among older ones
    List<LedgerRecord> records =
        List.of(stateful(5, 1, 1, 1), stateful(9), stateful(8, 3, 4, 0), stateful(6, 2, 0, 0));

    // WHEN
    Optional<ArtifactCensus.Counted> newest = ArtifactCensus.newest(records);

    // THEN
    assertThat(newest).isPresent();
    assertThat(newest.get().batch().sequence()).isEqualTo(8);
    assertThat(newest.get().census()).isEqualTo(census(3, 4, 0));
  }

  @Test
  void newest_shouldKeepTheNewest_whenOlderRecordsComeAfterIt() {
    List<LedgerRecord> records = List.of(stateful(8, 3, 4, 0), stateful(5, 1, 1, 1), stateful(7));

    assertThat(ArtifactCensus.newest(records))
        .get()
        .extracting(ArtifactCensus.Counted::census)
        .isEqualTo(census(3, 4, 0));
  }

  @Test
  void newest_shouldBeEmpty_whenNoRecordHoldsACensus() {
    assertThat(ArtifactCensus.newest(List.of())).isEmpty();
    assertThat(ArtifactCensus.newest(List.of(stateful(1), stateful(2)))).isEmpty();
  }

  @Test
  void follow_shouldStartFromZeroAtBatchOne_evenWhenGivenAPreviousCensus() {
    // GIVEN a stray previous census (batch 1 has no predecessor)
    Map<String, Long> stray = Map.of("census.OPEN", 7L, "census.RECONCILED", 7L, "census.AGED", 7L);
    Map<String, Long> moves = Map.of("statusTo.OPEN", 2L, "statusTo.AGED", 1L);

    // WHEN
    SortedMap<String, Long> one = ArtifactCensus.follow(1, moves, Optional.of(stray));

    // THEN the moves alone make the census, next to the batch's own counts
    assertThat(one)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "census.AGED", 1L,
                    "census.OPEN", 2L,
                    "census.RECONCILED", 0L,
                    "statusTo.AGED", 1L,
                    "statusTo.OPEN", 2L)));
  }

  @Test
  void follow_shouldAddWhatMovedInAndSubtractWhatMovedOut_ofEveryStatus() {
    // GIVEN batch 4's census
    Map<String, Long> previous =
        Map.of("census.OPEN", 10L, "census.RECONCILED", 20L, "census.AGED", 5L, "applied", 3L);
    // AND batch 5: 4 new open; 3 open reconciled; 2 open aged; 1 aged reconciled
    Map<String, Long> moves =
        Map.of(
            "statusTo.OPEN", 4L,
            "statusTo.RECONCILED", 4L,
            "statusTo.AGED", 2L,
            "statusFrom.OPEN", 5L,
            "statusFrom.AGED", 1L);

    // WHEN
    SortedMap<String, Long> five = ArtifactCensus.follow(5, moves, Optional.of(previous));

    // THEN open 10+4-5, reconciled 20+4-0, aged 5+2-1; the previous batch's own counts stay out
    assertThat(ArtifactCensus.read(five, "")).contains(census(9, 24, 6));
    assertThat(five).doesNotContainKey("applied").hasSize(moves.size() + 3);
  }

  @Test
  void follow_shouldAllowACensusOfZero_butNotBelow() {
    Map<String, Long> previous =
        Map.of("census.OPEN", 2L, "census.RECONCILED", 0L, "census.AGED", 0L);

    assertThat(
            ArtifactCensus.read(
                ArtifactCensus.follow(3, Map.of("statusFrom.OPEN", 2L), Optional.of(previous)), ""))
        .contains(census(0, 0, 0));
    SortedMap<String, Long> below =
        ArtifactCensus.follow(3, Map.of("statusFrom.OPEN", 3L), Optional.of(previous));
    assertThat(below).containsExactlyEntriesOf(new TreeMap<>(Map.of("statusFrom.OPEN", 3L)));
  }
}
