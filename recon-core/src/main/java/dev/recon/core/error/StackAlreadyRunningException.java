package dev.recon.core.error;

/** A local stack is already running on this home directory (in this or another process). */
public class StackAlreadyRunningException extends ReconException {
  public StackAlreadyRunningException(String message) {
    super(message);
  }
}
