package dev.recon.query;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds the percent-encoded request path {@link dev.recon.core.query.ArtifactApi} expects from
 * an HTTP API event.
 *
 * <p>Why not pass {@code rawPath} through: HTTP APIs hand the Lambda the path (and the path
 * parameters) already percent-decoded, unlike REST APIs and function URLs. Decoding it a second
 * time would turn an id such as {@code 100%25} into a malformed escape and lose a {@code /} inside
 * an id. So the id comes from the {@code {id}} path parameter of the routes the template declares
 * ({@code GET /artifacts/{id}}, {@code GET /artifacts/{id}/history} and their tenant forms {@code
 * GET /tenants/{tenant}/artifacts/{id}[/history]}, whose tenant {@link QueryHandler} has already
 * checked and scoped the ports to) and is encoded again as one path segment. An event from any
 * other route falls back to {@code rawPath}, encoded segment by segment.
 */
final class HttpApiPaths {
  static final String ID_PARAMETER = "id";
  static final String HISTORY_SUFFIX = "/history";

  private HttpApiPaths() {}

  /** The encoded path; empty when the id is not well-formed Unicode (an unpaired surrogate). */
  static Optional<String> rawPath(APIGatewayV2HTTPEvent event) {
    Map<String, String> parameters = event == null ? null : event.getPathParameters();
    String id = parameters == null ? null : parameters.get(ID_PARAMETER);
    if (id != null) {
      String routeKey = event.getRouteKey();
      String suffix = routeKey != null && routeKey.endsWith(HISTORY_SUFFIX) ? HISTORY_SUFFIX : "";
      return encodeSegment(id).map(segment -> "/artifacts/" + segment + suffix);
    }
    String decoded = event == null ? null : event.getRawPath();
    if (decoded == null || decoded.isEmpty()) {
      return Optional.of("/");
    }
    StringBuilder out = new StringBuilder(decoded.length() + 16);
    String[] segments = decoded.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      Optional<String> segment = encodeSegment(segments[i]);
      if (segment.isEmpty()) {
        return Optional.empty();
      }
      out.append(segment.get());
    }
    return Optional.of(out.toString());
  }

  /**
   * RFC 3986 percent-encoding of one path segment: every UTF-8 byte except the unreserved
   * characters. Empty when {@code s} holds an unpaired surrogate, which UTF-8 cannot carry (a
   * lenient encoder would silently turn it into {@code ?}, another, possibly existing, id).
   */
  static Optional<String> encodeSegment(String s) {
    CharsetEncoder utf8 =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes;
    try {
      bytes = utf8.encode(CharBuffer.wrap(s));
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder(s.length() * 3);
    while (bytes.hasRemaining()) {
      int b = bytes.get() & 0xff;
      if (unreserved(b)) {
        out.append((char) b);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return Optional.of(out.toString());
  }

  private static boolean unreserved(int b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || b == '-'
        || b == '.'
        || b == '_'
        || b == '~';
  }
}
