package dev.recon.backlog;

import dev.recon.core.error.ReconException;

/** A handler request that cannot be decoded or fails validation. */
public class BadRequestException extends ReconException {
  public BadRequestException(String message) {
    super(message);
  }
}
