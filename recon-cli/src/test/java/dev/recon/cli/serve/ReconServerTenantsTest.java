package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.metrics.CountingArtifactIndex;
import dev.recon.core.metrics.CountingObjectStore;
import dev.recon.core.metrics.IoCounters;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryBatchLedger;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.core.testing.TestArtifacts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access per tenant (DESIGN §10) on every route of {@code recon serve}: no token 401, a token that
 * grants nothing 403, another tenant's token 403, the tenant's own (or an admin's) 200 — and a
 * refused request reads no store.
 */
class ReconServerTenantsTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final String ACME_TOKEN = "acme-token-7f3c9a1e5b2d4c6f8a0b";
  private static final String GLOBEX_TOKEN = "globex-token-1a2b3c4d5e6f7a8b9c0d";
  private static final String ADMIN_TOKEN = "admin-token-0f1e2d3c4b5a69788796";

  private final HttpClient http = HttpClient.newHttpClient();
  private final IoCounters reads = new IoCounters();
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private final InMemoryBatchLedger ledger = new InMemoryBatchLedger();
  private final List<String> reachedLedger = new ArrayList<>();
  private ReconServer server;

  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    StatelessBatches gen = new StatelessBatches(5);
    // the same artifact id in both tenants, with different content
    for (TenantId t : List.of(ACME, GLOBEX)) {
      ReconciliationArtifact a = TestArtifacts.artifact(gen, "order-1", 1, t == ACME ? 2 : 3);
      for (IndexEntry e : TestArtifacts.writePart(Tenants.scope(store, t), 1, 0, List.of(a))) {
        Tenants.scope(index, t).putIfNewer(e);
      }
      Tenants.scope(ledger, t)
          .create(
              LedgerRecord.create(
                  BatchKind.STATELESS, "0000000001", 1, BatchStatus.SUCCESS, Instant.EPOCH));
    }
    Path tokens = dir.resolve("tokens");
    Files.writeString(
        tokens,
        "# grants\n"
            + "acme "
            + Tokens.hashOf(ACME_TOKEN)
            + "\nglobex "
            + Tokens.hashOf(GLOBEX_TOKEN)
            + "\n* "
            + Tokens.hashOf(ADMIN_TOKEN)
            + "\n");
    ObjectStore counted = new CountingObjectStore(store, reads);
    ArtifactIndex countedIndex = new CountingArtifactIndex(index, reads);
    ReconServer.Tenancy tenancy =
        new ReconServer.Tenancy(
            t ->
                new ArtifactApi(
                    new ArtifactQuery(
                        Tenants.scope(countedIndex, t), Tenants.scope(counted, t), null, 128)),
            t -> {
              reachedLedger.add(t.value());
              return Tenants.scope(ledger, t);
            },
            () -> new TreeSet<>(List.of(ACME, GLOBEX)),
            Optional.of(Tokens.load(tokens)));
    server =
        ReconServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .start(tenancy, Clock.systemUTC(), line -> {});
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private long totalReads() {
    return reads.snapshot().toMap("").values().stream().mapToLong(Long::longValue).sum();
  }

  private int status(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private String body(String path, String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri().resolve(path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void everyRoute_shouldAnswer401_403_403_200_forNoWrongOtherAndOwnToken() throws Exception {
    for (String route :
        List.of(
            "/tenants/acme/artifacts/order-1",
            "/tenants/acme/artifacts/order-1/history",
            "/tenants/acme/api/batches",
            "/tenants/acme/",
            "/tenants/acme/status",
            "/tenants/acme/ui/artifacts?id=order-1",
            "/tenants/acme/ui/artifacts/order-1",
            "/tenants/acme/ui/artifacts/order-1?asOf=2030-01-01T00:00:00Z",
            "/tenants/acme/ui/quarantine",
            "/tenants/acme/ui/batches")) {
      long before = totalReads();
      assertThat(status(route, null)).as(route + " no token").isEqualTo(401);
      assertThat(status(route, "not-a-token")).as(route + " wrong token").isEqualTo(403);
      assertThat(status(route, GLOBEX_TOKEN)).as(route + " other tenant").isEqualTo(403);
      assertThat(totalReads()).as("store requests before a refusal").isEqualTo(before);
      assertThat(reachedLedger).as("ledger reads before a refusal").isEmpty();
      assertThat(status(route, ACME_TOKEN)).as(route + " own token").isEqualTo(200);
      assertThat(status(route, ADMIN_TOKEN)).as(route + " admin").isEqualTo(200);
      reachedLedger.clear();
    }
  }

  @Test
  void artifacts_shouldBeEachTenantsOwn_whenTheIdsAreTheSame() throws Exception {
    ReconciliationArtifact acme =
        CanonicalJson.decodeArtifact(
            body("/tenants/acme/artifacts/order-1", ACME_TOKEN).getBytes());
    ReconciliationArtifact globex =
        CanonicalJson.decodeArtifact(
            body("/tenants/globex/artifacts/order-1", GLOBEX_TOKEN).getBytes());

    assertThat(acme.lineCount()).isEqualTo(2);
    assertThat(globex.lineCount()).isEqualTo(3);
    // the single-tenant routes serve the token's tenant; a tenant token cannot reach the index
    assertThat(
            CanonicalJson.decodeArtifact(body("/artifacts/order-1", GLOBEX_TOKEN).getBytes())
                .lineCount())
        .isEqualTo(3);
    assertThat(body("/", ADMIN_TOKEN)).contains("/tenants/acme/").contains("/tenants/globex/");
    assertThat(body("/", ACME_TOKEN)).doesNotContain("/tenants/globex/");
    assertThat(status("/tenants/Not_A_Tenant/artifacts/order-1", ADMIN_TOKEN)).isEqualTo(404);
    // the console pages are each tenant's own too, their links under the tenant's prefix
    String acmePage = body("/tenants/acme/ui/artifacts/order-1", ACME_TOKEN);
    assertThat(acmePage)
        .contains("data-field=\"lines\" class=\"text\">2<")
        .contains("href=\"/tenants/acme/artifacts/order-1\"")
        .contains("tenant acme");
    assertThat(body("/tenants/globex/ui/artifacts/order-1", GLOBEX_TOKEN))
        .contains("data-field=\"lines\" class=\"text\">3<");
    assertThat(body("/ui/artifacts/order-1", GLOBEX_TOKEN))
        .contains("data-field=\"lines\" class=\"text\">3<");
  }
}
