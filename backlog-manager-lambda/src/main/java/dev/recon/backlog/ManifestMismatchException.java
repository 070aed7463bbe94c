package dev.recon.backlog;

import dev.recon.core.error.ReconException;

/**
 * The stateless manifest is missing, names other inputs than the ledger, or does not account for
 * every line: the batch cannot be marked successful.
 */
public class ManifestMismatchException extends ReconException {
  public ManifestMismatchException(String message) {
    super(message);
  }
}
