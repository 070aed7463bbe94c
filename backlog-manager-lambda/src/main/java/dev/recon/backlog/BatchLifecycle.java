package dev.recon.backlog;

import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.cost.CostModel;
import dev.recon.core.cost.PriceTable;
import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Status transitions of stateless and stateful batches, with timings and counts, and get/cancel.
 *
 * <pre>
 * STATELESS  INITIATED ─start─► EXECUTING ─complete─► SUCCESS
 *                 │   ▲            │  ─fail─► FAILURE ─start─► EXECUTING (a rerun)
 *                 └───┴─cancel─────┴──────────┴──► CANCELED (inputs back to pending)
 * STATEFUL   the same, except cancel: only the newest batch, still INITIATED (see {@link #cancel})
 * </pre>
 *
 * <ul>
 *   <li>{@code start} stamps {@code startedAt} and counts {@code attempts}; on a batch already
 *       EXECUTING or SUCCESS it changes nothing (a retried call is harmless; the caller reads the
 *       status to skip work already done); on CANCELED it throws {@link BatchCanceledException}.
 *   <li>{@code complete} of a stateless batch takes its counts from the reducer's manifest, after
 *       checking it names the planned inputs and accounts for every line ({@code read = accepted +
 *       duplicates + quarantined}), and copies its per-source latest event times (attribute {@code
 *       sources}, what watermarks are made of); then its inputs become SUCCESS. The manifest being
 *       the truth, a batch recorded as FAILURE (say, a timed-out call) whose manifest is complete
 *       can still be completed. A stateful batch takes the counts given.
 *   <li>{@code fail} records FAILURE with the error, never over SUCCESS or CANCELED. A FAILURE is
 *       not skipped by anyone: later batches wait until it is rerun or cancelled.
 *   <li>{@code complete} and {@code fail} also record the batch's estimated dollars ({@link
 *       dev.recon.core.cost.BatchCost} attributes {@code cost.*}), priced from the stage metrics on
 *       the record at that moment, in the same conditional write: the figure is fixed when the
 *       batch finishes, with the price table in force then, and never re-priced on read.
 * </ul>
 *
 * Every write is conditional on the revision read; a lost race re-reads and re-decides.
 */
public final class BatchLifecycle {
  private static final int ATTEMPTS = 5;

  /** Longest error text kept in the ledger (DynamoDB items are limited to 400 KB). */
  static final int MAX_ERROR_CHARS = 2000;

  private final BatchLedger ledger;
  private final ObjectStore store;
  private final Clock clock;
  private final CostModel costs;

  public BatchLifecycle(BatchLedger ledger, ObjectStore store, Clock clock) {
    this(ledger, store, clock, new CostModel(PriceTable.BUNDLED));
  }

  public BatchLifecycle(BatchLedger ledger, ObjectStore store, Clock clock, CostModel costs) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.costs = Objects.requireNonNull(costs, "costs");
  }

  /** {@code next} with its estimated cost, priced from the usage it records. */
  private LedgerRecord priced(LedgerRecord next) {
    return next.withAttributes(costs.estimate(next).toAttributes());
  }

  public LedgerRecord get(BatchKind kind, String id) {
    return ledger
        .get(kind, id)
        .orElseThrow(() -> new BatchNotFoundException("no " + kind + " batch " + id));
  }

  public LedgerRecord get(BatchKind kind, long sequence) {
    return get(kind, Layout.seq(sequence));
  }

  public LedgerRecord start(BatchKind kind, long sequence) {
    requireBatchKind(kind);
    return transition(
        kind,
        sequence,
        current -> {
          switch (current.status()) {
            case EXECUTING, SUCCESS -> {
              return null;
            }
            case CANCELED -> throw canceled(current);
            default -> {}
          }
          if (kind == BatchKind.STATELESS && LedgerRepair.isPlanning(current)) {
            throw new IllegalBatchTransitionException(
                "stateless batch " + sequence + " is still being planned");
          }
          Instant now = clock.instant();
          return current
              .withStatus(BatchStatus.EXECUTING, now)
              .withAttributes(Map.of(BacklogNames.STARTED_AT, now.toString()))
              .withCounts(Map.of(BacklogNames.ATTEMPTS, current.count(BacklogNames.ATTEMPTS) + 1));
        });
  }

  /**
   * Marks the batch SUCCESS. For a stateless batch {@code counts} is ignored: the manifest's counts
   * are recorded.
   */
  public LedgerRecord complete(BatchKind kind, long sequence, Map<String, Long> counts) {
    requireBatchKind(kind);
    StatelessManifest manifest = null;
    if (kind == BatchKind.STATELESS) {
      manifest = manifest(sequence);
    }
    StatelessManifest m = manifest;
    LedgerRecord done =
        transition(
            kind,
            sequence,
            current -> {
              if (current.status() == BatchStatus.SUCCESS) {
                return null;
              }
              if (current.status() == BatchStatus.CANCELED) {
                throw canceled(current);
              }
              Map<String, Long> recorded = new HashMap<>(counts == null ? Map.of() : counts);
              if (m != null) {
                checkManifest(current, m);
                recorded = new HashMap<>(m.counts());
              }
              Instant now = clock.instant();
              Instant started = Records.instant(current, BacklogNames.STARTED_AT);
              if (started != null) {
                recorded.put(BacklogNames.DURATION_MS, Duration.between(started, now).toMillis());
              }
              Map<String, String> attributes =
                  new HashMap<>(Map.of(BacklogNames.FINISHED_AT, now.toString()));
              if (m != null && !m.sources().isEmpty()) {
                // Per-source latest event times: completeness builds watermarks from the ledger
                // alone.
                attributes.put(LedgerNames.SOURCES, m.sources().encode());
              }
              return priced(
                  current
                      .withStatus(BatchStatus.SUCCESS, now)
                      .withAttributes(attributes)
                      .withCounts(recorded));
            });
    if (kind == BatchKind.STATELESS) {
      completeInputs(done);
    }
    return done;
  }

  public LedgerRecord fail(BatchKind kind, long sequence, String error) {
    requireBatchKind(kind);
    String text = error == null || error.isBlank() ? "unknown error" : error;
    String clipped =
        text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "…" : text;
    return transition(
        kind,
        sequence,
        current -> {
          if (current.status() == BatchStatus.SUCCESS || current.status() == BatchStatus.CANCELED) {
            return null;
          }
          Instant now = clock.instant();
          Map<String, Long> counts = new HashMap<>();
          Instant started = Records.instant(current, BacklogNames.STARTED_AT);
          if (started != null) {
            counts.put(BacklogNames.DURATION_MS, Duration.between(started, now).toMillis());
          }
          return priced(
              current
                  .withStatus(BatchStatus.FAILURE, now)
                  .withAttributes(
                      Map.of(LedgerNames.ERROR, clipped, BacklogNames.FINISHED_AT, now.toString()))
                  .withCounts(counts));
        });
  }

  /**
   * Cancels a batch so it is not processed.
   *
   * <p>Stateless: allowed unless SUCCESS (its events may already be applied). Its inputs go back to
   * pending and will be planned again; nothing is lost. If the reducer is running it may still
   * write its output, but the batch stays CANCELED ({@code complete} refuses) and no stateful batch
   * ever takes it.
   *
   * <p>Stateful: only the newest stateful batch, and only while INITIATED with no stage started,
   * because the stateful stages walk N strictly in order; its stateless batches become free for the
   * next stateful plan. The stateful stages must treat a CANCELED N as a no-op.
   */
  public LedgerRecord cancel(BatchKind kind, long sequence, String reason) {
    requireBatchKind(kind);
    String why = reason == null || reason.isBlank() ? "cancelled on request" : reason;
    if (kind == BatchKind.STATEFUL) {
      return cancelStateful(sequence, why);
    }
    LedgerRecord done =
        transition(
            kind,
            sequence,
            current -> {
              if (current.status() == BatchStatus.CANCELED) {
                return null;
              }
              if (current.status() == BatchStatus.SUCCESS) {
                throw new IllegalBatchTransitionException(
                    "stateless batch "
                        + sequence
                        + " succeeded; a successful batch cannot be cancelled");
              }
              Instant now = clock.instant();
              return current
                  .withStatus(BatchStatus.CANCELED, now)
                  .withAttributes(
                      Map.of(
                          BacklogNames.CANCEL_REASON,
                          why,
                          BacklogNames.FINISHED_AT,
                          now.toString()));
            });
    releaseInputs(sequence);
    return done;
  }

  private LedgerRecord cancelStateful(long n, String why) {
    List<LedgerRecord> all = ledger.list(BatchKind.STATEFUL);
    long highest = all.stream().mapToLong(LedgerRecord::sequence).max().orElse(0);
    LedgerRecord done =
        transition(
            BatchKind.STATEFUL,
            n,
            current -> {
              if (current.status() == BatchStatus.CANCELED) {
                return null;
              }
              boolean started =
                  current.attributes().keySet().stream()
                          .anyMatch(k -> k.startsWith(LedgerNames.STAGE_PREFIX))
                      || current.attribute(LedgerNames.INDEXED_THROUGH) != null;
              if (current.status() != BatchStatus.INITIATED || started || n != highest) {
                throw new IllegalBatchTransitionException(
                    "stateful batch "
                        + n
                        + " cannot be cancelled: only the newest "
                        + "stateful batch ("
                        + highest
                        + "), still INITIATED with no stage started, can be; this one is "
                        + current.status()
                        + (started ? " and a stage has started" : ""));
              }
              Instant now = clock.instant();
              return current
                  .withStatus(BatchStatus.CANCELED, now)
                  .withAttributes(
                      Map.of(
                          BacklogNames.CANCEL_REASON,
                          why,
                          BacklogNames.FINISHED_AT,
                          now.toString()));
            });
    long from = Long.parseLong(done.attribute(LedgerNames.STATELESS_FROM));
    long to = Long.parseLong(done.attribute(LedgerNames.STATELESS_TO));
    for (long s = from; s <= to; s++) {
      clearBackReference(s, n);
    }
    return done;
  }

  // ------------------------------------------------------------------ helpers

  /** Reads, decides (null = leave as is), writes conditionally; re-reads on a lost race. */
  private LedgerRecord transition(
      BatchKind kind,
      long sequence,
      java.util.function.Function<LedgerRecord, LedgerRecord> decide) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      LedgerRecord current = get(kind, sequence);
      LedgerRecord next = decide.apply(current);
      if (next == null) {
        return current;
      }
      try {
        return ledger.update(next);
      } catch (LedgerConflictException raced) {
        // Someone else changed it: decide again on what is stored now.
      }
    }
    throw new LedgerConflictException(
        kind + " batch " + sequence + " kept changing under " + ATTEMPTS + " attempts");
  }

  private StatelessManifest manifest(long sequence) {
    try {
      return StatelessManifest.decode(store.get(Layout.statelessManifest(sequence)));
    } catch (ObjectNotFoundException e) {
      throw new ManifestMismatchException(
          "stateless batch "
              + sequence
              + " has no manifest ("
              + Layout.statelessManifest(sequence)
              + "): the reducer did not finish");
    } catch (IllegalArgumentException e) {
      throw new ManifestMismatchException(
          "stateless batch " + sequence + ": unreadable manifest: " + e.getMessage());
    }
  }

  private static void checkManifest(LedgerRecord batch, StatelessManifest m) {
    if (m.statelessBatch() != batch.sequence()) {
      throw new ManifestMismatchException(
          "manifest of batch " + m.statelessBatch() + " found for " + batch.sequence());
    }
    // The same inputs in the same order: the plan's order decides which copy of an event is first.
    List<String> planned = InputLists.decode(batch.attribute(LedgerNames.INPUTS));
    if (!planned.equals(m.inputKeys())) {
      throw new ManifestMismatchException(
          "stateless batch "
              + batch.sequence()
              + " was planned over "
              + planned
              + " but its manifest covers "
              + m.inputKeys());
    }
    if (!m.balanced()) {
      throw new ManifestMismatchException(
          "stateless batch "
              + batch.sequence()
              + " does not account for every line: "
              + m.counts());
    }
  }

  private void completeInputs(LedgerRecord batch) {
    String s = Long.toString(batch.sequence());
    for (String key : InputLists.decode(batch.attribute(LedgerNames.INPUTS))) {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        LedgerRecord in = ledger.get(BatchKind.INPUT, key).orElse(null);
        if (in == null
            || in.status() == BatchStatus.SUCCESS
            || !s.equals(in.attribute(LedgerNames.STATELESS_BATCH))) {
          break;
        }
        try {
          ledger.update(in.withStatus(BatchStatus.SUCCESS, clock.instant()));
          break;
        } catch (LedgerConflictException raced) {
          // re-read
        }
      }
    }
  }

  /** Every input claimed by stateless batch {@code s} goes back to pending. */
  private void releaseInputs(long s) {
    String id = Long.toString(s);
    for (LedgerRecord in : ledger.listUnfinished(BatchKind.INPUT)) {
      if (in.status() != BatchStatus.EXECUTING
          || !id.equals(in.attribute(LedgerNames.STATELESS_BATCH))) {
        continue;
      }
      try {
        LedgerRepair.release(ledger, in, clock.instant());
      } catch (LedgerConflictException raced) {
        // Changed meanwhile; LedgerRepair releases any straggler of a cancelled batch.
      }
    }
  }

  private void clearBackReference(long s, long n) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      LedgerRecord r = ledger.get(BatchKind.STATELESS, Layout.seq(s)).orElse(null);
      if (r == null || !Long.toString(n).equals(r.attribute(LedgerNames.STATEFUL_BATCH))) {
        return;
      }
      try {
        ledger.update(Records.withoutAttribute(r, LedgerNames.STATEFUL_BATCH));
        return;
      } catch (LedgerConflictException raced) {
        // re-read
      }
    }
  }

  private static void requireBatchKind(BatchKind kind) {
    if (kind != BatchKind.STATELESS && kind != BatchKind.STATEFUL) {
      throw new IllegalBatchTransitionException(
          kind
              + " records have no lifecycle here: input batches are "
              + "registered and planned, cancel the stateless batch that planned one to return it to pending");
    }
  }

  private static BatchCanceledException canceled(LedgerRecord r) {
    return new BatchCanceledException(
        r.kind()
            + " batch "
            + r.sequence()
            + " was cancelled ("
            + r.attribute(BacklogNames.CANCEL_REASON)
            + "); it is not processed");
  }
}
