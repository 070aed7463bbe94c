package dev.recon.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Lambda handler {@code dev.recon.query.QueryHandler::handleRequest} behind the API Gateway HTTP
 * API (payload format 2.0, IAM authorization): {@code GET /tenants/{tenant}/artifacts/{id}} and
 * {@code …/history} in one tenant's data, and the un-prefixed {@code GET /artifacts/{id}} and
 * {@code …/history} (the default tenant's data, for the query administrator only). It translates
 * the event into {@link ArtifactApi}'s (method, raw path) on the tenant's scoped ports and the
 * answer back, so it serves exactly what {@code recon serve} serves locally.
 *
 * <p>Clients are built once per container by the no-argument constructor; API Gateway has already
 * checked the caller's SigV4 signature and {@code execute-api:Invoke} permission (the tenant policy
 * allows only the caller's own tenant's routes) before the event arrives. This handler checks
 * again, before any store is read: the caller ({@link Caller}, from the IAM role's name) must be
 * the route's tenant or the administrator, else 403; a malformed tenant id is 400.
 */
public final class QueryHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  /**
   * Largest body returned. A synchronous Lambda response is at most 6 MB including the JSON
   * envelope, in which every quote of the artifact JSON is escaped; beyond this the runtime would
   * fail the invocation and the caller would see a bare 502.
   */
  static final int MAX_BODY_BYTES_DEFAULT = 4 * 1024 * 1024;

  /** Tenants whose scoped API is kept per container; beyond, each request builds its own. */
  static final int MAX_CACHED_TENANTS = 256;

  /** The path parameter of the tenant routes. */
  static final String TENANT_PARAMETER = "tenant";

  private final String environment;
  private final Function<TenantId, ArtifactApi> apis;
  private final Map<TenantId, ArtifactApi> cached = new ConcurrentHashMap<>();
  private final int maxBodyBytes;

  /** Wires the real clients from the function's {@code RECON_*} environment, once per container. */
  public QueryHandler() {
    this(new AwsClientFactory(ReconSettings.fromEnvironment()));
  }

  private QueryHandler(AwsClientFactory clients) {
    this(
        clients.settings().environment(),
        tenant -> api(clients.forTenant(tenant)),
        MAX_BODY_BYTES_DEFAULT);
  }

  /**
   * For tests and local wiring: {@code apis} gives the API over one tenant's scoped ports ({@code
   * Tenants.scope}), {@code environment} names the roles the callers must have.
   */
  QueryHandler(String environment, Function<TenantId, ArtifactApi> apis) {
    this(environment, apis, MAX_BODY_BYTES_DEFAULT);
  }

  QueryHandler(String environment, Function<TenantId, ArtifactApi> apis, int maxBodyBytes) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.apis = Objects.requireNonNull(apis, "apis");
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The API over {@code clients}' ports (scoped to its tenant). */
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
    // 1. who calls: an identity of this deployment, else 403 (nothing read)
    Optional<Caller> caller = Caller.of(event, environment);
    if (caller.isEmpty()) {
      return encode(
          403, "{\"error\":\"forbidden: the caller is neither a tenant nor the administrator\"}");
    }
    // 2. whose data: the route's tenant (validated), or the default tenant on the un-prefixed
    // routes, which only the administrator may call
    Map<String, String> parameters = event.getPathParameters();
    String routeTenant = parameters == null ? null : parameters.get(TENANT_PARAMETER);
    boolean tenantRoute =
        routeTenant != null
            || (event.getRouteKey() != null && event.getRouteKey().contains("/tenants/"))
            || (event.getRawPath() != null && event.getRawPath().startsWith("/tenants/"));
    TenantId tenant;
    if (tenantRoute) {
      if (!TenantId.isValid(routeTenant)) {
        return encode(400, "{\"error\":\"malformed tenant id\"}");
      }
      tenant = TenantId.of(routeTenant);
    } else if (caller.get().admin()) {
      tenant = TenantId.DEFAULT;
    } else {
      return encode(403, "{\"error\":\"forbidden: use /tenants/{tenant}/artifacts/{id}\"}");
    }
    // 3. the caller's own tenant only (or the administrator), else 403 (nothing read)
    if (!caller.get().mayRead(tenant)) {
      return encode(403, "{\"error\":\"forbidden: another tenant's route\"}");
    }
    return serve(api(tenant), event);
  }

  private ArtifactApi api(TenantId tenant) {
    ArtifactApi api = cached.get(tenant);
    if (api != null) {
      return api;
    }
    if (cached.size() >= MAX_CACHED_TENANTS) {
      return apis.apply(tenant);
    }
    return cached.computeIfAbsent(tenant, apis);
  }

  private APIGatewayV2HTTPResponse serve(ArtifactApi api, APIGatewayV2HTTPEvent event) {
    Optional<String> path = HttpApiPaths.rawPath(event);
    if (path.isEmpty()) {
      return encode(400, "{\"error\":\"malformed artifact id: not valid Unicode\"}");
    }
    ArtifactApi.Response response =
        api.handle(method(event), path.get(), event.getRawQueryString());
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
