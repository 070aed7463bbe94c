package dev.recon.backlog;

import dev.recon.core.error.ReconException;

/**
 * The asked transition is not allowed from the batch's current status (for example cancelling a
 * successful batch).
 */
public class IllegalBatchTransitionException extends ReconException {
  public IllegalBatchTransitionException(String message) {
    super(message);
  }
}
