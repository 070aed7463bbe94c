package dev.recon.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.core.rules.StatelessReducer;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import dev.recon.core.testing.EventGenerator;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The handler on real HTTP API (payload 2.0) event fixtures, over in-memory ports. */
class QueryHandlerTest {
  private static final Instant AS_OF = Instant.parse("2026-11-22T10:20:00Z");

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private final QueryHandler handler = new QueryHandler("prod", this::api);
  private final EventGenerator events = new EventGenerator(17);
  private final ArtifactMerger merger = new ArtifactMerger(RulesConfig.DEFAULTS);

  /** The API over one tenant's views of the in-memory ports (the fixtures: the default tenant). */
  private ArtifactApi api(TenantId tenant) {
    return new ArtifactApi(
        new ArtifactQuery(Tenants.scope(index, tenant), Tenants.scope(store, tenant), null, 128));
  }

  private static APIGatewayV2HTTPEvent fixture(String name) {
    return EventLoader.loadApiGatewayHttpEvent("events/" + name);
  }

  /**
   * Version 1 in batch 1's part-file after another artifact; version 2 in batch 2's, pointing back.
   */
  private ReconciliationArtifact storedTwice(String id) {
    ReconciliationArtifact other =
        merger
            .merge(
                null,
                null,
                List.of(StatelessReducer.reduce("other", 1, List.of(events.event("other")))),
                1,
                AS_OF)
            .artifact();
    ReconciliationArtifact v1 =
        merger
            .merge(
                null,
                null,
                List.of(
                    StatelessReducer.reduce(id, 1, List.of(events.event(id), events.event(id)))),
                1,
                AS_OF)
            .artifact();
    byte[] first = CanonicalJson.encode(other);
    byte[] second = CanonicalJson.encode(v1);
    String part1 = "state/0000000001/part-00000.jsonl";
    store.put(
        part1,
        concat(
            first,
            "\n".getBytes(StandardCharsets.UTF_8),
            second,
            "\n".getBytes(StandardCharsets.UTF_8)));
    ArtifactLocation v1At = new ArtifactLocation(part1, first.length + 1, second.length);

    ReconciliationArtifact v2 =
        merger
            .merge(
                v1,
                v1At,
                List.of(StatelessReducer.reduce(id, 2, List.of(events.event(id)))),
                2,
                AS_OF.plusSeconds(300))
            .artifact();
    byte[] third = CanonicalJson.encode(v2);
    String part2 = "state/0000000002/part-00000.jsonl";
    store.put(part2, concat(third, "\n".getBytes(StandardCharsets.UTF_8)));
    index.putIfNewer(new IndexEntry(id, part2, 0, third.length, 2));
    return v2;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void handleRequest_shouldAnswer200WithTheArtifactBytes_whenTheIdIsKnown() {
    // GIVEN
    ReconciliationArtifact stored = storedTwice("order-9F2K");

    // WHEN
    APIGatewayV2HTTPResponse r = handler.handleRequest(fixture("get-artifact.json"), null);

    // THEN exactly the artifact's canonical JSON, as JSON, not cacheable
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getBody().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(CanonicalJson.encode(stored));
    assertThat(r.getIsBase64Encoded()).isFalse();
    assertThat(r.getHeaders())
        .containsEntry("Content-Type", "application/json; charset=utf-8")
        .containsEntry("Cache-Control", "no-store");
    assertThat(stored.version()).isEqualTo(2);
  }

  @Test
  void handleRequest_shouldFindTheArtifact_whenItsIdHasCharactersHttpApisDecode() {
    // GIVEN an id with a space, a non-ASCII character, '%' and '+' (delivered decoded)
    String id = "INV 2026-11 \u2116 7%+";
    ReconciliationArtifact stored = storedTwice(id);

    // WHEN
    APIGatewayV2HTTPResponse r =
        handler.handleRequest(fixture("get-artifact-encoded-id.json"), null);

    // THEN
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    assertThat(r.getBody().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(CanonicalJson.encode(stored));
  }

  @Test
  void handleRequest_shouldAnswerEveryVersionNewestFirst_whenTheHistoryRouteIsCalled() {
    // GIVEN
    ReconciliationArtifact v2 = storedTwice("order-9F2K");

    // WHEN
    APIGatewayV2HTTPResponse r = handler.handleRequest(fixture("get-history.json"), null);

    // THEN a JSON array: version 2 then version 1 (read back through v2's previous location)
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getBody())
        .startsWith("[" + new String(CanonicalJson.encode(v2), StandardCharsets.UTF_8) + ",")
        .contains("\"version\":1,")
        .endsWith("]");
  }

  @Test
  void handleRequest_shouldAnswerTheVersionCurrentAtT_whenAsOfIsGiven_and404BeforeTheFirst() {
    // GIVEN version 1 as of 10:20, version 2 as of 10:25
    storedTwice("order-9F2K");
    APIGatewayV2HTTPEvent at1022 = fixture("get-artifact.json");
    at1022.setRawQueryString("asOf=2026-11-22T10%3A22%3A00Z");
    APIGatewayV2HTTPEvent at1000 = fixture("get-artifact.json");
    at1000.setRawQueryString("asOf=2026-11-22T10:00:00Z");

    // WHEN
    APIGatewayV2HTTPResponse v1 = handler.handleRequest(at1022, null);
    APIGatewayV2HTTPResponse none = handler.handleRequest(at1000, null);

    // THEN the same answers as ArtifactApi gives recon serve
    assertThat(v1.getStatusCode()).as(v1.getBody()).isEqualTo(200);
    assertThat(
            CanonicalJson.decodeArtifact(v1.getBody().getBytes(StandardCharsets.UTF_8)).version())
        .isEqualTo(1);
    assertThat(none.getStatusCode()).isEqualTo(404);
    assertThat(none.getBody()).contains("did not exist yet at 2026-11-22T10:00:00Z");
  }

  @Test
  void handleRequest_shouldAnswer404_whenTheIdIsUnknown() {
    // GIVEN
    storedTwice("order-9F2K");

    // WHEN
    APIGatewayV2HTTPResponse r = handler.handleRequest(fixture("get-unknown.json"), null);

    // THEN
    assertThat(r.getStatusCode()).isEqualTo(404);
    assertThat(r.getBody()).isEqualTo("{\"error\":\"unknown artifact\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"get-malformed-control.json", "get-overlong.json"})
  void handleRequest_shouldAnswer400WithoutReadingAnyStore_whenTheIdIsMalformed(String fixture) {
    // GIVEN
    storedTwice("order-9F2K");
    long getsBefore = store.gets.get();

    // WHEN
    APIGatewayV2HTTPResponse r = handler.handleRequest(fixture(fixture), null);

    // THEN
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getBody()).startsWith("{\"error\":\"malformed artifact id: ");
    assertThat(store.gets.get()).isEqualTo(getsBefore);
  }

  @Test
  void handleRequest_shouldAnswer400_whenTheIdHoldsAnUnpairedSurrogate() {
    // GIVEN an id UTF-8 cannot carry (a lenient encoder would look up "bad?" instead)
    storedTwice("bad?");
    APIGatewayV2HTTPEvent event = fixture("get-unknown.json");
    event.setPathParameters(java.util.Map.of("id", "bad\uD800"));

    // WHEN
    APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);

    // THEN
    assertThat(r.getStatusCode()).isEqualTo(400);
  }

  @Test
  void handleRequest_shouldAnswer405WithAnAllowHeader_whenTheMethodIsNotGet() {
    // GIVEN the fixture's route called with another method (a catch-all route, or a future one)
    storedTwice("order-9F2K");
    APIGatewayV2HTTPEvent event = fixture("get-artifact.json");
    event.getRequestContext().getHttp().setMethod("DELETE");

    // WHEN
    APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);

    // THEN the same answer as recon serve: 405, Allow, and the API's usual headers
    assertThat(r.getStatusCode()).isEqualTo(405);
    assertThat(r.getHeaders())
        .containsEntry("Allow", "GET, HEAD")
        .containsEntry("Cache-Control", "no-store")
        .containsEntry("X-Content-Type-Options", "nosniff");
  }

  @Test
  void handleRequest_shouldLookUpTheLiteralId_whenACatchAllRoutePassesADecodedPercentSign() {
    // GIVEN no id parameter and a rawPath holding a decoded '%': re-encoded as %25, it is the id
    // "%E9"
    storedTwice("%E9");
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withRouteKey("$default")
            .withRawPath("/artifacts/%E9")
            .withRequestContext(fixture("get-artifact.json").getRequestContext())
            .build();

    // WHEN
    APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);

    // THEN found by its literal id (never decoded twice), as ArtifactApi answers /artifacts/%25E9
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
  }

  @Test
  void handleRequest_shouldAnswer500WithAClearMessage_whenTheAnswerIsTooLargeForALambdaResponse() {
    // GIVEN an artifact larger than the handler's response limit
    ReconciliationArtifact stored = storedTwice("order-9F2K");
    int size = CanonicalJson.encode(stored).length;
    QueryHandler small = new QueryHandler("prod", this::api, size - 1);

    // WHEN
    APIGatewayV2HTTPResponse r = small.handleRequest(fixture("get-artifact.json"), null);

    // THEN not a bare 502 from a failed invocation, but a message saying what to do
    assertThat(r.getStatusCode()).isEqualTo(500);
    assertThat(r.getBody())
        .contains("(" + size + " bytes)")
        .contains("larger than the API can return")
        .contains("recon get");
  }

  @Test
  void constructor_shouldWireClientsWithoutCallingAws_whenTheRuntimeInstantiatesTheHandler() {
    // GIVEN / WHEN the runtime's instantiation (settings from the environment, clients built
    // lazily)
    QueryHandler fromEnvironment = new QueryHandler();

    // THEN
    assertThat(fromEnvironment).isNotNull();
  }
}
