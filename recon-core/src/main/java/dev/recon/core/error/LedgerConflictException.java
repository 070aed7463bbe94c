package dev.recon.core.error;

/**
 * A conditional ledger write lost: the item already exists, or another writer updated it since it
 * was read. The caller re-reads and decides; it is never retried blindly.
 */
public class LedgerConflictException extends ReconException {
  public LedgerConflictException(String message) {
    super(message);
  }
}
