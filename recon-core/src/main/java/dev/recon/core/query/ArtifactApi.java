package dev.recon.core.query;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.error.InvalidIdException;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accountant's HTTP API as a pure function from (method, path) to a response, so the local
 * server ({@code recon serve}) and the API Gateway Lambda are thin shells over the same code.
 *
 * <ul>
 *   <li>{@code GET /artifacts/{id}}: 200 with the artifact's canonical JSON (DESIGN §4)
 *   <li>{@code GET /artifacts/{id}/history}: 200 with a JSON array, newest version first
 *   <li>404 for an unknown id, 400 for a malformed one (before any store is read), 405 for other
 *       methods (with {@code Allow: GET, HEAD}), 503 when a store is unavailable
 * </ul>
 *
 * <p>The id is one path segment, percent-decoded strictly: every {@code %} must start two hex
 * digits and the bytes must be well-formed UTF-8, else 400. ({@link java.net.URLDecoder} would turn
 * {@code %E9} into U+FFFD, a different and possibly existing id, and {@code +} into a space.)
 */
public final class ArtifactApi {
  public static final int HISTORY_MAX_DEFAULT = 100;

  /** The methods the API answers, as an {@code Allow} header value. */
  public static final String ALLOWED_METHODS = "GET, HEAD";

  private final ArtifactQuery query;

  public ArtifactApi(ArtifactQuery query) {
    this.query = query;
  }

  /**
   * An HTTP response: status, content type, body and any further headers the status calls for
   * ({@code Allow} on a 405).
   */
  public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    public Response {
      headers = Map.copyOf(headers);
    }

    static Response json(int status, byte[] body) {
      return new Response(status, "application/json", body, Map.of());
    }

    static Response error(int status, String message) {
      String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
      return json(status, ("{\"error\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** The lookup behind this API (the console pages read pages and versions through it). */
  public ArtifactQuery query() {
    return query;
  }

  /** {@code rawPath} is the request path as received (still percent-encoded). */
  public Response handle(String method, String rawPath) {
    return handle(method, rawPath, null);
  }

  /**
   * {@code rawQuery} is the query string as received (still percent-encoded, without {@code ?}), or
   * null. {@code GET /artifacts/{id}?asOf=T} answers the version current at event-time cut-off
   * {@code T} (an ISO-8601 instant): the newest whose {@code asOf} is at or before {@code T}, its
   * stored bytes exactly, found by walking {@code previous}; 404 when the artifact did not exist
   * yet at {@code T}, 400 for a malformed {@code T}. Other parameters are ignored.
   */
  public Response handle(String method, String rawPath, String rawQuery) {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      Response r = Response.error(405, "only GET is supported");
      return new Response(r.status(), r.contentType(), r.body(), Map.of("Allow", ALLOWED_METHODS));
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
    Optional<String> decoded = decodeSegment(rest);
    if (decoded.isEmpty()) {
      return Response.error(
          400,
          "malformed percent-encoding in the artifact id (each % takes two hex digits, "
              + "and the bytes must be UTF-8)");
    }
    String id = decoded.get();
    Optional<String> asOfParameter = parameter(rawQuery, "asOf");
    Optional<Instant> asOf = Optional.empty();
    if (asOfParameter.isPresent()) {
      Optional<Instant> t =
          asOfParameter.flatMap(ArtifactApi::decodeSegment).flatMap(ArtifactApi::instant);
      if (t.isEmpty() || history) {
        return Response.error(
            400,
            history
                ? "asOf applies to /artifacts/{id}, not to its history"
                : "asOf must be an ISO-8601 instant in UTC, such as 2026-11-22T10:00:00Z");
      }
      asOf = t;
    }
    try {
      if (asOf.isPresent()) {
        Optional<IndexEntry> entry = query.entry(id);
        if (entry.isEmpty()) {
          return Response.error(404, "unknown artifact");
        }
        Instant cutOff = asOf.get();
        Optional<ArtifactQuery.Version> at = query.versionAt(entry.get().location(), cutOff);
        return at.map(v -> Response.json(200, query.bytesAt(v.location())))
            .orElseGet(
                () ->
                    Response.error(404, "the artifact did not exist yet at " + cutOff + " (asOf)"));
      }
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

  /** The raw (still encoded) value of the last {@code name=} in a query string, if any. */
  public static Optional<String> parameter(String rawQuery, String name) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Optional.empty();
    }
    String found = null;
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith(name + "=")) {
        found = pair.substring(name.length() + 1);
      }
    }
    return Optional.ofNullable(found);
  }

  /** An ISO-8601 instant, or empty. */
  public static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Strict percent-decoding of one path segment: {@code %XY} with two hex digits is the byte XY,
   * every other character stands for itself ({@code +} included), and the bytes must be well-formed
   * UTF-8. Empty when any of that fails.
   */
  public static Optional<String> decodeSegment(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        int hi = i + 1 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
        int lo = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0 || segment.charAt(i + 1) > 0x7f || segment.charAt(i + 2) > 0x7f) {
          return Optional.empty();
        }
        bytes.write((hi << 4) | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        // not valid in a request target, but a caller may hand one in: keep it as its UTF-8
        int end = i + 1;
        if (Character.isHighSurrogate(c)
            && end < segment.length()
            && Character.isLowSurrogate(segment.charAt(end))) {
          end++;
        } else if (Character.isSurrogate(c)) {
          return Optional.empty();
        }
        bytes.writeBytes(segment.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
