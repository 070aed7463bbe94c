package dev.recon.processor;

import dev.recon.core.error.ReconException;

/**
 * A rerun of an already committed batch computed different bytes than its manifest records. The
 * committed part-files were left untouched (they may already be indexed); the difference is a bug
 * or changed inputs and needs a person.
 */
public final class NonDeterministicRerunException extends ReconException {
  public NonDeterministicRerunException(String message) {
    super(message);
  }
}
