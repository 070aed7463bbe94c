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

  record PlanStateless(PlanLimits limits) implements BacklogRequest {}

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
