package dev.recon.prefetch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.core.contract.PartFileStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code prefetch/<N>/manifest.json}, written last: the prefetch of batch N is complete when it
 * exists. It carries what the processor needs to interpret the prefetch (which stateless batches
 * it covers, and indexedThrough: the in-flight batches are (indexedThrough, N-1]) and the part-file
 * list, plus the fetch counters for operators.
 *
 * <pre>
 * {"batch":7,"indexedThrough":5,"statelessFrom":9,"statelessTo":10,
 *  "counts":{"bytesRead":..,"cacheHits":..,"found":..,"getRequests":..,"keys":..,...},
 *  "files":[{"key":"prefetch/0000000007/part-00000.jsonl","records":12,"bytes":3456,"sha256":"..."}]}
 * </pre>
 */
public record PrefetchManifest(
    long batch,
    long indexedThrough,
    long statelessFrom,
    long statelessTo,
    SortedMap<String, Long> counts,
    List<PartFileStats> files) {

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public PrefetchManifest {
    counts = new TreeMap<>(counts);
    files = List.copyOf(files);
  }

  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("batch", batch);
      g.writeNumberField("indexedThrough", indexedThrough);
      g.writeNumberField("statelessFrom", statelessFrom);
      g.writeNumberField("statelessTo", statelessTo);
      g.writeObjectFieldStart("counts");
      for (Map.Entry<String, Long> e : counts.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      Manifests.writeFiles(g, "files", files);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static PrefetchManifest fromJson(byte[] bytes) {
    try {
      JsonNode n = MAPPER.readTree(bytes);
      SortedMap<String, Long> counts = new TreeMap<>();
      n.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
      return new PrefetchManifest(
          n.path("batch").asLong(),
          n.path("indexedThrough").asLong(),
          n.path("statelessFrom").asLong(),
          n.path("statelessTo").asLong(),
          counts,
          Manifests.readFiles(n.path("files")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }
}
