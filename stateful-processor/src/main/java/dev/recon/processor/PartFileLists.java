package dev.recon.processor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.core.contract.PartFileStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a part-file list (as {@code Manifests.writeFiles} writes it) out of a Jackson tree, for
 * {@link StateManifest}, which still reads its JSON as a tree; recon-core streams with jackson-core
 * only and has no tree model.
 */
final class PartFileLists {
  private PartFileLists() {}

  static List<PartFileStats> read(JsonNode array) {
    List<PartFileStats> out = new ArrayList<>();
    for (JsonNode f : array) {
      out.add(new PartFileStats(
          f.path("key").asText(), f.path("records").asLong(), f.path("bytes").asLong(), f.path("sha256").asText()));
    }
    return out;
  }
}
