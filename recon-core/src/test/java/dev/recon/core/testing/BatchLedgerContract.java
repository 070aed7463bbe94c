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
