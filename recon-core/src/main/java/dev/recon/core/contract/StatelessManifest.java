package dev.recon.core.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.watermark.BatchSources;
import dev.recon.core.watermark.SourceStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code stateless/<S>/manifest.json}: the commit marker of a stateless batch, written last. A
 * reader (prefetcher, stateful processor, backlog manager) reads nothing of batch S until it
 * exists, and then only the part-files it lists.
 *
 * <p>It holds the batch number, the settings that shape the output (partitions, chunk size), every
 * input object with its size and lines read, the counts (names from {@link LedgerNames}: {@code
 * read}, {@code accepted}, {@code duplicates}, {@code quarantined}, {@code quarantined.<REASON>}
 * for every reason, {@code keys}, plus {@code artifactLines}, {@code inputs}, {@code
 * unreadableObjects}, {@code bytes}), per event source the accepted events and the latest event
 * time ({@code sources}, what watermarks are made of; empty name = events without a source), and
 * every part-file with its size, sha256 and line count. It carries no wall-clock time, so an
 * interrupted-and-rerun batch has a byte-identical manifest. A manifest written before {@code
 * sources} existed reads as having none.
 *
 * <p>Invariant checked before it is written: {@code read = accepted + duplicates + quarantined}.
 */
public record StatelessManifest(
    long statelessBatch,
    int partitions,
    int chunkEvents,
    List<InputStat> inputs,
    SortedMap<String, Long> counts,
    List<PartFile> artifacts,
    List<PartFile> keys,
    List<PartFile> quarantine,
    BatchSources sources,
    List<PartFile> external) {

  public static final int FORMAT_VERSION = 1;
  public static final String ARTIFACT_LINES = "artifactLines";
  public static final String INPUTS = "inputs";
  public static final String UNREADABLE_OBJECTS = "unreadableObjects";

  /**
   * Accepted external (statement) lines, part of {@code accepted}; written only by a batch with
   * external sources, in {@code external} part-files.
   */
  public static final String EXTERNAL = "external";

  private static final JsonFactory JSON = new JsonFactory();

  public StatelessManifest {
    if (statelessBatch < 1) {
      throw new IllegalArgumentException("statelessBatch must be >= 1: " + statelessBatch);
    }
    inputs = List.copyOf(inputs);
    counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
    artifacts = List.copyOf(artifacts);
    keys = List.copyOf(keys);
    quarantine = List.copyOf(quarantine);
    sources = sources == null ? BatchSources.NONE : sources;
    external = external == null ? List.of() : List.copyOf(external);
  }

  /** A manifest of a batch without external lines (no matching rule set). */
  public StatelessManifest(
      long statelessBatch,
      int partitions,
      int chunkEvents,
      List<InputStat> inputs,
      SortedMap<String, Long> counts,
      List<PartFile> artifacts,
      List<PartFile> keys,
      List<PartFile> quarantine,
      BatchSources sources) {
    this(
        statelessBatch,
        partitions,
        chunkEvents,
        inputs,
        counts,
        artifacts,
        keys,
        quarantine,
        sources,
        List.of());
  }

  /** A manifest without per-source stats (tests, and manifests written before they existed). */
  public StatelessManifest(
      long statelessBatch,
      int partitions,
      int chunkEvents,
      List<InputStat> inputs,
      SortedMap<String, Long> counts,
      List<PartFile> artifacts,
      List<PartFile> keys,
      List<PartFile> quarantine) {
    this(
        statelessBatch,
        partitions,
        chunkEvents,
        inputs,
        counts,
        artifacts,
        keys,
        quarantine,
        BatchSources.NONE);
  }

  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }

  /** {@code read = accepted + duplicates + quarantined}: every line is accounted for. */
  public boolean balanced() {
    return count(LedgerNames.READ)
        == count(LedgerNames.ACCEPTED)
            + count(LedgerNames.DUPLICATES)
            + count(LedgerNames.QUARANTINED);
  }

  public List<String> inputKeys() {
    return inputs.stream().map(InputStat::key).toList();
  }

  /** Every part-file, artifacts then keys then quarantine then external lines. */
  public List<PartFile> allParts() {
    List<PartFile> all = new ArrayList<>(artifacts);
    all.addAll(keys);
    all.addAll(quarantine);
    all.addAll(external);
    return all;
  }

  // ------------------------------------------------------------------ codec

  /** Canonical bytes: fixed field order, one JSON object, newline-terminated. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("formatVersion", FORMAT_VERSION);
      g.writeNumberField("statelessBatch", statelessBatch);
      g.writeNumberField("partitions", partitions);
      g.writeNumberField("chunkEvents", chunkEvents);
      g.writeObjectFieldStart("counts");
      for (Map.Entry<String, Long> e : counts.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("inputs");
      for (InputStat i : inputs) {
        g.writeStartObject();
        g.writeStringField("key", i.key());
        g.writeNumberField("bytes", i.bytes());
        g.writeNumberField("lines", i.lines());
        g.writeBooleanField("readable", i.readable());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("sources");
      for (Map.Entry<String, SourceStats> e : sources.bySource().entrySet()) {
        g.writeStartObject();
        g.writeStringField("source", e.getKey());
        g.writeStringField("maxEventTime", e.getValue().maxEventTime().toString());
        g.writeNumberField("accepted", e.getValue().events());
        g.writeEndObject();
      }
      g.writeEndArray();
      writeParts(g, "artifacts", artifacts);
      writeParts(g, "keys", keys);
      writeParts(g, "quarantine", quarantine);
      if (!external.isEmpty()) {
        // absent when none, so a batch without matching has the bytes it always had
        writeParts(g, "external", external);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void writeParts(JsonGenerator g, String name, List<PartFile> parts)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (PartFile p : parts) {
      g.writeStartObject();
      g.writeStringField("key", p.key());
      g.writeNumberField("bytes", p.bytes());
      g.writeStringField("sha256", p.sha256());
      g.writeNumberField("records", p.records());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  public static StatelessManifest decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try (JsonParser p = JSON.createParser(bytes)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      long batch = 0;
      int partitions = 0;
      int chunk = 0;
      int version = -1;
      TreeMap<String, Long> counts = new TreeMap<>();
      List<InputStat> inputs = new ArrayList<>();
      List<PartFile> artifacts = List.of();
      List<PartFile> keys = List.of();
      List<PartFile> quarantine = List.of();
      List<PartFile> external = List.of();
      TreeMap<String, SourceStats> sources = new TreeMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "formatVersion" -> version = p.getIntValue();
          case "statelessBatch" -> batch = p.getLongValue();
          case "partitions" -> partitions = p.getIntValue();
          case "chunkEvents" -> chunk = p.getIntValue();
          case "counts" -> {
            expect(t, JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String k = p.currentName();
              p.nextToken();
              counts.put(k, p.getLongValue());
            }
          }
          case "inputs" -> {
            expect(t, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              Map<String, Object> f = fields(p);
              inputs.add(
                  new InputStat(
                      (String) f.get("key"),
                      (Long) f.get("bytes"),
                      (Long) f.get("lines"),
                      (Boolean) f.get("readable")));
            }
          }
          case "sources" -> {
            expect(t, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              Map<String, Object> f = fields(p);
              sources.put(
                  (String) f.get("source"),
                  new SourceStats(
                      Instant.parse((String) f.get("maxEventTime")), (Long) f.get("accepted")));
            }
          }
          case "artifacts" -> artifacts = readParts(p, t);
          case "keys" -> keys = readParts(p, t);
          case "quarantine" -> quarantine = readParts(p, t);
          case "external" -> external = readParts(p, t);
          default -> p.skipChildren();
        }
      }
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("unsupported manifest format version " + version);
      }
      return new StatelessManifest(
          batch,
          partitions,
          chunk,
          inputs,
          counts,
          artifacts,
          keys,
          quarantine,
          new BatchSources(sources),
          external);
    } catch (IOException
        | ClassCastException
        | NullPointerException
        | java.time.DateTimeException e) {
      throw new IllegalArgumentException("not a stateless manifest: " + e.getMessage(), e);
    }
  }

  private static List<PartFile> readParts(JsonParser p, JsonToken t) throws IOException {
    expect(t, JsonToken.START_ARRAY);
    List<PartFile> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      Map<String, Object> f = fields(p);
      out.add(
          new PartFile(
              (String) f.get("key"),
              (Long) f.get("bytes"),
              (String) f.get("sha256"),
              (Long) f.get("records")));
    }
    return out;
  }

  /** A flat object of strings, integers and booleans. */
  private static Map<String, Object> fields(JsonParser p) throws IOException {
    Map<String, Object> f = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      JsonToken v = p.nextToken();
      switch (v) {
        case VALUE_NUMBER_INT -> f.put(k, p.getLongValue());
        case VALUE_TRUE, VALUE_FALSE -> f.put(k, p.getBooleanValue());
        case VALUE_STRING -> f.put(k, p.getText());
        default -> p.skipChildren();
      }
    }
    return f;
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + expected + " but found " + actual);
    }
  }
}
