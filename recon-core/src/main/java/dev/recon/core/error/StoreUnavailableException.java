package dev.recon.core.error;

/**
 * A store could not be reached or kept failing after its bounded retries. The outcome of a write
 * that fails this way is unknown: check what happened before acting on it.
 */
public class StoreUnavailableException extends ReconException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
