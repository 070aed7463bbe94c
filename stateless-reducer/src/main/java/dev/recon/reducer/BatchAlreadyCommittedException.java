package dev.recon.reducer;

import dev.recon.core.error.ReconException;
import java.util.List;

/** A committed stateless batch (its manifest exists) was asked to run again over other inputs. */
public class BatchAlreadyCommittedException extends ReconException {
  public BatchAlreadyCommittedException(long batch, List<String> committed, List<String> asked) {
    super(
        "stateless batch "
            + batch
            + " is committed over "
            + committed.size()
            + " inputs "
            + committed
            + "; refusing to rewrite it over "
            + asked);
  }
}
