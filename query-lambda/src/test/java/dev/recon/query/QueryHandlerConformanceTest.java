package dev.recon.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.OpenApiConformance;
import dev.recon.core.testing.VersionedArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The query Lambda's answers conform to the OpenAPI document {@code recon serve} serves
 * (recon-cli's resource, read by relative path: this module does not depend on recon-cli), and
 * every route the API Gateway template declares is one of the document's paths.
 */
class QueryHandlerConformanceTest {
  /** The document (the module's directory is the tests' working directory). */
  static final Path DOCUMENT =
      Path.of("../recon-cli/src/main/resources/dev/recon/cli/serve/openapi.json");

  static final Path TEMPLATE = Path.of("../infrastructure/template.yaml");

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private OpenApiConformance openApi;

  @BeforeEach
  void setUp() throws Exception {
    openApi = new OpenApiConformance(Files.readAllBytes(DOCUMENT));
    for (TenantId t : List.of(TenantId.DEFAULT, TenantId.of("acme"), TenantId.of("globex"))) {
      VersionedArtifacts chain =
          new VersionedArtifacts(Tenants.scope(store, t), Tenants.scope(index, t));
      chain.add("order-9F2K", 1, Instant.parse("2026-11-22T11:00:00Z"), 3, "ref-1");
      chain.add("order-9F2K", 2, Instant.parse("2026-11-22T12:00:00Z"), 2, "ref-2");
    }
  }

  private QueryHandler handler(int maxBodyBytes) {
    return new QueryHandler(
        "prod",
        t ->
            new ArtifactApi(
                new ArtifactQuery(Tenants.scope(index, t), Tenants.scope(store, t), null, 128)),
        maxBodyBytes);
  }

  /** The template's {@code RouteKey: GET /…} lines. */
  static List<String> templateRoutes() throws Exception {
    Matcher m =
        Pattern.compile("(?m)^\\s*RouteKey:\\s*GET\\s+(\\S+)\\s*$")
            .matcher(Files.readString(TEMPLATE));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void templateRoutes_shouldEachBeADocumentedArtifactsOperation() throws Exception {
    List<String> routes = templateRoutes();

    assertThat(routes)
        .containsExactlyInAnyOrder(
            "/artifacts/{id}",
            "/artifacts/{id}/history",
            "/tenants/{tenant}/artifacts/{id}",
            "/tenants/{tenant}/artifacts/{id}/history");
    assertThat(openApi.paths()).containsAll(routes);
  }

  @Test
  void everyFixtureEvent_shouldBeAnsweredAsTheDocumentSays() throws Exception {
    List<String> failures = new ArrayList<>();
    Map<String, Integer> statuses = new TreeMap<>();
    List<Path> fixtures;
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/events"))) {
      fixtures = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(fixtures).hasSizeGreaterThan(10);
    for (Path fixture : fixtures) {
      APIGatewayV2HTTPEvent event =
          EventLoader.loadApiGatewayHttpEvent("events/" + fixture.getFileName());
      for (int max : new int[] {QueryHandler.MAX_BODY_BYTES_DEFAULT, 16}) {
        APIGatewayV2HTTPResponse r = handler(max).handleRequest(event, null);
        statuses.put(fixture.getFileName() + " max " + max, r.getStatusCode());
        Map<String, List<String>> headers = new TreeMap<>();
        r.getHeaders().forEach((k, v) -> headers.put(k, List.of(v)));
        String method = event.getRequestContext().getHttp().getMethod();
        // the path the client sent (API Gateway hands the Lambda rawPath decoded)
        String rawPath =
            event.getRawPath().startsWith("/tenants/")
                    || event.getRawPath().startsWith("/artifacts/")
                ? encodedPath(event.getRawPath())
                : event.getRawPath();
        failures.addAll(
            openApi.violations(method, rawPath, r.getStatusCode(), headers, r.getBody()));
      }
    }

    assertThat(failures).as("answers that do not conform").isEmpty();
    // 200, 400, 403, 404 and the too-large 500 all came, so each was checked
    assertThat(new TreeSet<>(statuses.values())).contains(200, 400, 403, 404, 500);
  }

  /** Each segment percent-encoded as the client sent it. */
  private static String encodedPath(String decoded) {
    StringBuilder out = new StringBuilder();
    String[] segments = decoded.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(HttpApiPaths.encodeSegment(segments[i]).orElse("%ED%A0%80"));
    }
    return out.toString();
  }

  @Test
  void conformance_shouldFail_whenTheLambdaAnsweredOtherwise() throws Exception {
    APIGatewayV2HTTPResponse r =
        handler(QueryHandler.MAX_BODY_BYTES_DEFAULT)
            .handleRequest(EventLoader.loadApiGatewayHttpEvent("events/get-history.json"), null);
    Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/json"));
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(
            openApi.violations("GET", "/artifacts/order-9F2K/history", 200, headers, r.getBody()))
        .isEmpty();

    // one artifact where the history's array is due, a status the route never declares
    String first = r.getBody().substring(1, r.getBody().indexOf(",\"previous\"")) + "}";
    assertThat(openApi.violations("GET", "/artifacts/order-9F2K/history", 200, headers, first))
        .isNotEmpty();
    assertThat(openApi.violations("GET", "/artifacts/order-9F2K/history", 502, headers, "{}"))
        .isNotEmpty();
  }
}
