package dev.recon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Who runs a local execution, and what to do when that process died (SIGKILL, power loss).
 *
 * <p>On AWS an execution stopped from outside never runs its Catch: its stateful batch and stage
 * locks stay held until their lease ({@code StageLocks.LEASE_DEFAULT}, 12 h) runs out, which is
 * right when nobody can tell whether the owner still runs. Locally we can tell: every local
 * execution is named {@code local-<pid>-<process start millis>-<uuid>}, so its owner (the execution
 * ARN) names a process, and a later process checks whether that process still exists (same pid
 * <em>and</em> same start time, so a reused pid is not mistaken for the owner).
 *
 * <p>{@link #releaseDead} then, before a local run:
 *
 * <ul>
 *   <li>ends the lease of a STATEFUL batch owned by a dead local execution (its {@code
 *       ownerExpiresAt} set to the past): the next execution takes the batch over and resumes it,
 *       stages already SUCCESS are skipped, Spark jobs rerun idempotently;
 *   <li>ends the lease of a stage LOCK held by a dead local execution ({@code expiresAt} in the
 *       past);
 *   <li>cancels a STATELESS batch a dead local execution planned and never finished (INITIATED or
 *       EXECUTING with {@value #STATELESS_OWNER}): its inputs go back to pending and are planned
 *       again; the stateful planner steps over a cancelled stateless batch.
 * </ul>
 *
 * Owners that are not local (AWS execution ARNs) are never touched: they keep AWS semantics. Every
 * write is conditional on the revision read; a lost race is left for the next run.
 */
public final class LocalOwners {
  /** Attribute a local run puts on the STATELESS batch it planned (AWS batches never carry it). */
  public static final String STATELESS_OWNER = "localOwner";

  private static final String PREFIX = "local-";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalOwners() {}

  /** A fresh execution name naming this process. */
  public static String executionName() {
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return PREFIX + self.pid() + "-" + started + "-" + UUID.randomUUID();
  }

  /** True only for a local owner whose process is gone (an AWS owner is never dead to us). */
  public static boolean isDeadLocalOwner(String owner) {
    if (owner == null) {
      return false;
    }
    String name = owner.substring(owner.lastIndexOf(':') + 1);
    if (!name.startsWith(PREFIX)) {
      return false;
    }
    String[] parts = name.substring(PREFIX.length()).split("-", 3);
    if (parts.length < 3) {
      return false;
    }
    long pid;
    long started;
    try {
      pid = Long.parseLong(parts[0]);
      started = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      return true;
    }
    Optional<Instant> actual = p.get().info().startInstant();
    return started != 0
        && actual.isPresent()
        && actual.get().toEpochMilli() != started; // a reused pid
  }

  /** What {@link #releaseDead} did, for the run's progress lines. */
  public record Released(
      List<String> statefulBatches, List<String> locks, List<String> statelessBatches) {
    public boolean any() {
      return !statefulBatches.isEmpty() || !locks.isEmpty() || !statelessBatches.isEmpty();
    }
  }

  /**
   * Releases what dead local executions hold.
   *
   * @param backlog calls the backlog manager (for the cancel of a stateless batch, through its
   *     normal transition)
   */
  public static Released releaseDead(
      BatchLedger ledger, Clock clock, Function<JsonNode, JsonNode> backlog) {
    String past = clock.instant().minusSeconds(1).toString();
    List<String> stateful = new ArrayList<>();
    for (LedgerRecord r : ledger.list(BatchKind.STATEFUL)) {
      if (r.status() != BatchStatus.SUCCESS
          && r.status() != BatchStatus.CANCELED
          && isDeadLocalOwner(r.attribute(LedgerNames.OWNER))
          && tryUpdate(ledger, r.withAttributes(Map.of("ownerExpiresAt", past)))) {
        stateful.add(r.id());
      }
    }
    List<String> locks = new ArrayList<>();
    for (LedgerRecord r : ledger.list(BatchKind.LOCK)) {
      if (r.status() == BatchStatus.EXECUTING
          && isDeadLocalOwner(r.attribute(LedgerNames.OWNER))
          && tryUpdate(ledger, r.withAttributes(Map.of(LedgerNames.EXPIRES_AT, past)))) {
        locks.add(r.id());
      }
    }
    List<String> stateless = new ArrayList<>();
    for (LedgerRecord r : ledger.list(BatchKind.STATELESS)) {
      if ((r.status() == BatchStatus.INITIATED || r.status() == BatchStatus.EXECUTING)
          && isDeadLocalOwner(r.attribute(STATELESS_OWNER))) {
        backlog.apply(
            JSON.createObjectNode()
                .put("action", "cancel")
                .put("kind", "STATELESS")
                .put("batch", r.sequence())
                .put("reason", "the local run " + r.attribute(STATELESS_OWNER) + " died"));
        stateless.add(r.id());
      }
    }
    return new Released(stateful, locks, stateless);
  }

  /** Marks the STATELESS batch a local execution planned with that execution. */
  static void markStateless(BatchLedger ledger, long batch, String owner) {
    for (int attempt = 0; attempt < 8; attempt++) {
      Optional<LedgerRecord> r =
          ledger.get(BatchKind.STATELESS, dev.recon.core.layout.Layout.seq(batch));
      if (r.isEmpty() || owner.equals(r.get().attribute(STATELESS_OWNER))) {
        return;
      }
      if (tryUpdate(ledger, r.get().withAttributes(Map.of(STATELESS_OWNER, owner)))) {
        return;
      }
    }
    throw new LedgerConflictException("STATELESS " + batch + " kept changing");
  }

  private static boolean tryUpdate(BatchLedger ledger, LedgerRecord next) {
    try {
      ledger.update(next);
      return true;
    } catch (LedgerConflictException raced) {
      return false;
    }
  }
}
