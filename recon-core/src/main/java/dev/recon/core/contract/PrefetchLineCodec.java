package dev.recon.core.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recon.core.model.ArtifactLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * One line of {@code prefetch/<N>/part-NNNNN.jsonl}:
 *
 * <pre>
 * {"artifactId":"order-1","version":3,"partFile":"state/0000000003/part-00001.jsonl",
 *  "offset":1234,"length":567,"source":"CACHE","artifact":{...the artifact's bytes...}}
 * </pre>
 *
 * <p>{@code partFile/offset/length} is the index entry's location: the processor sets it as the new
 * version's {@code previous}. {@code artifact} is spliced in byte for byte as stored (it is
 * canonical JSON already), never re-encoded, and is always the last field, so a reader slices it
 * out without parsing it. Every line is still plain JSON for {@code jq}.
 */
public final class PrefetchLineCodec {
  private static final JsonFactory JSON = new JsonFactory();

  static {
    JSON.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  private static final String ARTIFACT_FIELD = "artifact";
  private static final byte[] ARTIFACT_PREFIX =
      (",\"" + ARTIFACT_FIELD + "\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private PrefetchLineCodec() {}

  public static byte[] encode(PrefetchedArtifact p) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(p.artifact().length + 256);
    write(p, out);
    return out.toByteArray();
  }

  /** Writes the line without its newline. */
  public static void write(PrefetchedArtifact p, OutputStream out) {
    try {
      ByteArrayOutputStream head = new ByteArrayOutputStream(256);
      try (JsonGenerator g = JSON.createGenerator(head)) {
        g.writeStartObject();
        g.writeStringField("artifactId", p.artifactId());
        g.writeNumberField("version", p.version());
        g.writeStringField("partFile", p.location().partFile());
        g.writeNumberField("offset", p.location().offset());
        g.writeNumberField("length", p.location().length());
        g.writeStringField("source", p.source().name());
        g.writeEndObject();
      }
      byte[] h = head.toByteArray();
      // Reopen the object: drop its closing brace, splice the artifact in, close it again.
      out.write(h, 0, h.length - 1);
      out.write(ARTIFACT_PREFIX);
      out.write(p.artifact());
      out.write('}');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PrefetchedArtifact decode(byte[] line) {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("prefetch line is not a JSON object");
      }
      String id = null;
      String partFile = null;
      long version = -1;
      long offset = -1;
      long length = -1;
      PrefetchedArtifact.Source source = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "artifactId" -> id = p.getText();
          case "version" -> version = p.getLongValue();
          case "partFile" -> partFile = p.getText();
          case "offset" -> offset = p.getLongValue();
          case "length" -> length = p.getLongValue();
          case "source" -> source = PrefetchedArtifact.Source.valueOf(p.getText());
          case ARTIFACT_FIELD -> {
            if (t != JsonToken.START_OBJECT) {
              throw new IllegalArgumentException("artifact is not an object");
            }
            int start = (int) p.currentTokenLocation().getByteOffset();
            int end = line.length - 1;
            if (line[end] != '}' || line[start] != '{') {
              throw new IllegalArgumentException(
                  "artifact is not the last field of the prefetch line");
            }
            byte[] artifact = Arrays.copyOfRange(line, start, end);
            return new PrefetchedArtifact(
                id, version, new ArtifactLocation(partFile, offset, length), source, artifact);
          }
          default -> p.skipChildren();
        }
      }
      throw new IllegalArgumentException("prefetch line without an artifact");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
