package dev.recon.backlog;

import dev.recon.core.error.ReconException;

/** No ledger record of that kind and id. */
public class BatchNotFoundException extends ReconException {
  public BatchNotFoundException(String message) {
    super(message);
  }
}
