package dev.recon.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Objects;

/**
 * The id and version at the head of an encoded artifact, read without decoding the rest.
 *
 * <p>Why: the canonical encoding puts {@code artifactId} and {@code version} first, so the first
 * few hundred bytes identify a line. That lets the indexer index a million-line artifact without
 * holding it, and lets every reader check that bytes fetched by (offset, length) or from the cache
 * really are the artifact and version it asked for, instead of trusting a range that might point at
 * a neighbour.
 */
public record ArtifactHeader(String artifactId, long version) {
  /** Enough bytes for the header of any valid artifact (ids are at most a few hundred bytes). */
  public static final int MAX_HEADER_BYTES = 4096;

  private static final JsonFactory JSON = new JsonFactory();

  public ArtifactHeader {
    Objects.requireNonNull(artifactId, "artifactId");
  }

  /** Reads the header from {@code length} bytes at {@code offset}; the bytes may stop after it. */
  public static ArtifactHeader read(byte[] bytes, int offset, int length) {
    try (JsonParser p = JSON.createParser(bytes, offset, Math.min(length, MAX_HEADER_BYTES))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedArtifactException("not a JSON object");
      }
      String id = null;
      Long version = null;
      while (p.nextToken() == JsonToken.FIELD_NAME && (id == null || version == null)) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if ("artifactId".equals(name) && t == JsonToken.VALUE_STRING) {
          id = p.getText();
        } else if ("version".equals(name) && t == JsonToken.VALUE_NUMBER_INT) {
          version = p.getLongValue();
        } else {
          // The canonical encoding writes both first; anything before them is not ours.
          throw new MalformedArtifactException(
              "unexpected field '" + name + "' before artifactId/version");
        }
      }
      if (id == null || version == null) {
        throw new MalformedArtifactException("no artifactId/version at the head");
      }
      return new ArtifactHeader(id, version);
    } catch (IOException e) {
      throw new MalformedArtifactException("unreadable head: " + e.getMessage());
    }
  }

  public static ArtifactHeader read(byte[] bytes) {
    return read(bytes, 0, bytes.length);
  }

  /**
   * The artifactId that opens any canonically encoded record of one key (a reconciliation artifact
   * or a stateless artifact), read from its first field only.
   */
  public static String artifactIdOf(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes, 0, Math.min(bytes.length, MAX_HEADER_BYTES))) {
      if (p.nextToken() != JsonToken.START_OBJECT
          || p.nextToken() != JsonToken.FIELD_NAME
          || !"artifactId".equals(p.currentName())
          || p.nextToken() != JsonToken.VALUE_STRING) {
        throw new MalformedArtifactException("record does not start with its artifactId");
      }
      return p.getText();
    } catch (IOException e) {
      throw new MalformedArtifactException("unreadable head: " + e.getMessage());
    }
  }

  /** Bytes that should hold an artifact do not start with its canonical header. */
  public static final class MalformedArtifactException extends dev.recon.core.error.ReconException {
    public MalformedArtifactException(String message) {
      super(message);
    }
  }
}
