package dev.recon.backlog;

/**
 * Ledger attribute and count names this module adds to {@link dev.recon.core.layout.LedgerNames}
 * (timings, attempts, why a batch was cancelled). Instants are ISO-8601 strings.
 */
public final class BacklogNames {
  /** When the batch (last) started executing. */
  public static final String STARTED_AT = "startedAt";
  /** When the batch reached SUCCESS, FAILURE or CANCELED. */
  public static final String FINISHED_AT = "finishedAt";
  /** Why a batch was cancelled (operator request, abandoned plan, unused sequence number). */
  public static final String CANCEL_REASON = "cancelReason";
  /** Count: how many times the batch was started. */
  public static final String ATTEMPTS = "attempts";
  /** Count: milliseconds from the last start to success or failure. */
  public static final String DURATION_MS = "durationMs";
  /** Count on a plan: how many input (or stateless) batches it holds. */
  public static final String BATCHES = "batches";

  private BacklogNames() {}
}
