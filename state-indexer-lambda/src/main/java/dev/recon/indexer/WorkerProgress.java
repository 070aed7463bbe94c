package dev.recon.indexer;

import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each worker's progress, kept as attributes and counts of batch N's STATEFUL ledger record, and
 * the pure transitions between its states. Why the ledger: an asynchronous Lambda invocation
 * returns nothing to its caller, so workers report where the coordinator (and operators) can read
 * it.
 *
 * <pre>
 * attributes  index.workers = W, index.partFilesPerWorker = P, index.error = …
 *             index.worker.00003.status  = INITIATED | EXECUTING | SUCCESS | FAILURE
 *             index.worker.00003.attempt = 2
 *             index.worker.00003.since   = when attempt 2 was invoked, then when it started (ISO-8601)
 *             index.worker.00003.error   = last failure
 * counts      index.worker.00003.partsDone, .artifacts, .written, .notNewer, .cached, .cacheErrors
 * </pre>
 *
 * <p>Rules that make re-invocation safe: SUCCESS is final, whichever attempt reports it (the work
 * is idempotent, so any finished attempt did all of it); only the current attempt may start, report
 * progress or fail, so a slow attempt that was given up on cannot overwrite its successor's state.
 */
public final class WorkerProgress {
  public static final String WORKERS = "index.workers";
  public static final String PART_FILES_PER_WORKER = "index.partFilesPerWorker";
  public static final String ERROR = "index.error";
  public static final String PARTS_DONE = "partsDone";
  static final String STATUS = "status";
  static final String ATTEMPT = "attempt";
  static final String SINCE = "since";
  static final String WORKER_ERROR = "error";

  private WorkerProgress() {}

  /** One worker's state as recorded. */
  public record State(BatchStatus status, int attempt, Instant since, long partsDone) {}

  public static String prefix(int worker) {
    return String.format("index.worker.%05d.", worker);
  }

  public static Optional<State> state(LedgerRecord r, int worker) {
    String p = prefix(worker);
    String status = r.attribute(p + STATUS);
    if (status == null || status.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new State(
            BatchStatus.valueOf(status),
            Integer.parseInt(r.attribute(p + ATTEMPT)),
            Instant.parse(r.attribute(p + SINCE)),
            r.count(p + PARTS_DONE)));
  }

  /** The coordinator is about to invoke {@code attempt}. */
  public static LedgerRecord invoked(LedgerRecord r, int worker, int attempt, Instant now) {
    String p = prefix(worker);
    return r.withAttributes(
            Map.of(
                p + STATUS,
                BatchStatus.INITIATED.name(),
                p + ATTEMPT,
                Integer.toString(attempt),
                p + SINCE,
                now.toString(),
                p + WORKER_ERROR,
                ""))
        .withCounts(Map.of(p + PARTS_DONE, 0L));
  }

  /** Attempt {@code attempt} starts; a no-op unless it is the current, unfinished attempt. */
  public static LedgerRecord started(LedgerRecord r, int worker, int attempt, Instant now) {
    Optional<State> s = state(r, worker);
    if (s.isPresent()
        && (s.get().status() == BatchStatus.SUCCESS || s.get().attempt() != attempt)) {
      return r;
    }
    String p = prefix(worker);
    return r.withAttributes(
        Map.of(
            p + STATUS,
            BatchStatus.EXECUTING.name(),
            p + ATTEMPT,
            Integer.toString(attempt),
            p + SINCE,
            now.toString()));
  }

  /** Whether {@code attempt} is the one that should do the work (current and not finished). */
  public static boolean isCurrent(LedgerRecord r, int worker, int attempt) {
    Optional<State> s = state(r, worker);
    return s.isPresent()
        && s.get().attempt() == attempt
        && s.get().status() == BatchStatus.EXECUTING;
  }

  public static LedgerRecord progressed(LedgerRecord r, int worker, int attempt, long partsDone) {
    if (!isCurrent(r, worker, attempt)) {
      return r;
    }
    return r.withCounts(Map.of(prefix(worker) + PARTS_DONE, partsDone));
  }

  /** Any attempt's success is final. */
  public static LedgerRecord succeeded(
      LedgerRecord r, int worker, int attempt, Map<String, Long> counts) {
    Optional<State> s = state(r, worker);
    if (s.isPresent() && s.get().status() == BatchStatus.SUCCESS) {
      return r;
    }
    String p = prefix(worker);
    Map<String, Long> prefixed = new HashMap<>();
    counts.forEach((k, v) -> prefixed.put(p + k, v));
    return r.withAttributes(
            Map.of(p + STATUS, BatchStatus.SUCCESS.name(), p + ATTEMPT, Integer.toString(attempt)))
        .withCounts(prefixed);
  }

  /** Only the current attempt's failure counts; a superseded attempt's is ignored. */
  public static LedgerRecord failed(
      LedgerRecord r, int worker, int attempt, String error, Instant now) {
    Optional<State> s = state(r, worker);
    if (s.isPresent()
        && (s.get().status() == BatchStatus.SUCCESS || s.get().attempt() != attempt)) {
      return r;
    }
    String p = prefix(worker);
    return r.withAttributes(
        Map.of(
            p + STATUS,
            BatchStatus.FAILURE.name(),
            p + ATTEMPT,
            Integer.toString(attempt),
            p + SINCE,
            now.toString(),
            p + WORKER_ERROR,
            error == null ? "" : truncate(error)));
  }

  /** Forgets every worker's state (a forced re-index). */
  public static LedgerRecord reset(LedgerRecord r, int workers) {
    Map<String, String> cleared = new HashMap<>();
    for (int k = 0; k < workers; k++) {
      cleared.put(prefix(k) + STATUS, "");
    }
    return r.withAttributes(cleared);
  }

  public static long count(LedgerRecord r, int worker, String name) {
    return r.count(prefix(worker) + name);
  }

  static String truncate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500) + "…";
  }
}
