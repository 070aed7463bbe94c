package dev.recon.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BatchLedger} must do: {@code DynamoDbBatchLedger} against a real DynamoDB
 * (recon-local) and {@link InMemoryBatchLedger} (InMemoryAdaptersTest). Ids are unique per test.
 */
public abstract class BatchLedgerContract {
  public static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  /** The ledger under test (owned by the subclass). */
  protected abstract BatchLedger batchLedger();

  private BatchLedger ledger;
  private String run;

  @BeforeEach
  public void setUpLedger() {
    ledger = batchLedger();
    run = UUID.randomUUID().toString();
  }

  @Test
  public void create_shouldStoreEveryField_whenRecordIsNew() {
    LedgerRecord r =
        LedgerRecord.create(BatchKind.STATELESS, run + "-S-7", 7, BatchStatus.INITIATED, T0)
            .withCounts(Map.of("read", 10L, "accepted", 8L, "quarantined", 2L))
            .withAttributes(Map.of("inputs", "input/a.jsonl,input/b.jsonl", "note", ""));

    LedgerRecord created = ledger.create(r);

    assertThat(created).isEqualTo(r);
    assertThat(ledger.get(BatchKind.STATELESS, run + "-S-7")).contains(r);
  }

  @Test
  public void create_shouldThrowConflict_whenRecordExists() {
    LedgerRecord r =
        LedgerRecord.create(BatchKind.INPUT, run + "-in", 1, BatchStatus.INITIATED, T0);
    ledger.create(r);

    assertThatThrownBy(() -> ledger.create(r.withStatus(BatchStatus.SUCCESS, T0)))
        .isInstanceOf(LedgerConflictException.class);
    assertThat(ledger.get(BatchKind.INPUT, run + "-in").orElseThrow().status())
        .isEqualTo(BatchStatus.INITIATED);
  }

  @Test
  public void update_shouldBumpRevision_whenRevisionMatches() {
    LedgerRecord r =
        ledger.create(LedgerRecord.create(BatchKind.STATEFUL, run, 3, BatchStatus.INITIATED, T0));

    LedgerRecord updated = ledger.update(r.withStatus(BatchStatus.EXECUTING, T0.plusSeconds(1)));

    assertThat(updated.revision()).isEqualTo(r.revision() + 1);
    assertThat(ledger.get(BatchKind.STATEFUL, run)).contains(updated);
  }

  @Test
  public void update_shouldThrowConflictAndKeepWinner_whenRevisionIsStale() {
    LedgerRecord read =
        ledger.create(LedgerRecord.create(BatchKind.STATEFUL, run, 3, BatchStatus.INITIATED, T0));
    LedgerRecord winner = ledger.update(read.withStatus(BatchStatus.EXECUTING, T0.plusSeconds(1)));

    assertThatThrownBy(
            () -> ledger.update(read.withStatus(BatchStatus.CANCELED, T0.plusSeconds(2))))
        .isInstanceOf(LedgerConflictException.class);
    assertThat(ledger.get(BatchKind.STATEFUL, run)).contains(winner);
  }

  @Test
  public void update_shouldThrowConflict_whenRecordMissing() {
    LedgerRecord never = LedgerRecord.create(BatchKind.LOCK, run, 0, BatchStatus.EXECUTING, T0);

    assertThatThrownBy(() -> ledger.update(never)).isInstanceOf(LedgerConflictException.class);
    assertThat(ledger.get(BatchKind.LOCK, run)).isEmpty();
  }

  @Test
  public void delete_shouldRemoveOnlyWithCurrentRevision_whenCalled() {
    LedgerRecord created =
        ledger.create(LedgerRecord.create(BatchKind.LOCK, run, 0, BatchStatus.EXECUTING, T0));
    LedgerRecord current = ledger.update(created.withAttributes(Map.of("owner", "prefetch-12")));

    assertThatThrownBy(() -> ledger.delete(created)).isInstanceOf(LedgerConflictException.class);
    assertThat(ledger.get(BatchKind.LOCK, run)).isPresent();

    ledger.delete(current);

    assertThat(ledger.get(BatchKind.LOCK, run)).isEmpty();
  }

  @Test
  public void list_shouldReturnRecordsOrderedById_whenCreatedOutOfOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(run + "-" + String.format("%04d", i));
    }
    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new java.util.Random(1));
    for (String each : shuffled) {
      ledger.create(LedgerRecord.create(BatchKind.INPUT, each, 0, BatchStatus.SUCCESS, T0));
    }

    List<String> listed =
        ledger.list(BatchKind.INPUT).stream()
            .map(LedgerRecord::id)
            .filter(i -> i.startsWith(run))
            .toList();

    assertThat(listed).containsExactlyElementsOf(ids);
  }

  @Test
  public void listUnfinished_shouldReturnOnlyInitiatedAndExecutingRecordsOfTheKind_whenMixed() {
    for (BatchStatus status : BatchStatus.values()) {
      ledger.create(LedgerRecord.create(BatchKind.INPUT, run + "-" + status, 0, status, T0));
      ledger.create(LedgerRecord.create(BatchKind.STATELESS, run + "-" + status, 0, status, T0));
    }
    LedgerRecord withFields =
        ledger.create(
            LedgerRecord.create(BatchKind.INPUT, run + "-A", 4, BatchStatus.INITIATED, T0)
                .withCounts(Map.of("bytes", 12L))
                .withAttributes(Map.of("windowStart", "2026-11-22T09:00:00Z")));

    assertEventually(
        () -> unfinishedOfRun(BatchKind.INPUT),
        List.of(run + "-A", run + "-EXECUTING", run + "-INITIATED"));
    assertEventually(
        () -> unfinishedOfRun(BatchKind.STATELESS),
        List.of(run + "-EXECUTING", run + "-INITIATED"));
    assertThat(
            ledger.listUnfinished(BatchKind.INPUT).stream()
                .filter(r -> r.id().equals(run + "-A"))
                .toList())
        .as("every field, as get returns it")
        .containsExactly(withFields);
  }

  @Test
  public void listUnfinished_shouldFollowTheStatus_whenRecordsAreClaimedReleasedFinishedDeleted() {
    LedgerRecord a =
        ledger.create(
            LedgerRecord.create(BatchKind.INPUT, run + "-a", 1, BatchStatus.INITIATED, T0));
    LedgerRecord b =
        ledger.create(
            LedgerRecord.create(BatchKind.INPUT, run + "-b", 2, BatchStatus.INITIATED, T0));
    LedgerRecord c =
        ledger.create(
            LedgerRecord.create(BatchKind.INPUT, run + "-c", 3, BatchStatus.INITIATED, T0));
    assertEventually(
        () -> unfinishedOfRun(BatchKind.INPUT), List.of(run + "-a", run + "-b", run + "-c"));

    // claimed (still unfinished, at its new revision), then finished: it leaves the index
    LedgerRecord claimed = ledger.update(a.withStatus(BatchStatus.EXECUTING, T0.plusSeconds(1)));
    assertEventually(
        () ->
            ledger.listUnfinished(BatchKind.INPUT).stream()
                .filter(r -> r.id().equals(run + "-a"))
                .map(r -> r.status() + "@" + r.revision())
                .toList(),
        List.of("EXECUTING@" + claimed.revision()));
    ledger.update(claimed.withStatus(BatchStatus.SUCCESS, T0.plusSeconds(2)));
    // claimed and released: back as pending
    LedgerRecord bClaimed = ledger.update(b.withStatus(BatchStatus.EXECUTING, T0.plusSeconds(1)));
    ledger.update(bClaimed.withStatus(BatchStatus.INITIATED, T0.plusSeconds(2)));
    // deleted: gone
    ledger.delete(c);

    assertEventually(() -> unfinishedOfRun(BatchKind.INPUT), List.of(run + "-b"));
    assertThat(ledger.get(BatchKind.INPUT, run + "-a").orElseThrow().status())
        .isEqualTo(BatchStatus.SUCCESS);
    assertThat(ledger.list(BatchKind.INPUT).stream().map(LedgerRecord::id))
        .as("list still reads the whole history")
        .contains(run + "-a", run + "-b");
  }

  @Test
  public void listUnfinished_shouldNeverHoldCounters_whenSequencesAreHandedOut() {
    ledger.nextSequence("unfinished-" + run);
    ledger.nextSequence("unfinished-" + run);

    assertThat(ledger.get(BatchKind.COUNTER, "unfinished-" + run)).isPresent();
    assertThat(ledger.listUnfinished(BatchKind.COUNTER).stream().map(LedgerRecord::id))
        .doesNotContain("unfinished-" + run);
  }

  private List<String> unfinishedOfRun(BatchKind kind) {
    return ledger.listUnfinished(kind).stream()
        .map(LedgerRecord::id)
        .filter(i -> i.startsWith(run))
        .toList();
  }

  /**
   * {@code listUnfinished} may lag the latest writes (a DynamoDB GSI is eventually consistent): the
   * expected list must be returned within a few seconds, and be returned exactly (in that order).
   */
  private static void assertEventually(
      java.util.function.Supplier<List<String>> actual, List<String> expected) {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
    List<String> got = actual.get();
    while (!got.equals(expected) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      got = actual.get();
    }
    assertThat(got).containsExactlyElementsOf(expected);
  }

  @Test
  public void nextSequence_shouldHandOutOneToNWithoutGapsOrDuplicates_whenCalledConcurrently()
      throws Exception {
    String counter = "stateful-" + run;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Callable<List<Long>> worker =
            () -> {
              List<Long> got = new ArrayList<>();
              for (int i = 0; i < 50; i++) {
                got.add(ledger.nextSequence(counter));
              }
              return got;
            };
        futures.add(pool.submit(worker));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get());
      }

      assertThat(all)
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
      assertThat(ledger.get(BatchKind.COUNTER, counter).orElseThrow().sequence()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void nextSequence_shouldStartAtOne_whenCounterIsNew() {
    assertThat(ledger.nextSequence("fresh-" + run)).isEqualTo(1);
    assertThat(ledger.nextSequence("fresh-" + run)).isEqualTo(2);
  }
}
