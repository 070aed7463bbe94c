package dev.recon.cli.serve;

import dev.recon.backlog.Completeness;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.contract.CountNames;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.metrics.Backlog;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the status page and {@code /api/batches} show: the newest stateless and stateful batches of
 * the ledger with their stages, counts and timings, and how many inputs wait to be planned. One
 * read of the ledger per request, so the page is never staler than its refresh interval.
 *
 * @param generatedAt when the ledger was read
 * @param inputsRegistered input records in the ledger
 * @param inputsPending inputs registered but not yet planned into a stateless batch (INITIATED)
 * @param backlog inputs not yet reflected in a successful stateful batch, their bytes, the oldest's
 *     age
 * @param stateless newest first, at most the requested limit
 * @param stateful newest first, at most the requested limit
 * @param config the tenant's current configuration version (each batch names the one it ran with)
 */
record BatchReport(
    Instant generatedAt,
    long inputsRegistered,
    long inputsPending,
    Backlog backlog,
    Section stateless,
    Section stateful,
    TenantConfigs.Version config) {

  /** Timing and note attributes the backlog manager writes, as the core defines them. */
  static final String STARTED_AT = LedgerNames.STARTED_AT;

  static final String FINISHED_AT = LedgerNames.FINISHED_AT;
  static final String DURATION_MS = CountNames.DURATION_MS;
  static final String ATTEMPTS = CountNames.ATTEMPTS;
  static final String CANCEL_REASON = LedgerNames.CANCEL_REASON;

  /** The stages of a stateful batch in assembly-line order (DESIGN §2). */
  static final List<String> STATEFUL_STAGES =
      List.of(LedgerNames.STAGE_PREFETCH, LedgerNames.STAGE_PROCESS, LedgerNames.STAGE_INDEX);

  /** One kind of batch: the newest {@code limit} records and how many there are in all. */
  record Section(List<Batch> batches, int total) {
    Section {
      batches = List.copyOf(batches);
    }
  }

  /**
   * One batch as shown: the ledger record plus what is derived from it (its stages' metrics among
   * it).
   */
  record Batch(
      LedgerRecord record,
      Map<String, String> stages,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt,
      Optional<Duration> duration,
      Optional<String> note,
      List<StageMetrics> metrics) {

    static Batch of(LedgerRecord r, Instant now) {
      Map<String, String> stages = new LinkedHashMap<>();
      if (r.kind() == BatchKind.STATEFUL) {
        STATEFUL_STAGES.forEach(s -> stages.put(s, r.attribute(LedgerNames.stage(s))));
      }
      r.attributes()
          .forEach(
              (k, v) -> {
                if (k.startsWith(LedgerNames.STAGE_PREFIX)) {
                  stages.putIfAbsent(k.substring(LedgerNames.STAGE_PREFIX.length()), v);
                }
              });
      Optional<Instant> started = instant(r.attribute(STARTED_AT));
      Optional<Instant> finished = instant(r.attribute(FINISHED_AT));
      Optional<Duration> duration;
      if (r.counts().containsKey(DURATION_MS)) {
        duration = Optional.of(Duration.ofMillis(r.count(DURATION_MS)));
      } else if (started.isPresent() && finished.isPresent()) {
        duration = Optional.of(Duration.between(started.get(), finished.get()));
      } else if (started.isPresent() && r.status() == BatchStatus.EXECUTING) {
        duration = Optional.of(Duration.between(started.get(), now)); // running for
      } else {
        duration = Optional.empty();
      }
      String note = firstNonBlank(r.attribute(LedgerNames.ERROR), r.attribute(CANCEL_REASON));
      return new Batch(
          r,
          stages,
          started,
          finished,
          duration.filter(d -> !d.isNegative()),
          Optional.ofNullable(note),
          StageMetrics.allFromLedger(r));
    }
  }

  /** Reads the ledger; at most {@code limit} batches of each kind, newest first. */
  static BatchReport read(BatchLedger ledger, Clock clock, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    Instant now = clock.instant();
    long registered = 0;
    long pending = 0;
    List<LedgerRecord> inputs = ledger.list(BatchKind.INPUT); // the page counts every input anyway
    for (LedgerRecord input : inputs) {
      registered++;
      if (input.status() == BatchStatus.INITIATED) {
        pending++;
      }
    }
    return new BatchReport(
        now,
        registered,
        pending,
        new Completeness(ledger).backlog(inputs, now),
        section(ledger.list(BatchKind.STATELESS), limit, now),
        section(ledger.list(BatchKind.STATEFUL), limit, now),
        new TenantConfigs(ledger).current());
  }

  private static Section section(List<LedgerRecord> records, int limit, Instant now) {
    List<LedgerRecord> newestFirst = new ArrayList<>(records);
    newestFirst.sort(
        Comparator.comparingLong(LedgerRecord::sequence)
            .thenComparing(LedgerRecord::id)
            .reversed());
    List<Batch> out = new ArrayList<>(Math.min(limit, newestFirst.size()));
    for (LedgerRecord r : newestFirst.subList(0, Math.min(limit, newestFirst.size()))) {
      out.add(Batch.of(r, now));
    }
    return new Section(out, records.size());
  }

  /** A malformed timestamp in the ledger is shown as absent, not as a failed page. */
  private static Optional<Instant> instant(String iso) {
    if (iso == null || iso.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
