package dev.recon.indexer;

import dev.recon.core.contract.StateManifest;
import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.port.ObjectStore;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reads the part-file list of {@code state/<N>/manifest.json} (written by the stateful processor;
 * only {@code files[].key} is needed here). Only listed files are indexed: a stray file from a
 * failed processor attempt never is.
 */
final class StateManifestFiles {
  private StateManifestFiles() {}

  static List<String> partFiles(ObjectStore store, long batch) {
    StateManifest manifest;
    try {
      manifest =
          StateManifest.read(store, batch)
              .orElseThrow(
                  () ->
                      new ReconException(
                          "batch "
                              + batch
                              + " is not processed yet: no "
                              + Layout.stateManifest(batch)));
    } catch (UncheckedIOException e) {
      throw new ReconException("unreadable " + Layout.stateManifest(batch), e.getCause());
    }
    return manifest.partFileKeys();
  }
}
