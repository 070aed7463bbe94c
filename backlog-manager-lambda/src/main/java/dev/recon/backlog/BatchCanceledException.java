package dev.recon.backlog;

import dev.recon.core.error.ReconException;

/**
 * The batch was cancelled: it is not processed (its inputs went back to pending). Step Functions
 * routes this to a terminal state, not a retry.
 */
public class BatchCanceledException extends ReconException {
  public BatchCanceledException(String message) {
    super(message);
  }
}
