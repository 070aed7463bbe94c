package dev.recon.backlog;

import dev.recon.core.layout.LedgerNames;
import dev.recon.core.metrics.Backlog;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.watermark.BatchSources;
import dev.recon.core.watermark.WatermarkCheck;
import dev.recon.core.watermark.Watermarks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Whether a time window {@code [from, to)} is fully reflected in the artifacts: every registered
 * input batch with {@code windowEnd ≤ to} has reached a SUCCESS stateful batch (its stateless batch
 * succeeded and lies in the range of a stateful batch that succeeded). Earlier inputs count too: an
 * artifact's balance as of {@code to} depends on everything before. Each missing input says where
 * it stands and whether its window overlaps {@code [from, to)}.
 *
 * <p>Only registered inputs are known: run a sweep first to register objects whose notification was
 * lost. {@code registeredThrough} (latest window end registered) shows how far arrivals go.
 */
public final class Completeness {
  private final BatchLedger ledger;

  public Completeness(BatchLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  /** Where a missing input stands. */
  public enum Stage {
    /** Registered, not yet planned into a stateless batch. */
    PENDING,
    /** In a stateless batch that has not succeeded yet (planned, running or failed). */
    STATELESS,
    /** Its stateless batch succeeded; no stateful batch has taken it yet. */
    AWAITING_STATEFUL,
    /** In a stateful batch that has not succeeded yet. */
    STATEFUL
  }

  /** One input batch not yet reflected. */
  public record Missing(
      String input,
      Instant windowStart,
      Instant windowEnd,
      boolean inWindow,
      Stage stage,
      Long statelessBatch,
      String statelessStatus,
      Long statefulBatch,
      String statefulStatus) {}

  public record Report(
      Instant from,
      Instant to,
      boolean complete,
      int inputsConsidered,
      int inputsInWindow,
      int reflected,
      Instant registeredThrough,
      List<Missing> missing) {
    public Report {
      missing = List.copyOf(missing);
    }
  }

  /**
   * Completeness through event time {@code through}, answered from both sides: the ledger (every
   * registered input with {@code windowEnd ≤ through} is reflected, as {@link #check}) and the
   * watermarks ({@link Watermarks#check}: every known source's, or the named {@code source}'s,
   * highest reflected event time minus {@code allowedLateness} is at or after {@code through}).
   * Complete only when both say so: the ledger alone cannot know of events still to arrive late,
   * the watermark alone cannot know of a registered input not yet processed.
   */
  public record ThroughReport(
      Instant through, boolean complete, Report ledger, WatermarkCheck watermark) {}

  public ThroughReport through(Instant through, Duration allowedLateness, String source) {
    Objects.requireNonNull(through, "through");
    Watermarks.requireAllowedLateness(allowedLateness);
    Report ledgerReport = report(null, through);
    WatermarkCheck w = watermarks().check(through, allowedLateness, source);
    return new ThroughReport(through, ledgerReport.complete() && w.covered(), ledgerReport, w);
  }

  /**
   * What the artifacts reflect of each source: the per-source stats of every stateless batch that
   * succeeded and lies in a successful stateful batch. Batches recorded before sources existed add
   * nothing. Reads the ledger only (one list per kind), never a manifest.
   */
  public Watermarks watermarks() {
    TreeMap<Long, LedgerRecord> stateless =
        StatefulPlanner.bySequence(ledger.list(BatchKind.STATELESS));
    List<LedgerRecord> stateful = ledger.list(BatchKind.STATEFUL);
    Watermarks w = Watermarks.empty();
    for (LedgerRecord s : stateless.values()) {
      if (s.status() != BatchStatus.SUCCESS) {
        continue;
      }
      LedgerRecord n = takerOf(s.sequence(), stateful);
      if (n != null && n.status() == BatchStatus.SUCCESS) {
        w = w.with(s.sequence(), BatchSources.decode(s.attribute(LedgerNames.SOURCES)));
      }
    }
    return w;
  }

  public Report check(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("window start " + from + " must be before its end " + to);
    }
    return report(from, to);
  }

  /** {@code from} null: no window start (every input considered is "in window"). */
  private Report report(Instant from, Instant to) {
    TreeMap<Long, LedgerRecord> stateless =
        StatefulPlanner.bySequence(ledger.list(BatchKind.STATELESS));
    List<LedgerRecord> stateful = ledger.list(BatchKind.STATEFUL);
    int considered = 0;
    int inWindowCount = 0;
    int reflected = 0;
    Instant registeredThrough = null;
    List<Missing> missing = new ArrayList<>();
    for (LedgerRecord in : ledger.list(BatchKind.INPUT)) {
      Instant start = Instant.parse(in.attribute(LedgerNames.WINDOW_START));
      Instant end = Instant.parse(in.attribute(LedgerNames.WINDOW_END));
      registeredThrough =
          registeredThrough == null || end.isAfter(registeredThrough) ? end : registeredThrough;
      if (end.isAfter(to)) {
        continue;
      }
      considered++;
      boolean inWindow = start.isBefore(to) && (from == null || end.isAfter(from));
      if (inWindow) {
        inWindowCount++;
      }
      Missing m = missing(in, start, end, inWindow, stateless, stateful);
      if (m == null) {
        reflected++;
      } else {
        missing.add(m);
      }
    }
    missing.sort(
        java.util.Comparator.comparing(Missing::windowStart).thenComparing(Missing::input));
    return new Report(
        from,
        to,
        missing.isEmpty(),
        considered,
        inWindowCount,
        reflected,
        registeredThrough,
        missing);
  }

  /**
   * How long the oldest registered input not yet reflected in a successful stateful batch has
   * waited since it was registered (zero when everything is reflected).
   */
  public java.time.Duration backlogAge(Instant now) {
    return backlog(now).age();
  }

  /**
   * The backlog: every registered input not yet reflected in a successful stateful batch, their
   * bytes, and the age of the oldest (see {@link #backlogAge}).
   *
   * <p>Computed on every plan, sweep and acquire, so it does not read every input ever registered:
   * an input not yet reflected is either unfinished (pending or claimed: {@link
   * BatchLedger#listUnfinished}) or finished in a stateless batch that succeeded but is not yet in
   * a successful stateful batch — those are read by id from the input lists of such batches (a few
   * batches' worth). An input whose ledger record contradicts its batches (SUCCESS while its
   * stateless batch is missing or did not list it) is not found this way; {@link #check} reads
   * every input and reports it.
   */
  public Backlog backlog(Instant now) {
    TreeMap<Long, LedgerRecord> stateless =
        StatefulPlanner.bySequence(ledger.list(BatchKind.STATELESS));
    List<LedgerRecord> stateful = ledger.list(BatchKind.STATEFUL);
    Map<String, LedgerRecord> candidates = new java.util.LinkedHashMap<>();
    for (LedgerRecord in : ledger.listUnfinished(BatchKind.INPUT)) {
      candidates.put(in.id(), in);
    }
    for (LedgerRecord s : stateless.values()) {
      if (s.status() != BatchStatus.SUCCESS) {
        continue;
      }
      LedgerRecord taker = takerOf(s.sequence(), stateful);
      if (taker != null && taker.status() == BatchStatus.SUCCESS) {
        continue;
      }
      for (String key : InputLists.decode(s.attribute(LedgerNames.INPUTS))) {
        if (!candidates.containsKey(key)) {
          ledger.get(BatchKind.INPUT, key).ifPresent(in -> candidates.put(key, in));
        }
      }
    }
    return tally(candidates.values(), stateless, stateful, now);
  }

  /**
   * The backlog among {@code allInputs} (every registered input, as a caller that has already read
   * them all holds them, e.g. the status page): the same count as {@link #backlog(Instant)}, and
   * inputs whose record contradicts their batches are counted too, as {@link #check} reports them.
   */
  public Backlog backlog(Collection<LedgerRecord> allInputs, Instant now) {
    return tally(
        allInputs,
        StatefulPlanner.bySequence(ledger.list(BatchKind.STATELESS)),
        ledger.list(BatchKind.STATEFUL),
        now);
  }

  private static Backlog tally(
      Collection<LedgerRecord> candidates,
      Map<Long, LedgerRecord> stateless,
      List<LedgerRecord> stateful,
      Instant now) {
    Instant oldest = null;
    long inputs = 0;
    long bytes = 0;
    for (LedgerRecord in : candidates) {
      if (missing(in, null, null, false, stateless, stateful)
          != null) { // where it stands, not its window
        inputs++;
        bytes += in.count(LedgerNames.BYTES);
        if (oldest == null || in.createdAt().isBefore(oldest)) {
          oldest = in.createdAt();
        }
      }
    }
    java.time.Duration age =
        oldest == null || oldest.isAfter(now)
            ? java.time.Duration.ZERO
            : java.time.Duration.between(oldest, now);
    return new Backlog(inputs, bytes, age);
  }

  /** Null when the input is reflected in a successful stateful batch. */
  static Missing missing(
      LedgerRecord in,
      Instant start,
      Instant end,
      boolean inWindow,
      Map<Long, LedgerRecord> stateless,
      List<LedgerRecord> stateful) {
    String sAttr = in.attribute(LedgerNames.STATELESS_BATCH);
    if (in.status() == BatchStatus.INITIATED || sAttr == null) {
      return new Missing(in.id(), start, end, inWindow, Stage.PENDING, null, null, null, null);
    }
    long s = Long.parseLong(sAttr);
    LedgerRecord sr = stateless.get(s);
    String sStatus = sr == null ? "MISSING" : sr.status().name();
    if (sr == null || sr.status() != BatchStatus.SUCCESS) {
      return new Missing(in.id(), start, end, inWindow, Stage.STATELESS, s, sStatus, null, null);
    }
    LedgerRecord taker = takerOf(s, stateful);
    if (taker == null) {
      return new Missing(
          in.id(), start, end, inWindow, Stage.AWAITING_STATEFUL, s, sStatus, null, null);
    }
    if (taker.status() != BatchStatus.SUCCESS) {
      return new Missing(
          in.id(),
          start,
          end,
          inWindow,
          Stage.STATEFUL,
          s,
          sStatus,
          taker.sequence(),
          taker.status().name());
    }
    return null;
  }

  /** The non-cancelled stateful batch whose range holds stateless batch {@code s}, or null. */
  private static LedgerRecord takerOf(long s, List<LedgerRecord> stateful) {
    for (LedgerRecord n : stateful) {
      if (n.status() == BatchStatus.CANCELED) {
        continue;
      }
      long from = Long.parseLong(n.attribute(LedgerNames.STATELESS_FROM));
      long to = Long.parseLong(n.attribute(LedgerNames.STATELESS_TO));
      if (from <= s && s <= to) {
        return n;
      }
    }
    return null;
  }
}
