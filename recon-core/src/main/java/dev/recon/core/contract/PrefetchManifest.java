package dev.recon.core.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recon.core.layout.Layout;
import dev.recon.core.port.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code prefetch/<N>/manifest.json}, written last: the prefetch of batch N is complete when it
 * exists. It carries what the processor needs to interpret the prefetch (which stateless batches it
 * covers, and indexedThrough: the in-flight batches are (indexedThrough, N-1]) and the part-file
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

  /**
   * Reads what {@link #toJson} wrote; a missing field reads as 0 (or empty), unknown fields are
   * skipped.
   */
  public static PrefetchManifest fromJson(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("prefetch manifest is not a JSON object");
      }
      long batch = 0;
      long indexedThrough = 0;
      long statelessFrom = 0;
      long statelessTo = 0;
      SortedMap<String, Long> counts = new TreeMap<>();
      List<PartFileStats> files = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "batch" -> batch = p.getValueAsLong();
          case "indexedThrough" -> indexedThrough = p.getValueAsLong();
          case "statelessFrom" -> statelessFrom = p.getValueAsLong();
          case "statelessTo" -> statelessTo = p.getValueAsLong();
          case "counts" -> {
            if (t != JsonToken.START_OBJECT) {
              p.skipChildren();
              break;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String k = p.currentName();
              p.nextToken();
              counts.put(k, p.getValueAsLong());
              p.skipChildren();
            }
          }
          case "files" -> files = Manifests.readFiles(p);
          default -> p.skipChildren();
        }
      }
      return new PrefetchManifest(batch, indexedThrough, statelessFrom, statelessTo, counts, files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The manifest of prefetch {@code batch}, or empty while that prefetch is not complete. */
  public static Optional<PrefetchManifest> read(ObjectStore store, long batch) {
    return Manifests.read(store, Layout.prefetchManifest(batch)).map(PrefetchManifest::fromJson);
  }

  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }
}
