package dev.recon.backlog;

import dev.recon.core.model.BatchKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Every request the backlog manager answers, decoded and validated ({@link BacklogRequests}). */
public sealed interface BacklogRequest {
  /**
   * Register these input keys (relative to the environment prefix); {@code ignored} were not ours.
   */
  record Register(List<String> keys, List<InputRegistry.Rejected> ignored)
      implements BacklogRequest {}

  /** List {@code input/} and register what the ledger lacks. */
  record Sweep() implements BacklogRequest {}

  /** Fix half-done plans, cancels and completions ({@link LedgerRepair}). */
  record Repair() implements BacklogRequest {}

  /**
   * {@code bytesNamed}/{@code eventsNamed}: whether the request named that limit; a limit it does
   * not name is the tenant's configured one ({@link dev.recon.core.config.TenantConfig}), else the
   * default in {@code limits}.
   */
  record PlanStateless(PlanLimits limits, boolean bytesNamed, boolean eventsNamed)
      implements BacklogRequest {
    /** Every limit named: the tenant's configuration does not change them. */
    public PlanStateless(PlanLimits limits) {
      this(limits, true, true);
    }

    /** The limits of a run planned with the tenant configuration {@code c}. */
    public PlanLimits limitsFor(dev.recon.core.config.TenantConfig c) {
      return new PlanLimits(
          limits.maxObjects(),
          bytesNamed || c.maxBytes() == null ? limits.maxBytes() : c.maxBytes(),
          eventsNamed || c.maxEvents() == null ? limits.maxEvents() : c.maxEvents());
    }
  }

  record PlanStateful(StatefulLimits limits) implements BacklogRequest {}

  record Start(BatchKind kind, long batch) implements BacklogRequest {}

  record Complete(BatchKind kind, long batch, Map<String, Long> counts) implements BacklogRequest {}

  /** {@code stage} and {@code owner} only for a stateful batch failing in a stage (may be null). */
  record Fail(BatchKind kind, long batch, String error, String stage, String owner)
      implements BacklogRequest {}

  /** The stateful workflow: which batch this execution ({@code owner}) carries. */
  record AcquireBatch(String owner, boolean retryFailed, StatefulLimits limits)
      implements BacklogRequest {}

  record AcquireStage(String stage, long batch, String owner) implements BacklogRequest {}

  record ReleaseStage(
      String stage, long batch, String owner, dev.recon.core.model.BatchStatus status)
      implements BacklogRequest {}

  record ReleaseBatch(long batch, String owner) implements BacklogRequest {}

  record Cancel(BatchKind kind, long batch, String reason) implements BacklogRequest {}

  /** A batch by sequence (STATELESS, STATEFUL) or an input by key ({@code id}). */
  record Get(BatchKind kind, String id) implements BacklogRequest {}

  record CheckCompleteness(Instant from, Instant to) implements BacklogRequest {}

  /**
   * Completeness through event time {@code through}, from the ledger and the watermarks; {@code
   * allowedLateness} null = the configured one, {@code source} null = every known source.
   */
  record CheckThrough(Instant through, java.time.Duration allowedLateness, String source)
      implements BacklogRequest {}
}
