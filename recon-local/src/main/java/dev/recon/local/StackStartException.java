package dev.recon.local;

import dev.recon.core.error.ReconException;

/**
 * A server of the embedded stack did not come up: it exited or missed its readiness deadline. The
 * message names the server and carries the tail of its log (full logs under {@code <home>/logs}).
 */
public class StackStartException extends ReconException {
  public StackStartException(String message) {
    super(message);
  }

  public StackStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
