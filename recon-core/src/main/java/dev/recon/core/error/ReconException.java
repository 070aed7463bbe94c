package dev.recon.core.error;

/** Base of recon's own failures. Each failure state has its own subtype. */
public class ReconException extends RuntimeException {
  public ReconException(String message) {
    super(message);
  }

  public ReconException(String message, Throwable cause) {
    super(message, cause);
  }
}
