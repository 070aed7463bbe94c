package dev.recon.backlog;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Brings the INPUT and STATELESS records back to a consistent state after a planner, a cancel or a
 * completion stopped half-way (a Lambda timeout, a crash). Every fix is a conditional write, so it
 * is safe to run while planners run; the planner runs it first.
 *
 * <ul>
 *   <li>A STATELESS record still being planned (INITIATED without {@code inputs}) for longer than
 *       the planning timeout is finished from the INPUT records that claimed it, or cancelled when
 *       none did.
 *   <li>An INPUT claimed (EXECUTING) by a stateless batch that is cancelled, missing, or finalized
 *       without listing it, goes back to pending: it will be planned again, never lost.
 *   <li>An INPUT still EXECUTING whose stateless batch succeeded and lists it becomes SUCCESS.
 * </ul>
 *
 * It reads the unfinished INPUT and STATELESS records ({@link BatchLedger#listUnfinished}) and the
 * stateless batch of each claim by id: its cost follows the work in flight, not the history. That
 * index may return a stale copy; every fix is conditional on the revision read, and a decision to
 * release is only taken on a consistent read or on a finalized plan (whose input list never
 * changes).
 */
public final class LedgerRepair {
  /** Longer than a Lambda can run (15 min), so a live planner is never overtaken. */
  public static final Duration PLANNING_TIMEOUT_DEFAULT = Duration.ofMinutes(16);

  private final BatchLedger ledger;
  private final Clock clock;
  private final Duration planningTimeout;

  public LedgerRepair(BatchLedger ledger, Clock clock, Duration planningTimeout) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.planningTimeout = Objects.requireNonNull(planningTimeout, "planningTimeout");
  }

  /** What one repair pass changed. */
  public record Report(
      List<String> finishedPlans,
      List<String> cancelledPlans,
      List<String> releasedInputs,
      List<String> completedInputs) {
    public boolean nothing() {
      return finishedPlans.isEmpty()
          && cancelledPlans.isEmpty()
          && releasedInputs.isEmpty()
          && completedInputs.isEmpty();
    }
  }

  public Report run() {
    List<String> finished = new ArrayList<>();
    List<String> cancelled = new ArrayList<>();
    List<String> released = new ArrayList<>();
    List<String> completed = new ArrayList<>();
    // Unfinished records only: claims (EXECUTING inputs) and plans still open. The stateless batch
    // of a claim that is finished (SUCCESS, CANCELED) is read by id below.
    List<LedgerRecord> inputs = ledger.listUnfinished(BatchKind.INPUT);
    Map<String, List<LedgerRecord>> claimers = new HashMap<>();
    for (LedgerRecord in : inputs) {
      if (in.status() == BatchStatus.EXECUTING) {
        // Keyed by the STATELESS record id (seq(S)); an unparseable claim maps to "" (no such
        // batch).
        claimers.computeIfAbsent(statelessId(in), k -> new ArrayList<>()).add(in);
      }
    }
    Instant now = clock.instant();
    Map<String, LedgerRecord> stateless = new HashMap<>();
    for (LedgerRecord s : ledger.listUnfinished(BatchKind.STATELESS)) {
      if (isPlanning(s) && s.updatedAt().plus(planningTimeout).isBefore(now)) {
        try {
          List<LedgerRecord> mine = claimers.getOrDefault(s.id(), List.of());
          s = mine.isEmpty() ? cancelAbandoned(s, now) : finishPlan(s, mine, now);
          (mine.isEmpty() ? cancelled : finished).add(s.id());
        } catch (LedgerConflictException e) {
          s = ledger.get(BatchKind.STATELESS, s.id()).orElse(s);
        }
      }
      stateless.put(s.id(), s);
    }
    for (Map.Entry<String, List<LedgerRecord>> e : claimers.entrySet()) {
      LedgerRecord s =
          stateless.containsKey(e.getKey()) || e.getKey().isEmpty()
              ? stateless.get(e.getKey())
              : ledger.get(BatchKind.STATELESS, e.getKey()).orElse(null);
      for (LedgerRecord in : e.getValue()) {
        Fix fix = fixFor(in, s);
        try {
          if (fix == Fix.RELEASE) {
            release(ledger, in, now);
            released.add(in.id());
          } else if (fix == Fix.COMPLETE) {
            ledger.update(in.withStatus(BatchStatus.SUCCESS, now));
            completed.add(in.id());
          }
        } catch (LedgerConflictException ignored) {
          // Someone changed it meanwhile; the next pass sees the new state.
        }
      }
    }
    return new Report(finished, cancelled, released, completed);
  }

  enum Fix {
    NONE,
    RELEASE,
    COMPLETE
  }

  /**
   * Pure decision for one claimed (EXECUTING) input given its stateless batch (null if missing).
   */
  static Fix fixFor(LedgerRecord input, LedgerRecord stateless) {
    if (stateless == null || stateless.status() == BatchStatus.CANCELED) {
      return Fix.RELEASE;
    }
    if (isPlanning(stateless)) {
      return Fix.NONE;
    }
    boolean listed =
        InputLists.decode(stateless.attribute(LedgerNames.INPUTS)).contains(input.id());
    if (!listed) {
      return Fix.RELEASE;
    }
    return stateless.status() == BatchStatus.SUCCESS ? Fix.COMPLETE : Fix.NONE;
  }

  /** The id of the STATELESS record an input claims, "" if the claim is missing or malformed. */
  static String statelessId(LedgerRecord input) {
    String s = input.attribute(LedgerNames.STATELESS_BATCH);
    try {
      return s == null ? "" : dev.recon.core.layout.Layout.seq(Long.parseLong(s));
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** A STATELESS record whose planner has not yet written its input list. */
  static boolean isPlanning(LedgerRecord s) {
    return s.status() == BatchStatus.INITIATED && s.attribute(LedgerNames.INPUTS) == null;
  }

  /** Returns a claimed input to pending (INITIATED, no stateless batch). */
  static LedgerRecord release(BatchLedger ledger, LedgerRecord input, Instant now) {
    return ledger.update(
        Records.withoutAttribute(input, LedgerNames.STATELESS_BATCH)
            .withStatus(BatchStatus.INITIATED, now));
  }

  private LedgerRecord cancelAbandoned(LedgerRecord s, Instant now) {
    return ledger.update(
        s.withStatus(BatchStatus.CANCELED, now)
            .withAttributes(
                Map.of(
                    BacklogNames.CANCEL_REASON,
                    "plan abandoned before any input was claimed",
                    BacklogNames.FINISHED_AT,
                    now.toString())));
  }

  private LedgerRecord finishPlan(LedgerRecord s, List<LedgerRecord> claimed, Instant now) {
    return ledger.update(StatelessPlanner.finalized(s, claimed, now));
  }
}
