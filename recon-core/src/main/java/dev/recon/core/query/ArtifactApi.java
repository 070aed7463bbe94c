package dev.recon.core.query;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.error.InvalidIdException;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.model.ReconciliationArtifact;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
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
      id = URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Response.error(400, "malformed percent-encoding in the artifact id");
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
