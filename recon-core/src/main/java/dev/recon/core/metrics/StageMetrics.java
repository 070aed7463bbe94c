package dev.recon.core.metrics;

import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.LedgerRecord;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one stage did for one batch: what came in and went out, what was quarantined and why, how
 * long it took and the I/O it cost. Every stage reports the same shape, so the ledger, {@code recon
 * status}, the status page and CloudWatch show them alike. What "in" and "out" count per stage:
 *
 * <table>
 *   <tr><th>stage</th><th>in</th><th>out</th></tr>
 *   <tr><td>reduce</td><td>input lines read</td><td>distinct events accepted</td></tr>
 *   <tr><td>prefetch</td><td>distinct keys</td><td>prior artifacts fetched</td></tr>
 *   <tr><td>process</td><td>stateless events</td><td>artifact versions written</td></tr>
 *   <tr><td>index</td><td>artifacts in the part-files</td><td>index entries written</td></tr>
 * </table>
 *
 * @param stage {@link LedgerNames#STAGE_REDUCE}, {@code prefetch}, {@code process} or {@code index}
 * @param batch the batch id as in the ledger ({@code Layout.seq})
 * @param quarantined lines or events quarantined, by reason name
 */
public record StageMetrics(
    String stage,
    String batch,
    long eventsIn,
    long eventsOut,
    SortedMap<String, Long> quarantined,
    long durationMs,
    IoCounts io)
    implements Serializable {

  public static final String EVENTS_IN = "eventsIn";
  public static final String EVENTS_OUT = "eventsOut";
  public static final String QUARANTINED = LedgerNames.QUARANTINED;
  public static final String QUARANTINED_PREFIX = LedgerNames.QUARANTINED_PREFIX;
  public static final String DURATION_MS = "durationMs";

  /** Dimension names of the EMF lines. */
  public static final String ENVIRONMENT = "Environment";

  public static final String STAGE = "Stage";
  public static final String REASON = "Reason";

  public StageMetrics {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(io, "io");
    TreeMap<String, Long> q = new TreeMap<>();
    if (quarantined != null) {
      quarantined.forEach(
          (k, v) -> {
            if (v != null && v != 0) {
              q.put(k, v);
            }
          });
    }
    quarantined = Collections.unmodifiableSortedMap(q);
    if (eventsIn < 0 || eventsOut < 0 || durationMs < 0) {
      throw new IllegalArgumentException("negative metric in " + stage + " of " + batch);
    }
  }

  public long quarantinedTotal() {
    return quarantined.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Quarantined over events in, empty when nothing came in. */
  public OptionalDouble quarantineRatio() {
    return eventsIn == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) quarantinedTotal() / eventsIn);
  }

  public OptionalDouble cacheHitRatio() {
    return io.cacheHitRatio();
  }

  /** The ledger counts: {@code metrics.<stage>.<name>}. */
  public Map<String, Long> toLedgerCounts() {
    String p = LedgerNames.metrics(stage);
    Map<String, Long> out = new TreeMap<>(io.toMap(p));
    out.put(p + EVENTS_IN, eventsIn);
    out.put(p + EVENTS_OUT, eventsOut);
    out.put(p + QUARANTINED, quarantinedTotal());
    quarantined.forEach((reason, n) -> out.put(p + QUARANTINED_PREFIX + reason, n));
    out.put(p + DURATION_MS, durationMs);
    return out;
  }

  /** The stage's metrics as recorded on a ledger record, if it recorded any. */
  public static Optional<StageMetrics> fromLedger(String stage, LedgerRecord r) {
    String p = LedgerNames.metrics(stage);
    if (!r.counts().containsKey(p + DURATION_MS)) {
      return Optional.empty();
    }
    TreeMap<String, Long> quarantined = new TreeMap<>();
    String q = p + QUARANTINED_PREFIX;
    r.counts()
        .subMap(q, q + Character.MAX_VALUE)
        .forEach((k, v) -> quarantined.put(k.substring(q.length()), v));
    return Optional.of(
        new StageMetrics(
            stage,
            r.id(),
            r.count(p + EVENTS_IN),
            r.count(p + EVENTS_OUT),
            quarantined,
            r.count(p + DURATION_MS),
            IoCounts.fromMap(p, r.counts())));
  }

  /** Every stage that recorded metrics on this record, in pipeline order. */
  public static List<StageMetrics> allFromLedger(LedgerRecord r) {
    List<StageMetrics> out = new ArrayList<>();
    for (String s :
        List.of(
            LedgerNames.STAGE_REDUCE,
            LedgerNames.STAGE_PREFETCH,
            LedgerNames.STAGE_PROCESS,
            LedgerNames.STAGE_INDEX)) {
      fromLedger(s, r).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The EMF lines: one with dimensions {@code Environment, Stage} carrying every metric, and one
   * per quarantine reason with dimensions {@code Environment, Stage, Reason} (a dimension has one
   * value per line). Ratios are percentages and are left out when undefined (no input, no lookups),
   * so an idle stage does not report a 0% hit ratio.
   */
  public List<String> toEmf(String environment, Instant timestamp) {
    return toEmf(environment, dev.recon.core.tenant.TenantId.DEFAULT.value(), timestamp);
  }

  /** As {@link #toEmf(String, Instant)}, with the {@link Emf#TENANT} dimension (and its rollup). */
  public List<String> toEmf(String environment, String tenant, Instant timestamp) {
    Map<String, String> dims = new LinkedHashMap<>();
    dims.put(ENVIRONMENT, environment);
    dims.put(Emf.TENANT, tenant);
    dims.put(STAGE, stage);
    List<Emf.Metric> m = Emf.metrics();
    m.add(new Emf.Metric("EventsIn", Emf.COUNT, eventsIn));
    m.add(new Emf.Metric("EventsOut", Emf.COUNT, eventsOut));
    m.add(new Emf.Metric("Quarantined", Emf.COUNT, quarantinedTotal()));
    quarantineRatio()
        .ifPresent(r -> m.add(new Emf.Metric("QuarantineRatio", Emf.PERCENT, 100 * r)));
    m.add(new Emf.Metric("Duration", Emf.MILLISECONDS, durationMs));
    for (IoMetric x : IoMetric.values()) {
      m.add(new Emf.Metric(x.metricName(), x.unit(), io.get(x)));
    }
    cacheHitRatio().ifPresent(r -> m.add(new Emf.Metric("CacheHitRatio", Emf.PERCENT, 100 * r)));
    List<String> lines = new ArrayList<>();
    lines.add(Emf.line(Emf.NAMESPACE, dims, m, Map.of("Batch", batch), timestamp));
    quarantined.forEach(
        (reason, n) -> {
          Map<String, String> byReason = new LinkedHashMap<>(dims);
          byReason.put(REASON, reason);
          lines.add(
              Emf.line(
                  Emf.NAMESPACE,
                  byReason,
                  List.of(new Emf.Metric("Quarantined", Emf.COUNT, n)),
                  Map.of("Batch", batch),
                  timestamp));
        });
    return lines;
  }
}
