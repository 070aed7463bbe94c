package dev.recon.core.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.port.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Shared pieces of the stateful path's manifests ({@code prefetch/<N>/} and {@code state/<N>/}):
 * the part-file list and optional reads. Streams with jackson-core only, like the rest of
 * recon-core.
 */
public final class Manifests {
  /** Fields of one part-file entry. */
  public static final String FILE_KEY = "key";

  public static final String FILE_RECORDS = "records";
  public static final String FILE_BYTES = "bytes";
  public static final String FILE_SHA256 = "sha256";

  private Manifests() {}

  public static void writeFiles(JsonGenerator g, String field, List<PartFileStats> files)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (PartFileStats f : files) {
      g.writeStartObject();
      g.writeStringField(FILE_KEY, f.key());
      g.writeNumberField(FILE_RECORDS, f.records());
      g.writeNumberField(FILE_BYTES, f.bytes());
      g.writeStringField(FILE_SHA256, f.sha256());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /**
   * Reads a part-file list written by {@link #writeFiles}; {@code p} is on its {@code START_ARRAY}.
   * A missing field reads as empty or 0, unknown fields and elements that are no object are
   * skipped.
   */
  public static List<PartFileStats> readFiles(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return List.of();
    }
    List<PartFileStats> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      String key = "";
      long records = 0;
      long bytes = 0;
      String sha256 = "";
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case FILE_KEY -> key = p.getValueAsString("");
          case FILE_RECORDS -> records = p.getValueAsLong();
          case FILE_BYTES -> bytes = p.getValueAsLong();
          case FILE_SHA256 -> sha256 = p.getValueAsString("");
          default -> p.skipChildren();
        }
      }
      out.add(new PartFileStats(key, records, bytes, sha256));
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
