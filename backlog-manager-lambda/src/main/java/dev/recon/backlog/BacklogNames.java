package dev.recon.backlog;

import dev.recon.core.contract.CountNames;
import dev.recon.core.layout.LedgerNames;

/**
 * Ledger attribute and count names this module writes (timings, attempts, why a batch was
 * cancelled), defined in the core ({@link LedgerNames}, {@link CountNames}) for their readers.
 * Instants are ISO-8601 strings.
 */
public final class BacklogNames {
  /** When the batch (last) started executing. */
  public static final String STARTED_AT = LedgerNames.STARTED_AT;

  /** When the batch reached SUCCESS, FAILURE or CANCELED. */
  public static final String FINISHED_AT = LedgerNames.FINISHED_AT;

  /** Why a batch was cancelled (operator request, abandoned plan, unused sequence number). */
  public static final String CANCEL_REASON = LedgerNames.CANCEL_REASON;

  /** Count: how many times the batch was started. */
  public static final String ATTEMPTS = CountNames.ATTEMPTS;

  /** Count: milliseconds from the last start to success or failure. */
  public static final String DURATION_MS = CountNames.DURATION_MS;

  /** Count on a plan: how many input (or stateless) batches it holds. */
  public static final String BATCHES = CountNames.BATCHES;

  private BacklogNames() {}
}
