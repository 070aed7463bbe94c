package dev.recon.backlog;

import dev.recon.core.config.TenantConfig;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plans one stateless run: which pending input batches the reducer reads next.
 *
 * <p>Protocol (every step a conditional write, so planners may race):
 *
 * <ol>
 *   <li>Repair half-done work ({@link LedgerRepair}).
 *   <li>Pending inputs (INITIATED, read with {@link BatchLedger#listUnfinished}: the cost follows
 *       the backlog, not every input ever registered) in registration order: the INPUT record's
 *       sequence (numbered by {@link InputRegistry}; 0 for inputs registered before it numbered
 *       them, which come first, by creation time), then key. This is the total order of inputs: a
 *       plan lists its inputs in it, so (stateless batch, position in its plan) is the order in
 *       which inputs are applied, and among copies of one event the first in it wins ({@code
 *       DuplicateResolver}).
 *   <li>Allocate S with {@code nextSequence("stateless")} and create {@code STATELESS/seq(S)}
 *       INITIATED without an input list ("being planned"). If that id exists already (a stateful
 *       planner closed an unused number, see {@link StatefulPlanner}), take the next number.
 *   <li>Claim inputs oldest first: INITIATED → EXECUTING with {@code statelessBatch = S}, each
 *       conditional on the revision read. A claim lost to another planner is skipped (that planner
 *       has the input) and the next pending one is tried, so racing planners split the backlog and
 *       neither takes an input twice. Claiming stops at the first input the {@link PlanLimits} do
 *       not admit (in order, never skipping an earlier input for a smaller later one).
 *   <li>Finalize S with its input list ({@code \n}-separated), window (min start, max end) and
 *       estimates ({@code batches}, {@code bytes}, {@code events}). If nothing could be claimed, S
 *       is cancelled with a reason.
 * </ol>
 *
 * A planner that dies between steps leaves claims that {@link LedgerRepair} returns to pending, or
 * a plan it finishes; an input is never lost and never in two plans.
 */
public final class StatelessPlanner {
  private static final int ALLOCATION_ATTEMPTS = 8;

  private final BatchLedger ledger;
  private final Clock clock;
  private final LedgerRepair repair;
  private final TenantConfigs configs;

  public StatelessPlanner(BatchLedger ledger, Clock clock, LedgerRepair repair) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.configs = new TenantConfigs(ledger, clock);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.repair = Objects.requireNonNull(repair, "repair");
  }

  /** The outcome of one planning call. */
  public record Plan(
      boolean planned,
      long statelessBatch,
      List<String> inputs,
      Instant windowStart,
      Instant windowEnd,
      long bytes,
      long events,
      int pendingBefore,
      String reason) {
    public Plan {
      inputs = List.copyOf(inputs);
    }

    static Plan nothing(int pending, String reason) {
      return new Plan(false, 0, List.of(), null, null, 0, 0, pending, reason);
    }
  }

  /** Registration order of pending inputs (the total order of inputs). */
  static final Comparator<LedgerRecord> OLDEST_FIRST =
      Comparator.comparingLong(LedgerRecord::sequence)
          .thenComparing(LedgerRecord::createdAt)
          .thenComparing(LedgerRecord::id);

  /** Plans a run within {@code limits}, whatever the tenant's configuration says of them. */
  public Plan plan(PlanLimits limits) {
    Objects.requireNonNull(limits, "limits");
    return plan(config -> limits);
  }

  /**
   * Plans a run with the tenant's configuration: the current version, or the version a replayed
   * input is pinned to ({@link LedgerNames#CONFIG_VERSION} on its INPUT record). The run takes
   * inputs of one version only — the first pending input's — and stops at the first of another
   * (order is never broken), sized by {@code limitsOf} that version's values; the version is
   * recorded on the STATELESS record, so every stage of the batch applies it.
   */
  public Plan plan(java.util.function.Function<TenantConfig, PlanLimits> limitsOf) {
    Objects.requireNonNull(limitsOf, "limitsOf");
    repair.run();
    List<LedgerRecord> pending = pending(ledger);
    if (pending.isEmpty()) {
      return Plan.nothing(0, "no pending input batches");
    }
    long current = configs.current().version();
    long version = versionFor(pending.get(0), current);
    TenantConfigs.Version config =
        configs
            .version(version)
            .orElseThrow(
                () ->
                    new ReconException(
                        "input "
                            + pending.get(0).id()
                            + " is pinned to configuration version "
                            + version
                            + ", which does not exist"));
    PlanLimits limits = limitsOf.apply(config.config());
    LedgerRecord batch = allocate(version);
    long s = batch.sequence();
    List<LedgerRecord> claimed = new ArrayList<>();
    long bytes = 0;
    long events = 0;
    for (LedgerRecord candidate : pending) {
      long b = candidate.count(LedgerNames.BYTES);
      long e = candidate.count(LedgerNames.EVENTS);
      if (versionFor(candidate, current) != version) {
        break;
      }
      if (!limits.admits(claimed.size(), bytes, events, b, e)) {
        break;
      }
      try {
        claimed.add(
            ledger.update(
                candidate
                    .withStatus(BatchStatus.EXECUTING, clock.instant())
                    .withAttributes(Map.of(LedgerNames.STATELESS_BATCH, Long.toString(s)))));
        bytes += b;
        events += e;
      } catch (LedgerConflictException lost) {
        // Another planner claimed it (or it changed): it is in someone else's plan. Next one.
      }
    }
    Instant now = clock.instant();
    if (claimed.isEmpty()) {
      try {
        ledger.update(
            batch
                .withStatus(BatchStatus.CANCELED, now)
                .withAttributes(
                    Map.of(
                        BacklogNames.CANCEL_REASON,
                        "every pending input was claimed by another planner",
                        BacklogNames.FINISHED_AT,
                        now.toString())));
      } catch (LedgerConflictException ignored) {
        // Repair got there first; nothing of ours to undo.
      }
      return Plan.nothing(pending.size(), "every pending input was claimed by another planner");
    }
    LedgerRecord done;
    try {
      done = ledger.update(finalized(batch, claimed, now));
    } catch (LedgerConflictException e) {
      // Cancelled or finished by someone else meanwhile: give back what that version does not list.
      return afterLostFinalize(s, claimed, pending.size());
    }
    return describe(done, pending.size());
  }

  /** The finished plan: input list, window and estimates. */
  static LedgerRecord finalized(LedgerRecord batch, List<LedgerRecord> claimed, Instant now) {
    List<LedgerRecord> ordered = new ArrayList<>(claimed);
    ordered.sort(OLDEST_FIRST);
    Instant start = null;
    Instant end = null;
    long bytes = 0;
    long events = 0;
    for (LedgerRecord in : ordered) {
      Instant s = Instant.parse(in.attribute(LedgerNames.WINDOW_START));
      Instant e = Instant.parse(in.attribute(LedgerNames.WINDOW_END));
      start = start == null || s.isBefore(start) ? s : start;
      end = end == null || e.isAfter(end) ? e : end;
      bytes += in.count(LedgerNames.BYTES);
      events += in.count(LedgerNames.EVENTS);
    }
    Map<String, String> attributes = new HashMap<>();
    attributes.put(
        LedgerNames.INPUTS, InputLists.encode(ordered.stream().map(LedgerRecord::id).toList()));
    attributes.put(LedgerNames.WINDOW_START, start.toString());
    attributes.put(LedgerNames.WINDOW_END, end.toString());
    return batch
        .withStatus(BatchStatus.INITIATED, now)
        .withAttributes(attributes)
        .withCounts(
            Map.of(
                BacklogNames.BATCHES,
                (long) ordered.size(),
                LedgerNames.BYTES,
                bytes,
                LedgerNames.EVENTS,
                events));
  }

  private Plan afterLostFinalize(long s, List<LedgerRecord> claimed, int pendingBefore) {
    LedgerRecord now = ledger.get(BatchKind.STATELESS, Layout.seq(s)).orElse(null);
    for (LedgerRecord in : claimed) {
      if (LedgerRepair.fixFor(in, now) == LedgerRepair.Fix.RELEASE) {
        try {
          LedgerRepair.release(ledger, in, clock.instant());
        } catch (LedgerConflictException ignored) {
          // Changed meanwhile; repair will look again.
        }
      }
    }
    if (now != null && now.status() == BatchStatus.INITIATED && !LedgerRepair.isPlanning(now)) {
      return describe(now, pendingBefore);
    }
    return Plan.nothing(pendingBefore, "plan " + s + " was cancelled while it was being made");
  }

  static Plan describe(LedgerRecord s, int pendingBefore) {
    return new Plan(
        true,
        s.sequence(),
        InputLists.decode(s.attribute(LedgerNames.INPUTS)),
        Instant.parse(s.attribute(LedgerNames.WINDOW_START)),
        Instant.parse(s.attribute(LedgerNames.WINDOW_END)),
        s.count(LedgerNames.BYTES),
        s.count(LedgerNames.EVENTS),
        pendingBefore,
        null);
  }

  /** The configuration version an input is planned with: its pinned one, else the current one. */
  static long versionFor(LedgerRecord input, long current) {
    return input.attribute(LedgerNames.CONFIG_VERSION) == null
        ? current
        : TenantConfigs.versionOf(input);
  }

  /**
   * Allocates S and creates its record in the "being planned" state, with the configuration version
   * it is planned with (so a repair that finishes the plan keeps it).
   */
  private LedgerRecord allocate(long configVersion) {
    for (int attempt = 0; attempt < ALLOCATION_ATTEMPTS; attempt++) {
      long s = ledger.nextSequence(LedgerNames.COUNTER_STATELESS);
      LedgerRecord r =
          LedgerRecord.create(
                  BatchKind.STATELESS, Layout.seq(s), s, BatchStatus.INITIATED, clock.instant())
              .withAttributes(Map.of(LedgerNames.CONFIG_VERSION, Long.toString(configVersion)));
      try {
        return ledger.create(r);
      } catch (LedgerConflictException taken) {
        // The number was closed as unused by a stateful planner: take the next one.
      }
    }
    throw new ReconException(
        "could not allocate a stateless batch number in " + ALLOCATION_ATTEMPTS + " attempts");
  }

  /**
   * Pending (INITIATED) inputs, in registration order. Read from the ledger's unfinished records
   * only, never the history of finished inputs; a copy that is already stale (claimed by another
   * planner meanwhile) loses its conditional claim and is skipped.
   */
  static List<LedgerRecord> pending(BatchLedger ledger) {
    List<LedgerRecord> pending = new ArrayList<>();
    for (LedgerRecord r : ledger.listUnfinished(BatchKind.INPUT)) {
      if (r.status() == BatchStatus.INITIATED) {
        pending.add(r);
      }
    }
    pending.sort(OLDEST_FIRST);
    return pending;
  }
}
