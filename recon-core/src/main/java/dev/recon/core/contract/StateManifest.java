package dev.recon.core.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recon.core.error.ObjectNotFoundException;
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
 * {@code state/<N>/manifest.json}, written by the stateful processor after every part-file: batch
 * N's state is complete (and may be indexed) when it exists. Readers (the processor's reruns and
 * in-flight reads, the state indexer) use only the part-files it lists, so a stray file from a
 * failed attempt is never indexed. This record is the one codec for it: writer and readers share
 * it.
 *
 * <pre>
 * {"batch":7,"statelessFrom":9,"statelessTo":10,"indexedThrough":5,"asOf":"2026-11-22T11:00:00Z",
 *  "parts":8,"heavyKeyBytes":67108864,"heavyKeys":["shipment-1"],
 *  "counts":{"applied":..,"artifacts":..,"duplicates":..,"events":..,"keys":..,"quarantined":..,...},
 *  "files":[{"key":"state/0000000007/part-00000.jsonl","records":120,"bytes":81234,"sha256":"…"}],
 *  "quarantine":[{"key":"quarantine/state-0000000007/part-00003.jsonl","records":1,"bytes":402,"sha256":"…"}]}
 * </pre>
 *
 * <p>It holds no wall-clock time: a rerun of the batch must produce the very same manifest.
 * Decoding is lenient as a reader of an older or partial manifest expects: unknown fields are
 * skipped, an absent number reads 0, an absent string "", an absent list or map empty and an absent
 * {@code asOf} null (the indexer needs only {@code files}).
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

  public static final String BATCH = "batch";
  public static final String STATELESS_FROM = "statelessFrom";
  public static final String STATELESS_TO = "statelessTo";
  public static final String INDEXED_THROUGH = "indexedThrough";
  public static final String AS_OF = "asOf";
  public static final String PARTS = "parts";
  public static final String HEAVY_KEY_BYTES = "heavyKeyBytes";
  public static final String HEAVY_KEYS = "heavyKeys";
  public static final String COUNTS = "counts";
  public static final String FILES = "files";
  public static final String QUARANTINE = "quarantine";

  /** Fields of one entry of {@link #FILES} and {@link #QUARANTINE}. */
  public static final String FILE_KEY = Manifests.FILE_KEY;

  public static final String FILE_RECORDS = Manifests.FILE_RECORDS;
  public static final String FILE_BYTES = Manifests.FILE_BYTES;
  public static final String FILE_SHA256 = Manifests.FILE_SHA256;

  private static final JsonFactory JSON = new JsonFactory();

  public StateManifest {
    heavyKeys = List.copyOf(heavyKeys);
    counts = new TreeMap<>(counts);
    files = List.copyOf(files);
    quarantine = List.copyOf(quarantine);
  }

  /** Batch N's manifest, or empty when N is not processed (yet). */
  public static Optional<StateManifest> read(ObjectStore store, long batch) {
    byte[] bytes;
    try {
      bytes = store.get(Layout.stateManifest(batch));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(fromJson(bytes));
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

  /** The keys of the listed state part-files, sorted. */
  public List<String> partFileKeys() {
    List<String> keys = new ArrayList<>();
    files.forEach(f -> keys.add(f.key()));
    keys.sort(null);
    return keys;
  }

  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField(BATCH, batch);
      g.writeNumberField(STATELESS_FROM, statelessFrom);
      g.writeNumberField(STATELESS_TO, statelessTo);
      g.writeNumberField(INDEXED_THROUGH, indexedThrough);
      g.writeStringField(AS_OF, asOf.toString());
      g.writeNumberField(PARTS, parts);
      g.writeNumberField(HEAVY_KEY_BYTES, heavyKeyBytes);
      g.writeArrayFieldStart(HEAVY_KEYS);
      for (String k : heavyKeys) {
        g.writeString(k);
      }
      g.writeEndArray();
      g.writeObjectFieldStart(COUNTS);
      for (Map.Entry<String, Long> e : counts.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      Manifests.writeFiles(g, FILES, files);
      Manifests.writeFiles(g, QUARANTINE, quarantine);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static StateManifest fromJson(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("a state manifest is a JSON object");
      }
      long batch = 0;
      long statelessFrom = 0;
      long statelessTo = 0;
      long indexedThrough = 0;
      Instant asOf = null;
      int parts = 0;
      long heavyKeyBytes = 0;
      List<String> heavy = new ArrayList<>();
      SortedMap<String, Long> counts = new TreeMap<>();
      List<PartFileStats> files = new ArrayList<>();
      List<PartFileStats> quarantine = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case BATCH -> batch = p.getValueAsLong();
          case STATELESS_FROM -> statelessFrom = p.getValueAsLong();
          case STATELESS_TO -> statelessTo = p.getValueAsLong();
          case INDEXED_THROUGH -> indexedThrough = p.getValueAsLong();
          case AS_OF -> asOf = Instant.parse(p.getValueAsString(""));
          case PARTS -> parts = p.getValueAsInt();
          case HEAVY_KEY_BYTES -> heavyKeyBytes = p.getValueAsLong();
          case HEAVY_KEYS -> {
            if (t == JsonToken.START_ARRAY) {
              while (p.nextToken() != JsonToken.END_ARRAY) {
                heavy.add(p.getValueAsString(""));
                p.skipChildren();
              }
            } else {
              // not a list: skipped like an unknown field, so the fields after it are still read
              p.skipChildren();
            }
          }
          case COUNTS -> {
            if (t == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                counts.put(name, p.getValueAsLong());
                p.skipChildren();
              }
            } else {
              p.skipChildren();
            }
          }
          case FILES -> files.addAll(Manifests.readFiles(p));
          case QUARANTINE -> quarantine.addAll(Manifests.readFiles(p));
          default -> p.skipChildren();
        }
      }
      return new StateManifest(
          batch,
          statelessFrom,
          statelessTo,
          indexedThrough,
          asOf,
          parts,
          heavyKeyBytes,
          heavy,
          counts,
          files,
          quarantine);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
