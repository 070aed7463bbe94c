package dev.recon.processor;

import java.io.Serializable;

/**
 * Points where tests interrupt a processor run inside the job (to prove a run killed after some of
 * its part-files leaves nothing a reader would take, and that the retried step writes the same
 * bytes). Production runs use {@link #NONE}; the hooks travel to the executors with the merge
 * function, so an implementation keeps any state outside the instance.
 */
public interface ProcessorHooks extends Serializable {
  ProcessorHooks NONE =
      new ProcessorHooks() {
        private static final long serialVersionUID = 1L;
      };

  /**
   * Called on the executor after route {@code route}'s files of batch {@code batch} are committed
   * (uploaded, or verified on a rerun of a committed batch), before the task returns its result.
   */
  default void afterPartCommitted(long batch, int route) {}

  /**
   * Called on the driver after every part is committed, before the manifest is written or checked.
   */
  default void beforeManifest(long batch) {}
}
