package dev.recon.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.port.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the part-file list of {@code state/<N>/manifest.json} (written by the stateful processor;
 * only {@code files[].key} is needed here). Only listed files are indexed: a stray file from a
 * failed processor attempt never is.
 */
final class StateManifestFiles {
  private StateManifestFiles() {}

  static List<String> partFiles(ObjectStore store, long batch) {
    byte[] bytes;
    try {
      bytes = store.get(Layout.stateManifest(batch));
    } catch (ObjectNotFoundException e) {
      throw new ReconException("batch " + batch + " is not processed yet: no " + Layout.stateManifest(batch));
    }
    try {
      JsonNode files = IndexerJson.MAPPER.readTree(bytes).path("files");
      List<String> keys = new ArrayList<>();
      for (JsonNode f : files) {
        keys.add(f.path("key").asText());
      }
      keys.sort(null);
      return keys;
    } catch (IOException e) {
      throw new ReconException("unreadable " + Layout.stateManifest(batch), e);
    }
  }
}
