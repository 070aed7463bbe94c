package dev.recon.backlog;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The stateful workflow's side of the ledger (stepfunctions/README.md, "Stateful workflow"): which
 * execution carries which stateful batch, and the three stage locks that make executions an
 * assembly line (while N is indexed, N+1 is processed and N+2 prefetched, each stage taking batches
 * one at a time, in order).
 *
 * <ul>
 *   <li>A STATEFUL record carries its {@code owner} (the execution id) and {@code ownerExpiresAt};
 *       {@code stage.<name>} is EXECUTING or SUCCESS or FAILURE.
 *   <li>A LOCK record per stage (id {@code prefetch}, {@code process}, {@code index}): EXECUTING
 *       with {@code owner}, {@code batch} and {@code expiresAt} while held, INITIATED when free.
 *   <li>Leases: an owner or lock older than {@link #LEASE_DEFAULT} may be taken over (an execution
 *       stopped from outside never runs its Catch); live executions finish well within it.
 *   <li>CANCELED stateful batches are no-ops: they are never acquired and are not anyone's
 *       predecessor.
 * </ul>
 *
 * Every write is conditional on the revision read; a lost race re-reads and decides again.
 */
public final class StageLocks {
  /** Longer than a stateful execution may run (480 waits of 30 s, plus three stages). */
  public static final Duration LEASE_DEFAULT = Duration.ofHours(12);

  public static final Set<String> STAGES =
      Set.of(LedgerNames.STAGE_PREFETCH, LedgerNames.STAGE_PROCESS, LedgerNames.STAGE_INDEX);
  static final String OWNER_EXPIRES_AT = "ownerExpiresAt";
  private static final int ATTEMPTS = 8;

  private final BatchLedger ledger;
  private final Clock clock;
  private final StatefulPlanner planner;
  private final Duration lease;

  public StageLocks(BatchLedger ledger, Clock clock, StatefulPlanner planner, Duration lease) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.planner = Objects.requireNonNull(planner, "planner");
    this.lease = Objects.requireNonNull(lease, "lease");
  }

  /** The answer to acquireBatch. */
  public record BatchGrant(
      boolean planned, LedgerRecord batch, String reason, Long blockedBy, String detail) {}

  /**
   * The answer to acquireStage; {@code reason} is ACQUIRED, DONE, BUSY, PREDECESSOR_PENDING or
   * PREDECESSOR_FAILED.
   */
  public record StageGrant(boolean acquired, String reason) {}

  /**
   * The batch this execution carries next: its own (a retry), else the lowest unfinished batch no
   * live execution owns (a FAILURE one only with {@code retryFailed}; otherwise it blocks), else a
   * new batch from the stateful planner. The batch is started (EXECUTING) and owned.
   */
  public BatchGrant acquireBatch(String owner, boolean retryFailed, StatefulLimits limits) {
    requireOwner(owner);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      LedgerRecord candidate = null;
      for (LedgerRecord n : StatefulPlanner.bySequence(ledger.list(BatchKind.STATEFUL)).values()) {
        if (n.status() == BatchStatus.SUCCESS || n.status() == BatchStatus.CANCELED) {
          continue;
        }
        if (owner.equals(n.attribute(LedgerNames.OWNER))) {
          return new BatchGrant(true, n, "ACQUIRED", null, "already carried by this execution");
        }
        if (n.status() == BatchStatus.FAILURE && !retryFailed) {
          return new BatchGrant(
              false,
              null,
              "BLOCKED",
              n.sequence(),
              "stateful batch " + n.sequence() + " failed: " + n.attribute(LedgerNames.ERROR));
        }
        if (ownedByLiveExecution(n, now)) {
          continue;
        }
        candidate = n;
        break;
      }
      if (candidate == null) {
        StatefulPlanner.Plan p = planner.plan(limits);
        if (!p.planned()) {
          return new BatchGrant(false, null, "NO_WORK", null, p.reason());
        }
        candidate = ledger.get(BatchKind.STATEFUL, Layout.seq(p.statefulBatch())).orElseThrow();
        if (candidate.attribute(LedgerNames.OWNER) != null) {
          continue; // another execution took the batch we just planned: look again
        }
      }
      try {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(LedgerNames.OWNER, owner);
        attributes.put(OWNER_EXPIRES_AT, now.plus(lease).toString());
        attributes.put(BacklogNames.STARTED_AT, now.toString());
        LedgerRecord taken =
            ledger.update(
                candidate
                    .withStatus(BatchStatus.EXECUTING, now)
                    .withAttributes(attributes)
                    .withCounts(
                        Map.of(BacklogNames.ATTEMPTS, candidate.count(BacklogNames.ATTEMPTS) + 1)));
        return new BatchGrant(true, taken, "ACQUIRED", null, null);
      } catch (LedgerConflictException raced) {
        // another execution took it first: walk again
      }
    }
    throw new LedgerConflictException("acquireBatch lost " + ATTEMPTS + " races in a row");
  }

  public StageGrant acquireStage(String stage, long n, String owner) {
    requireStage(stage);
    requireOwner(owner);
    String stageAttr = LedgerNames.stage(stage);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      LedgerRecord batch = batch(n);
      LedgerRecord lock = ledger.get(BatchKind.LOCK, stage).orElse(null);
      if (lock != null && heldBy(lock, n, owner)) {
        return new StageGrant(true, "ACQUIRED");
      }
      if (BatchStatus.parse(batch.attribute(stageAttr)) == BatchStatus.SUCCESS) {
        return new StageGrant(false, "DONE");
      }
      LedgerRecord previous = predecessor(n);
      if (previous != null
          && BatchStatus.parse(previous.attribute(stageAttr)) != BatchStatus.SUCCESS) {
        return new StageGrant(
            false,
            previous.status() == BatchStatus.FAILURE
                ? "PREDECESSOR_FAILED"
                : "PREDECESSOR_PENDING");
      }
      if (lock != null && held(lock, now)) {
        return new StageGrant(false, "BUSY");
      }
      Map<String, String> holder =
          Map.of(
              LedgerNames.OWNER,
              owner,
              LedgerNames.HELD_BATCH,
              Long.toString(n),
              LedgerNames.EXPIRES_AT,
              now.plus(lease).toString());
      try {
        if (lock == null) {
          ledger.create(
              LedgerRecord.create(BatchKind.LOCK, stage, 0, BatchStatus.EXECUTING, now)
                  .withAttributes(holder));
        } else {
          ledger.update(lock.withStatus(BatchStatus.EXECUTING, now).withAttributes(holder));
        }
      } catch (LedgerConflictException raced) {
        continue;
      }
      setStage(n, stage, BatchStatus.EXECUTING);
      return new StageGrant(true, "ACQUIRED");
    }
    throw new LedgerConflictException(
        "acquireStage " + stage + " for " + n + " lost " + ATTEMPTS + " races");
  }

  /** Records the stage's outcome for N and frees the lock if this owner holds it for N. */
  public LedgerRecord releaseStage(String stage, long n, String owner, BatchStatus status) {
    requireStage(stage);
    LedgerRecord done = setStage(n, stage, status);
    freeLocks(owner, stage);
    return done;
  }

  /** Gives N back unfinished: every lock of this owner freed, N's owner cleared; stages kept. */
  public LedgerRecord releaseBatch(long n, String owner) {
    freeLocks(owner, null);
    return clearOwner(n, owner);
  }

  /**
   * After a stateful batch failed or completed: its stage (if any) recorded, locks and owner
   * cleared.
   */
  public void afterOutcome(long n, String owner, String stage, BatchStatus stageStatus) {
    if (stage != null) {
      requireStage(stage);
      setStage(n, stage, stageStatus);
    }
    if (owner != null) {
      freeLocks(owner, null);
    }
    clearOwner(n, null);
  }

  // ------------------------------------------------------------------ helpers

  private LedgerRecord batch(long n) {
    return ledger
        .get(BatchKind.STATEFUL, Layout.seq(n))
        .orElseThrow(() -> new BatchNotFoundException("no STATEFUL batch " + n));
  }

  /** The batch before N that is not a no-op (cancelled batches are skipped). */
  private LedgerRecord predecessor(long n) {
    LedgerRecord previous = null;
    for (LedgerRecord r : ledger.list(BatchKind.STATEFUL)) {
      if (r.sequence() < n
          && r.status() != BatchStatus.CANCELED
          && (previous == null || r.sequence() > previous.sequence())) {
        previous = r;
      }
    }
    return previous;
  }

  private boolean ownedByLiveExecution(LedgerRecord n, Instant now) {
    String until = n.attribute(OWNER_EXPIRES_AT);
    return n.attribute(LedgerNames.OWNER) != null
        && (until == null || Instant.parse(until).isAfter(now));
  }

  private static boolean heldBy(LedgerRecord lock, long n, String owner) {
    return lock.status() == BatchStatus.EXECUTING
        && owner.equals(lock.attribute(LedgerNames.OWNER))
        && Long.toString(n).equals(lock.attribute(LedgerNames.HELD_BATCH));
  }

  private static boolean held(LedgerRecord lock, Instant now) {
    String until = lock.attribute(LedgerNames.EXPIRES_AT);
    return lock.status() == BatchStatus.EXECUTING
        && until != null
        && Instant.parse(until).isAfter(now);
  }

  private LedgerRecord setStage(long n, String stage, BatchStatus status) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      LedgerRecord b = batch(n);
      if (BatchStatus.parse(b.attribute(LedgerNames.stage(stage))) == status) {
        return b;
      }
      try {
        return ledger.update(b.withAttributes(Map.of(LedgerNames.stage(stage), status.name())));
      } catch (LedgerConflictException raced) {
        // re-read
      }
    }
    throw new LedgerConflictException("stage " + stage + " of " + n + " kept changing");
  }

  /** Frees the locks {@code owner} holds (only {@code stage}'s when given). */
  private void freeLocks(String owner, String onlyStage) {
    if (owner == null) {
      return;
    }
    for (String stage : STAGES) {
      if (onlyStage != null && !onlyStage.equals(stage)) {
        continue;
      }
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        LedgerRecord lock = ledger.get(BatchKind.LOCK, stage).orElse(null);
        if (lock == null
            || lock.status() != BatchStatus.EXECUTING
            || !owner.equals(lock.attribute(LedgerNames.OWNER))) {
          break;
        }
        LedgerRecord free = lock.withStatus(BatchStatus.INITIATED, clock.instant());
        for (String a :
            List.of(LedgerNames.OWNER, LedgerNames.HELD_BATCH, LedgerNames.EXPIRES_AT)) {
          free = Records.withoutAttribute(free, a);
        }
        try {
          ledger.update(free);
          break;
        } catch (LedgerConflictException raced) {
          // re-read
        }
      }
    }
  }

  /** Clears N's owner (only if it is {@code owner}, when given). */
  private LedgerRecord clearOwner(long n, String owner) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      LedgerRecord b = batch(n);
      String current = b.attribute(LedgerNames.OWNER);
      if (current == null || (owner != null && !owner.equals(current))) {
        return b;
      }
      try {
        return ledger.update(
            Records.withoutAttribute(
                Records.withoutAttribute(b, LedgerNames.OWNER), OWNER_EXPIRES_AT));
      } catch (LedgerConflictException raced) {
        // re-read
      }
    }
    throw new LedgerConflictException("owner of " + n + " kept changing");
  }

  private static void requireStage(String stage) {
    if (!STAGES.contains(stage)) {
      throw new BadRequestException("stage must be one of " + STAGES + ": " + stage);
    }
  }

  private static void requireOwner(String owner) {
    if (owner == null || owner.isBlank() || owner.length() > 2048) {
      throw new BadRequestException("owner (the execution id) is required");
    }
  }
}
