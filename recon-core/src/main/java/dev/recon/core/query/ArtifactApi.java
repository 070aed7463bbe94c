package dev.recon.core.query;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.error.InvalidIdException;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.model.ReconciliationArtifact;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The accountant's HTTP API as a pure function from (method, path) to a response, so the local
 * server ({@code recon serve}) and the API Gateway Lambda are thin shells over the same code.
 *
 * <ul>
 *   <li>{@code GET /artifacts/{id}}: 200 with the artifact's canonical JSON (DESIGN §4)
 *   <li>{@code GET /artifacts/{id}/history}: 200 with a JSON array, newest version first
 *   <li>404 for an unknown id, 400 for a malformed one (before any store is read), 405 for other
 *       methods, 503 when a store is unavailable
 * </ul>
 */
public final class ArtifactApi {
  public static final int HISTORY_MAX_DEFAULT = 100;

  private final ArtifactQuery query;

  public ArtifactApi(ArtifactQuery query) {
    this.query = query;
  }

  /** An HTTP response: status, content type and body. */
  public record Response(int status, String contentType, byte[] body) {
    static Response json(int status, byte[] body) {
      return new Response(status, "application/json", body);
    }

    static Response error(int status, String message) {
      String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
      return json(status, ("{\"error\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Percent-decodes one path segment ({@code +} is a plus, not a space) and decodes its bytes as
   * strict UTF-8: bytes that are not UTF-8 are a malformed id (400), never U+FFFD, so a lookup can
   * never reach an id that ingestion would have quarantined as MALFORMED_UTF8.
   */
  static String decodeSegment(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw new IllegalArgumentException("malformed percent-encoding in the artifact id");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        int cp = segment.codePointAt(i);
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
          throw new IllegalArgumentException("malformed artifact id: a lone surrogate");
        }
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("malformed artifact id: not valid UTF-8");
    }
  }

  /** {@code rawPath} is the request path as received (still percent-encoded). */
  public Response handle(String method, String rawPath) {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return Response.error(405, "only GET is supported");
    }
    if (rawPath == null || !rawPath.startsWith("/artifacts/")) {
      return Response.error(404, "no such resource");
    }
    String rest = rawPath.substring("/artifacts/".length());
    boolean history = rest.endsWith("/history");
    if (history) {
      rest = rest.substring(0, rest.length() - "/history".length());
    }
    if (rest.isEmpty() || rest.contains("/")) {
      return Response.error(404, "no such resource");
    }
    String id;
    try {
      id = decodeSegment(rest);
    } catch (IllegalArgumentException e) {
      return Response.error(400, e.getMessage());
    }
    try {
      if (history) {
        List<ReconciliationArtifact> versions = query.history(id, HISTORY_MAX_DEFAULT);
        if (versions.isEmpty()) {
          return Response.error(404, "unknown artifact");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < versions.size(); i++) {
          if (i > 0) {
            out.write(',');
          }
          out.writeBytes(CanonicalJson.encode(versions.get(i)));
        }
        out.write(']');
        return Response.json(200, out.toByteArray());
      }
      Optional<ArtifactQuery.Lookup> found = query.lookup(id);
      return found
          .map(l -> Response.json(200, l.bytes()))
          .orElseGet(() -> Response.error(404, "unknown artifact"));
    } catch (InvalidIdException e) {
      return Response.error(400, e.getMessage());
    } catch (StoreUnavailableException e) {
      return Response.error(503, "a store is unavailable; retry later");
    }
  }
}
