package dev.recon.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lambda handler {@code dev.recon.query.QueryHandler::handleRequest} behind the API Gateway HTTP
 * API (payload format 2.0, IAM authorization): {@code GET /artifacts/{id}} and {@code GET
 * /artifacts/{id}/history}. It only translates the event into {@link ArtifactApi}'s (method, raw
 * path) and the answer back, so it serves exactly what {@code recon serve} serves locally.
 *
 * <p>Clients are built once per container by the no-argument constructor; API Gateway has already
 * checked the caller's SigV4 signature and {@code execute-api:Invoke} permission before the event
 * arrives, so there is no authentication here.
 */
public final class QueryHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  /**
   * Largest body returned. A synchronous Lambda response is at most 6 MB including the JSON
   * envelope, in which every quote of the artifact JSON is escaped; beyond this the runtime would
   * fail the invocation and the caller would see a bare 502.
   */
  static final int MAX_BODY_BYTES_DEFAULT = 4 * 1024 * 1024;

  private final ArtifactApi api;
  private final int maxBodyBytes;

  /** Wires the real clients from the function's {@code RECON_*} environment, once per container. */
  public QueryHandler() {
    this(api(new AwsClientFactory(ReconSettings.fromEnvironment())));
  }

  /** The API in, for tests and local wiring. */
  QueryHandler(ArtifactApi api) {
    this(api, MAX_BODY_BYTES_DEFAULT);
  }

  QueryHandler(ArtifactApi api, int maxBodyBytes) {
    this.api = Objects.requireNonNull(api, "api");
    this.maxBodyBytes = maxBodyBytes;
  }

  static ArtifactApi api(AwsClientFactory clients) {
    return new ArtifactApi(
        new ArtifactQuery(
            clients.artifactIndex(),
            clients.objectStore(),
            clients.artifactCache(),
            clients.settings().rules().maxIdLength()));
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Optional<String> path = HttpApiPaths.rawPath(event);
    if (path.isEmpty()) {
      return encode(400, "{\"error\":\"malformed artifact id: not valid Unicode\"}");
    }
    ArtifactApi.Response response = api.handle(method(event), path.get());
    if (response.body().length > maxBodyBytes) {
      return encode(
          500,
          "{\"error\":\"the response ("
              + response.body().length
              + " bytes) is larger than the API can return; use recon get or recon history --max\"}");
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(headers(response.contentType(), response.headers()))
        .withBody(new String(response.body(), StandardCharsets.UTF_8))
        .withIsBase64Encoded(false)
        .build();
  }

  private static String method(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPEvent.RequestContext rc = event == null ? null : event.getRequestContext();
    return rc == null || rc.getHttp() == null ? null : rc.getHttp().getMethod();
  }

  private static APIGatewayV2HTTPResponse encode(int status, String json) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(headers("application/json", Map.of()))
        .withBody(json)
        .withIsBase64Encoded(false)
        .build();
  }

  /**
   * Artifacts change with every batch: never cached by an intermediary. Plus the API's own (Allow).
   */
  private static Map<String, String> headers(String contentType, Map<String, String> extra) {
    Map<String, String> h = new java.util.TreeMap<>(extra);
    h.put("Content-Type", contentType + "; charset=utf-8");
    h.put("Cache-Control", "no-store");
    h.put("X-Content-Type-Options", "nosniff");
    return h;
  }
}
