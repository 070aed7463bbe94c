package dev.recon.reducer;

import java.io.Serializable;

/**
 * Points where tests interrupt a run (to prove a killed run leaves nothing a reader would take, and
 * that a rerun writes the same bytes). Production runs use {@link #NONE}.
 */
public interface PipelineHooks extends Serializable {
  PipelineHooks NONE =
      new PipelineHooks() {
        private static final long serialVersionUID = 1L;
      };

  /** Called on the executor after partition {@code part}'s three files are uploaded. */
  default void afterPartUploaded(int part) {}

  /** Called on the driver after every part is written, before the manifest is. */
  default void beforeManifest() {}
}
