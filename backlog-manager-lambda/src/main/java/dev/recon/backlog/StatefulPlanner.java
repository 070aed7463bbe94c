package dev.recon.backlog;

import dev.recon.core.config.TenantConfigs;
import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.layout.Layout;
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
import java.util.Objects;
import java.util.TreeMap;

/**
 * Plans the next stateful batch N: the next run of consecutive SUCCESS stateless batches.
 *
 * <p>Rules, walking stateless batches upwards from the one after the last taken:
 *
 * <ul>
 *   <li>SUCCESS: taken, up to the {@link StatefulLimits}, while it names the configuration version
 *       of the run's first ({@link LedgerNames#CONFIG_VERSION}): a stateful batch runs with one
 *       version, the one its stateless batches were planned with, recorded on its record;
 *   <li>CANCELED: never applied. Before a run starts it is stepped over; after, it ends the run, so
 *       a range {@code statelessFrom..statelessTo} only ever holds SUCCESS batches (the prefetcher
 *       requires every manifest in the range);
 *   <li>anything else (being planned, INITIATED, EXECUTING, FAILURE): the walk stops and waits. A
 *       FAILURE is never skipped: it must be rerun to SUCCESS, or cancelled (its inputs then go to
 *       a later stateless batch);
 *   <li>a missing number below the highest allocated one (a stateless planner died between
 *       allocating and creating it) is closed as CANCELED with a conditional create, so it cannot
 *       hold the line forever; a planner that was merely slow loses that create and takes another
 *       number.
 * </ul>
 *
 * <p>N is gap-free: {@code N = highest existing N + 1}, created conditionally ({@code
 * STATEFUL/seq(N)} must not exist). The ledger's {@code stateful} counter is deliberately not used:
 * a number taken from a counter and lost to a crash before its record is written would leave a hole
 * in a sequence the stateful stages walk strictly in order. Two racing planners compute the same N
 * and the same range; one create wins, the other re-reads and plans the following range. The
 * STATEFUL records' ranges are the truth of what is taken; the {@code statefulBatch} attribute on
 * each STATELESS record is a back-reference written afterwards and repaired here if a planner died
 * in between.
 *
 * <p>{@code windowEnd} (the batch's asOf) is the latest window end of its stateless batches, and
 * never earlier than the previous stateful batch's, so asOf only moves forward.
 */
public final class StatefulPlanner {
  private static final int ATTEMPTS = 5;

  private final BatchLedger ledger;
  private final Clock clock;

  public StatefulPlanner(BatchLedger ledger, Clock clock) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The outcome of one planning call. */
  public record Plan(
      boolean planned,
      long statefulBatch,
      long statelessFrom,
      long statelessTo,
      Instant windowEnd,
      long events,
      String reason) {
    static Plan nothing(String reason) {
      return new Plan(false, 0, 0, 0, null, 0, reason);
    }
  }

  public Plan plan(StatefulLimits limits) {
    Objects.requireNonNull(limits, "limits");
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      TreeMap<Long, LedgerRecord> stateless = bySequence(ledger.list(BatchKind.STATELESS));
      TreeMap<Long, LedgerRecord> stateful = bySequence(ledger.list(BatchKind.STATEFUL));
      repairBackReferences(stateless, stateful);
      long takenThrough = 0;
      Instant lastWindowEnd = null;
      for (LedgerRecord n : stateful.values()) {
        if (n.status() != BatchStatus.CANCELED) {
          takenThrough =
              Math.max(takenThrough, Long.parseLong(n.attribute(LedgerNames.STATELESS_TO)));
          Instant w = Instant.parse(n.attribute(LedgerNames.WINDOW_END));
          lastWindowEnd = lastWindowEnd == null || w.isAfter(lastWindowEnd) ? w : lastWindowEnd;
        }
      }
      long highest = stateless.isEmpty() ? 0 : stateless.lastKey();
      List<LedgerRecord> run = new ArrayList<>();
      long events = 0;
      String waiting = null;
      for (long s = takenThrough + 1; s <= highest; s++) {
        LedgerRecord r = stateless.get(s);
        if (r == null) {
          r = closeUnused(s);
        }
        if (r.status() == BatchStatus.CANCELED) {
          if (run.isEmpty()) {
            continue;
          }
          break;
        }
        if (r.status() != BatchStatus.SUCCESS) {
          waiting =
              "waiting for stateless batch "
                  + s
                  + " ("
                  + (LedgerRepair.isPlanning(r) ? "being planned" : r.status())
                  + ")";
          break;
        }
        long e = r.count(LedgerNames.ACCEPTED);
        if (!run.isEmpty()
            && (run.size() >= limits.maxStatelessBatches()
                || events + e > limits.maxEvents()
                || TenantConfigs.versionOf(r) != TenantConfigs.versionOf(run.get(0)))) {
          break;
        }
        run.add(r);
        events += e;
      }
      if (run.isEmpty()) {
        return Plan.nothing(waiting != null ? waiting : "no new successful stateless batch");
      }
      long n = stateful.isEmpty() ? 1 : stateful.lastKey() + 1;
      Instant windowEnd = lastWindowEnd;
      for (LedgerRecord r : run) {
        Instant w = Instant.parse(r.attribute(LedgerNames.WINDOW_END));
        windowEnd = windowEnd == null || w.isAfter(windowEnd) ? w : windowEnd;
      }
      long from = run.get(0).sequence();
      long to = run.get(run.size() - 1).sequence();
      Instant now = clock.instant();
      LedgerRecord record =
          LedgerRecord.create(BatchKind.STATEFUL, Layout.seq(n), n, BatchStatus.INITIATED, now)
              .withAttributes(
                  Map.of(
                      LedgerNames.STATELESS_FROM, Long.toString(from),
                      LedgerNames.STATELESS_TO, Long.toString(to),
                      LedgerNames.WINDOW_END, windowEnd.toString(),
                      LedgerNames.CONFIG_VERSION,
                          Long.toString(TenantConfigs.versionOf(run.get(0)))))
              .withCounts(
                  Map.of(BacklogNames.BATCHES, (long) run.size(), LedgerNames.EVENTS, events));
      try {
        ledger.create(record);
      } catch (LedgerConflictException raced) {
        continue; // another planner created N: re-read and plan the next range
      }
      for (LedgerRecord r : run) {
        setBackReference(r, n);
      }
      return new Plan(true, n, from, to, windowEnd, events, null);
    }
    return Plan.nothing("lost " + ATTEMPTS + " races in a row; try again");
  }

  /**
   * Closes a stateless number that was allocated but never created, or returns what is there now.
   */
  private LedgerRecord closeUnused(long s) {
    Instant now = clock.instant();
    LedgerRecord tomb =
        LedgerRecord.create(BatchKind.STATELESS, Layout.seq(s), s, BatchStatus.CANCELED, now)
            .withAttributes(
                Map.of(
                    BacklogNames.CANCEL_REASON,
                    "sequence number allocated but never planned",
                    BacklogNames.FINISHED_AT,
                    now.toString()));
    try {
      return ledger.create(tomb);
    } catch (LedgerConflictException exists) {
      return ledger.get(BatchKind.STATELESS, Layout.seq(s)).orElseThrow();
    }
  }

  private void repairBackReferences(
      TreeMap<Long, LedgerRecord> stateless, TreeMap<Long, LedgerRecord> stateful) {
    for (LedgerRecord n : stateful.values()) {
      if (n.status() == BatchStatus.CANCELED) {
        continue;
      }
      long from = Long.parseLong(n.attribute(LedgerNames.STATELESS_FROM));
      long to = Long.parseLong(n.attribute(LedgerNames.STATELESS_TO));
      for (LedgerRecord s : stateless.subMap(from, true, to, true).values()) {
        if (s.status() == BatchStatus.SUCCESS && s.attribute(LedgerNames.STATEFUL_BATCH) == null) {
          setBackReference(s, n.sequence());
        }
      }
    }
  }

  private void setBackReference(LedgerRecord s, long n) {
    LedgerRecord current = s;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (Long.toString(n).equals(current.attribute(LedgerNames.STATEFUL_BATCH))) {
        return;
      }
      try {
        ledger.update(current.withAttributes(Map.of(LedgerNames.STATEFUL_BATCH, Long.toString(n))));
        return;
      } catch (LedgerConflictException e) {
        current = ledger.get(BatchKind.STATELESS, s.id()).orElseThrow();
      }
    }
    // Best effort: the STATEFUL record's range is the truth, the next plan repairs this.
  }

  static TreeMap<Long, LedgerRecord> bySequence(List<LedgerRecord> records) {
    TreeMap<Long, LedgerRecord> out = new TreeMap<>();
    for (LedgerRecord r : records) {
      out.put(r.sequence(), r);
    }
    return out;
  }
}
