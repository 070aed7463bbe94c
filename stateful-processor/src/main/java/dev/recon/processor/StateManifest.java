package dev.recon.processor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.core.contract.Manifests;
import dev.recon.core.contract.PartFileStats;
import dev.recon.core.layout.Layout;
import dev.recon.core.port.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code state/<N>/manifest.json}, written after every part-file: batch N's state is complete (and
 * may be indexed) when it exists. Readers use only the part-files it lists, so a stray file from a
 * failed attempt is never indexed.
 *
 * <pre>
 * {"batch":7,"statelessFrom":9,"statelessTo":10,"indexedThrough":5,"asOf":"2026-11-22T11:00:00Z",
 *  "parts":8,"heavyKeyBytes":67108864,"heavyKeys":["shipment-1"],
 *  "counts":{"applied":..,"artifacts":..,"duplicates":..,"events":..,"keys":..,"quarantined":..,...},
 *  "files":[{"key":"state/0000000007/part-00000.jsonl","records":120,"bytes":81234,"sha256":"…"}],
 *  "quarantine":[{"key":"quarantine/state-0000000007/part-00003.jsonl","records":1,"bytes":402,"sha256":"…"}]}
 * </pre>
 *
 * It holds no wall-clock time: a rerun of the batch must produce the very same manifest.
 */
public record StateManifest(
    long batch,
    long statelessFrom,
    long statelessTo,
    long indexedThrough,
    Instant asOf,
    int parts,
    long heavyKeyBytes,
    List<String> heavyKeys,
    SortedMap<String, Long> counts,
    List<PartFileStats> files,
    List<PartFileStats> quarantine) {

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public StateManifest {
    heavyKeys = List.copyOf(heavyKeys);
    counts = new TreeMap<>(counts);
    files = List.copyOf(files);
    quarantine = List.copyOf(quarantine);
  }

  public static Optional<StateManifest> read(ObjectStore store, long batch) {
    return Manifests.read(store, Layout.stateManifest(batch)).map(StateManifest::fromJson);
  }

  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }

  /** Every committed file (state and quarantine) by key. */
  public Map<String, PartFileStats> filesByKey() {
    Map<String, PartFileStats> out = new TreeMap<>();
    files.forEach(f -> out.put(f.key(), f));
    quarantine.forEach(f -> out.put(f.key(), f));
    return out;
  }

  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("batch", batch);
      g.writeNumberField("statelessFrom", statelessFrom);
      g.writeNumberField("statelessTo", statelessTo);
      g.writeNumberField("indexedThrough", indexedThrough);
      g.writeStringField("asOf", asOf.toString());
      g.writeNumberField("parts", parts);
      g.writeNumberField("heavyKeyBytes", heavyKeyBytes);
      g.writeArrayFieldStart("heavyKeys");
      for (String k : heavyKeys) {
        g.writeString(k);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("counts");
      for (Map.Entry<String, Long> e : counts.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      Manifests.writeFiles(g, "files", files);
      Manifests.writeFiles(g, "quarantine", quarantine);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static StateManifest fromJson(byte[] bytes) {
    try {
      JsonNode n = MAPPER.readTree(bytes);
      List<String> heavy = new ArrayList<>();
      n.path("heavyKeys").forEach(k -> heavy.add(k.asText()));
      SortedMap<String, Long> counts = new TreeMap<>();
      n.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
      return new StateManifest(
          n.path("batch").asLong(),
          n.path("statelessFrom").asLong(),
          n.path("statelessTo").asLong(),
          n.path("indexedThrough").asLong(),
          Instant.parse(n.path("asOf").asText()),
          n.path("parts").asInt(),
          n.path("heavyKeyBytes").asLong(),
          heavy,
          counts,
          PartFileLists.read(n.path("files")),
          PartFileLists.read(n.path("quarantine")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
