package dev.recon.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.IndexPutOutcome;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tenant routes on HTTP API (payload 2.0) fixture events (issue 15): the caller's tenant comes
 * from its role's name ({@link Caller}); its own tenant's route is served from that tenant's scoped
 * ports, anything else is refused before any store is read.
 */
class QueryHandlerTenantTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private final AtomicInteger indexReads = new AtomicInteger();
  private final List<TenantId> apisBuilt = new ArrayList<>();
  private final QueryHandler handler = new QueryHandler("prod", this::api);
  private final StatelessBatches gen = new StatelessBatches(5);
  private final java.util.Map<TenantId, ReconciliationArtifact> stored = new java.util.HashMap<>();

  /** The same id in three tenants, each with its own content (1, 2 and 3 events). */
  @BeforeEach
  void storeTheSameIdInThreeTenants() {
    int lines = 1;
    for (TenantId t : List.of(TenantId.DEFAULT, ACME, GLOBEX)) {
      ReconciliationArtifact a = TestArtifacts.artifact(gen, "order-9F2K", 1, lines++);
      for (IndexEntry e : TestArtifacts.writePart(Tenants.scope(store, t), 1, 0, List.of(a))) {
        Tenants.scope(index, t).putIfNewer(e);
      }
      stored.put(t, a);
    }
    indexReads.set(0);
  }

  private ArtifactApi api(TenantId tenant) {
    apisBuilt.add(tenant);
    return new ArtifactApi(
        new ArtifactQuery(
            Tenants.scope(countingIndex(), tenant), Tenants.scope(store, tenant), null, 128));
  }

  /** The shared index, counting every read. */
  private ArtifactIndex countingIndex() {
    return new ArtifactIndex() {
      @Override
      public Optional<IndexEntry> get(String artifactId) {
        indexReads.incrementAndGet();
        return index.get(artifactId);
      }

      @Override
      public Map<String, IndexEntry> getAll(Collection<String> artifactIds) {
        indexReads.incrementAndGet();
        return index.getAll(artifactIds);
      }

      @Override
      public IndexPutOutcome putIfNewer(IndexEntry entry) {
        throw new AssertionError("the query API never writes the index");
      }

      @Override
      public void close() {}
    };
  }

  private static APIGatewayV2HTTPEvent fixture(String name) {
    return EventLoader.loadApiGatewayHttpEvent("events/" + name);
  }

  private String bytesOf(TenantId t) {
    return new String(CanonicalJson.encode(stored.get(t)), StandardCharsets.UTF_8);
  }

  @Test
  void handleRequest_shouldServeTheCallersTenant_whenTheRouteIsItsOwn() {
    // WHEN acme's role asks GET /tenants/acme/artifacts/order-9F2K
    APIGatewayV2HTTPResponse r = handler.handleRequest(fixture("get-tenant-artifact.json"), null);

    // THEN acme's artifact, not the default tenant's or globex's of the same id
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    assertThat(r.getBody()).isEqualTo(bytesOf(ACME)).isNotEqualTo(bytesOf(GLOBEX));
    assertThat(apisBuilt).containsExactly(ACME);
  }

  @Test
  void handleRequest_shouldServeTheTenantsHistory_whenTheRouteIsItsOwn() {
    APIGatewayV2HTTPResponse r = handler.handleRequest(fixture("get-tenant-history.json"), null);

    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    assertThat(r.getBody()).startsWith("[").contains(bytesOf(ACME)).doesNotContain(bytesOf(GLOBEX));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // acme's role on globex's route
    "get-other-tenant.json, 403",
    // a tenant id the API can never have
    "get-bad-tenant.json, 400",
    // no IAM identity in the event
    "get-tenant-no-identity.json, 403",
    // recon-staging-tenant-acme: another environment's role
    "get-tenant-other-environment.json, 403",
    // recon-prod-tenant-acme of another account
    "get-tenant-other-account.json, 403",
    // acme's role on the un-prefixed route (the default tenant's data, administrator only)
    "get-artifact-as-tenant.json, 403",
  })
  void handleRequest_shouldRefuseBeforeReadingAnyStore_whenTheRouteIsNotTheCallers(
      String fixture, int status) {
    // WHEN
    APIGatewayV2HTTPResponse r = handler.handleRequest(fixture(fixture), null);

    // THEN refused, and no tenant's API was built, nothing read, no artifact in the answer
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
    assertThat(r.getHeaders()).containsEntry("Content-Type", "application/json; charset=utf-8");
    assertThat(apisBuilt).isEmpty();
    assertThat(indexReads).hasValue(0);
    for (TenantId t : stored.keySet()) {
      assertThat(r.getBody()).doesNotContain(stored.get(t).artifactId());
    }
  }

  @Test
  void handleRequest_shouldServeAnyTenant_whenTheAdministratorCalls() {
    // WHEN recon-prod-query-admin asks globex's route, then the un-prefixed one
    APIGatewayV2HTTPResponse tenant =
        handler.handleRequest(fixture("get-tenant-as-admin.json"), null);
    APIGatewayV2HTTPResponse legacy = handler.handleRequest(fixture("get-artifact.json"), null);

    // THEN globex's artifact, and the default tenant's on the un-prefixed route
    assertThat(tenant.getStatusCode()).isEqualTo(200);
    assertThat(tenant.getBody()).isEqualTo(bytesOf(GLOBEX));
    assertThat(legacy.getStatusCode()).isEqualTo(200);
    assertThat(legacy.getBody()).isEqualTo(bytesOf(TenantId.DEFAULT));
    assertThat(apisBuilt).containsExactly(GLOBEX, TenantId.DEFAULT);
  }

  @Test
  void handleRequest_shouldBuildEachTenantsApiOnce_whenCalledAgain() {
    handler.handleRequest(fixture("get-tenant-artifact.json"), null);
    handler.handleRequest(fixture("get-tenant-history.json"), null);

    assertThat(apisBuilt).containsExactly(ACME);
    assertThat(indexReads.get()).isPositive();
  }
}
