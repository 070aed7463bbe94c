package dev.recon.prefetch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.core.contract.PartFileStats;
import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.port.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shared pieces of the stateful path's manifests: the part-file list and optional reads. */
public final class Manifests {
  private Manifests() {}

  public static void writeFiles(JsonGenerator g, String field, List<PartFileStats> files) throws IOException {
    g.writeArrayFieldStart(field);
    for (PartFileStats f : files) {
      g.writeStartObject();
      g.writeStringField("key", f.key());
      g.writeNumberField("records", f.records());
      g.writeNumberField("bytes", f.bytes());
      g.writeStringField("sha256", f.sha256());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  public static List<PartFileStats> readFiles(JsonNode array) {
    List<PartFileStats> out = new ArrayList<>();
    for (JsonNode f : array) {
      out.add(new PartFileStats(
          f.path("key").asText(), f.path("records").asLong(), f.path("bytes").asLong(), f.path("sha256").asText()));
    }
    return out;
  }

  /** The object's bytes, or empty when there is none. */
  public static Optional<byte[]> read(ObjectStore store, String key) {
    try {
      return Optional.of(store.get(key));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }
}
