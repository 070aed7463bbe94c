package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.ArtifactStatus;
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
}
