package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryBatchLedger;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.OpenApiConformance;
import dev.recon.core.testing.VersionedArtifacts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real answers of every route of {@code recon serve} conform to its OpenAPI document: the status is
 * declared for the operation, the content type is declared, required headers are there, and the
 * body validates against the response's JSON Schema (2020-12). Two servers over in-memory ports
 * (the fixtures of {@link ReconServerTest} and {@link ReconServerTenantsTest}): one without tokens
 * (the default tenant), one with two tenants and bearer tokens.
 */
class OpenApiConformanceTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final String ACME_TOKEN = "acme-token-7f3c9a1e5b2d4c6f8a0b";
  private static final String ADMIN_TOKEN = "admin-token-0f1e2d3c4b5a69788796";
  private static final Instant T1 = Instant.parse("2026-11-22T11:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-22T12:00:00Z");

  private final HttpClient http = HttpClient.newHttpClient();
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private final InMemoryBatchLedger ledger = new InMemoryBatchLedger();
  private final List<String> failures = new ArrayList<>();
  private final Set<String> covered = new TreeSet<>();
  private OpenApiConformance openApi;
  private ReconServer open;
  private ReconServer guarded;

  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    openApi =
        new OpenApiConformance(OpenApiDocumentTest.document().getBytes(StandardCharsets.UTF_8));
    for (TenantId t : List.of(TenantId.DEFAULT, ACME, GLOBEX)) {
      // two versions of order-7 (history with a previous), a rich ledger (metrics, costs)
      VersionedArtifacts chain =
          new VersionedArtifacts(Tenants.scope(store, t), Tenants.scope(index, t));
      chain.add("order-7", 1, T1, 3, "ref-1");
      chain.add("order-7", 2, T2, 2, "ref-2");
      Batches.seed(Tenants.scope(ledger, t));
    }
    seedMatching(Tenants.scope(store, TenantId.DEFAULT));
    seedMatching(Tenants.scope(store, ACME));
    Tenants.scope(ledger, ACME)
        .create(
            LedgerRecord.create(
                BatchKind.STATELESS, "0000000009", 9, BatchStatus.EXECUTING, Instant.EPOCH));
    ReconServer.Tenancy tenancy =
        new ReconServer.Tenancy(
            t ->
                new ArtifactApi(
                    new ArtifactQuery(Tenants.scope(index, t), Tenants.scope(store, t), null, 128)),
            t -> Tenants.scope(ledger, t),
            () -> new TreeSet<>(List.of(ACME, GLOBEX)),
            Optional.empty());
    open =
        bind()
            .start(
                tenancy.apis().apply(TenantId.DEFAULT),
                Tenants.scope(ledger, TenantId.DEFAULT),
                Clock.systemUTC(),
                line -> {});
    Path tokens = dir.resolve("tokens");
    Files.writeString(
        tokens, "acme " + Tokens.hashOf(ACME_TOKEN) + "\n* " + Tokens.hashOf(ADMIN_TOKEN) + "\n");
    guarded =
        bind()
            .start(
                new ReconServer.Tenancy(
                    tenancy.apis(),
                    tenancy.ledgers(),
                    tenancy.tenants(),
                    Optional.of(Tokens.load(tokens))),
                Clock.systemUTC(),
                line -> {});
  }

  /** A committed matching of batch 1: one suggested and one unmatched line, two payments open. */
  private static void seedMatching(dev.recon.core.port.ObjectStore s) {
    var rules =
        dev.recon.core.match.RuleSets.store(
            s,
            "rules.yaml",
            String.join(
                "\n",
                "version: 1",
                "externalSources: [bank]",
                "settling: [{type: PAYMENT, side: CREDIT}]",
                "autoConfirmScore: 0.90",
                "rules:",
                "  - {name: amount-date, amount: {tolerance: \"0.00\"}, valueDateWindow: P3D,"
                    + " score: 0.80}",
                ""));
    var outcome =
        dev.recon.core.match.MatchStep.run(
            dev.recon.core.match.MatchStep.State.EMPTY,
            1,
            rules.rules(),
            List.of(
                new dev.recon.core.match.ExternalLine(
                    "s1", "bank", new java.math.BigDecimal("10.00"), "EUR", T1, ""),
                new dev.recon.core.match.ExternalLine(
                    "s2", "bank", new java.math.BigDecimal("99.00"), "EUR", T1, "")),
            List.of(
                new dev.recon.core.match.SettlingLine(
                    "p1", "order-1", new java.math.BigDecimal("10.00"), "EUR", T1, ""),
                new dev.recon.core.match.SettlingLine(
                    "p2", "order-2", new java.math.BigDecimal("5.00"), "EUR", T1, "")));
    s.put(
        dev.recon.core.layout.Layout.matchState(1),
        dev.recon.core.match.MatchCodec.encode(outcome.next()));
    s.put(
        dev.recon.core.layout.Layout.matchManifest(1),
        dev.recon.core.match.MatchCodec.encode(
            new dev.recon.core.match.MatchCodec.Manifest(
                1, rules.key(), 0, new java.util.TreeMap<>(), null)));
  }

  private static ReconServer.Binding bind() throws Exception {
    return ReconServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void stop() {
    open.close();
    guarded.close();
  }

  /** Sends, checks against the document, returns the status (failures are collected). */
  private int check(ReconServer server, String method, String target, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri().resolve(target))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String rawPath = URI.create(target).getRawPath();
    openApi.template(rawPath).ifPresent(covered::add);
    failures.addAll(
        openApi.violations(method, rawPath, r.statusCode(), r.headers().map(), r.body()));
    return r.statusCode();
  }

  @Test
  void everyRoute_shouldAnswerAsTheDocumentSays_forEachStatusItGives() throws Exception {
    Map<String, Integer> statuses = new java.util.TreeMap<>();
    // the default tenant, no tokens: every route, its 200 and its errors
    for (String target :
        List.of(
            "/openapi.json",
            "/",
            "/status",
            "/status?limit=2",
            "/status?limit=0",
            "/api/batches",
            "/api/batches?limit=1",
            "/api/batches?limit=abc",
            "/api/breaks",
            "/api/breaks?asOf=2026-12-31T00:00:00Z",
            "/api/breaks?asOf=yesterday",
            "/artifacts/order-7",
            "/artifacts/order-7?asOf=2026-11-22T11:30:00Z",
            "/artifacts/order-7?asOf=2026-11-22T10:00:00Z",
            "/artifacts/order-7?asOf=yesterday",
            "/artifacts/nope",
            "/artifacts/%E9",
            "/artifacts/order-7/history",
            "/artifacts/nope/history",
            "/ui/artifacts",
            "/ui/artifacts?id=order-7",
            "/ui/artifacts?id=order-7&asOf=2026-11-22T10:00:00Z",
            "/ui/artifacts?id=order-7&asOf=bad",
            "/ui/artifacts?id=nope",
            "/ui/artifacts?id=order-7&page=x",
            "/ui/artifacts/order-7",
            "/ui/artifacts/order-7?page=2",
            "/ui/artifacts/%E9",
            "/ui/quarantine",
            "/ui/quarantine?batch=1",
            "/ui/quarantine?batch=x",
            "/ui/quarantine?batch=999",
            "/ui/quarantine?page=0",
            "/ui/breaks",
            "/ui/breaks?asOf=2026-12-31T00:00:00Z&kind=SETTLING&bucket=31-60",
            "/ui/breaks?asOf=yesterday",
            "/ui/breaks?kind=BOTH",
            "/ui/breaks?reason=LATE",
            "/ui/breaks?bucket=1-2",
            "/ui/breaks?page=0",
            "/ui/batches",
            "/ui/batches?limit=-1")) {
      statuses.put(target, check(open, "GET", target, null));
    }
    check(open, "HEAD", "/api/batches", null);
    check(open, "HEAD", "/openapi.json", null);
    // the tenant routes, with tokens: 401, 403, the tenant's own 200, the admin's index
    for (String route : ReconServer.TENANT_ROUTES) {
      String target = "/tenants/acme" + route.replace("{id}", "order-7");
      assertThat(check(guarded, "GET", target, null)).as(target).isEqualTo(401);
      assertThat(check(guarded, "GET", target, "not-a-token")).as(target).isEqualTo(403);
      assertThat(
              check(
                  guarded, "GET", "/tenants/globex" + route.replace("{id}", "order-7"), ACME_TOKEN))
          .as(target)
          .isEqualTo(403);
      statuses.put(target, check(guarded, "GET", target, ACME_TOKEN));
      statuses.put("admin " + target, check(guarded, "GET", target, ADMIN_TOKEN));
    }
    statuses.put("tenant index", check(guarded, "GET", "/", ADMIN_TOKEN));
    statuses.put("public document", check(guarded, "GET", "/openapi.json", null));
    check(guarded, "GET", "/tenants/globex/artifacts/nope", ADMIN_TOKEN);
    check(guarded, "GET", "/tenants/acme/ui/quarantine?batch=9", ACME_TOKEN);

    assertThat(failures).as("responses that do not conform").isEmpty();
    assertThat(covered)
        .as("routes exercised")
        .containsExactlyInAnyOrderElementsOf(ReconServer.ROUTES);
    // the statuses are what the document's operations declare, and each kind came
    assertThat(statuses)
        .containsEntry("/openapi.json", 200)
        .containsEntry("public document", 200)
        .containsEntry("/api/batches", 200)
        .containsEntry("/api/breaks?asOf=2026-12-31T00:00:00Z", 200)
        .containsEntry("/api/breaks?asOf=yesterday", 400)
        .containsEntry("/tenants/acme/api/breaks", 200)
        .containsEntry("/artifacts/order-7/history", 200)
        .containsEntry("/artifacts/nope", 404)
        .containsEntry("/artifacts/%E9", 400)
        .containsEntry("/ui/artifacts?id=nope", 404)
        .containsEntry("/ui/quarantine?batch=x", 400)
        .containsEntry("/ui/breaks", 200)
        .containsEntry("/ui/breaks?asOf=yesterday", 400)
        .containsEntry("/ui/breaks?kind=BOTH", 400)
        .containsEntry("/ui/breaks?reason=LATE", 400)
        .containsEntry("/ui/breaks?bucket=1-2", 400)
        .containsEntry("/ui/breaks?page=0", 400)
        .containsEntry("/tenants/acme/ui/breaks", 200)
        .containsEntry("/tenants/acme/ui/batches", 200);
  }

  @Test
  void breaks_shouldListTheOpenItemsOfTheLatestMatching_agedAtAsOf() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(open.uri().resolve("/api/breaks?asOf=2026-12-31T00:00:00Z"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    assertThat(body.path("matchedThrough").asLong()).isEqualTo(1);
    assertThat(body.path("asOf").asText()).isEqualTo("2026-12-31T00:00:00Z");
    List<String> items = new ArrayList<>();
    body.path("items")
        .forEach(
            i ->
                items.add(
                    i.path("eventId").asText()
                        + " "
                        + i.path("reason").asText()
                        + " "
                        + i.path("ageDays").asText()
                        + " "
                        + i.path("bucket").asText()));
    assertThat(items)
        .containsExactly(
            "s1 BELOW_AUTO_CONFIRM 38 31-60",
            "s2 NO_CANDIDATE 38 31-60",
            "p1 UNSETTLED 38 31-60",
            "p2 UNSETTLED 38 31-60");
    assertThat(body.path("totals").toString())
        .isEqualTo(
            "[{\"kind\":\"EXTERNAL\",\"bucket\":\"31-60\",\"currency\":\"EUR\",\"items\":2,"
                + "\"amount\":\"109.00\"},{\"kind\":\"SETTLING\",\"bucket\":\"31-60\","
                + "\"currency\":\"EUR\",\"items\":2,\"amount\":\"15.00\"}]");
  }

  @Test
  void overview_shouldShowTheBreaksPerAgingBucket_ofTheLatestMatching_withALinkToTheirJson()
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(open.uri().resolve("/")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    // the same totals as /api/breaks (the same as-of: the latest matched batch's, else now)
    HttpResponse<String> json =
        http.send(
            HttpRequest.newBuilder(open.uri().resolve("/api/breaks")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    var totals =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.body()).path("totals");
    assertThat(totals).hasSize(2);
    String bucket = totals.get(0).path("bucket").asText();
    assertThat(r.body())
        .contains(
            "<tr data-kind=\"EXTERNAL\" data-bucket=\""
                + bucket
                + "\"><td>EXTERNAL</td><td>"
                + bucket
                + "</td><td>EUR</td><td>2</td><td>109.00</td></tr>")
        .contains(
            "<tr data-kind=\"SETTLING\" data-bucket=\""
                + bucket
                + "\"><td>SETTLING</td><td>"
                + bucket
                + "</td><td>EUR</td><td>2</td><td>15.00</td></tr>")
        .containsPattern(
            "id=\"breaks-note\">4 open item\\(s\\) as of [^<]+ \\(matched through batch 1\\)")
        .contains("<a href=\"/api/breaks\">breaks as JSON</a>");
    // a tenant without matching says so
    HttpResponse<String> globex =
        http.send(
            HttpRequest.newBuilder(guarded.uri().resolve("/tenants/globex/"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(globex.statusCode()).isEqualTo(200);
    assertThat(globex.body())
        .doesNotContain("id=\"breaks\"")
        .contains("id=\"breaks-note\">No batch has been matched yet");
  }

  @Test
  void breaksPage_shouldListEveryOpenItem_filtered_withLinksTotalsAndTheCommandToResolveIt()
      throws Exception {
    HttpResponse<String> all = get(open, "/ui/breaks?asOf=2026-12-31T00:00:00Z", null);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Security-Policy")).isPresent();
    // the same four items as /api/breaks at that asOf, in its order, each with its reason
    assertThat(
            java.util.regex.Pattern.compile("<tr data-event=\"([^\"]+)\" data-reason=\"([^\"]+)\"")
                .matcher(all.body())
                .results()
                .map(m -> m.group(1) + " " + m.group(2))
                .toList())
        .containsExactly(
            "s1 BELOW_AUTO_CONFIRM", "s2 NO_CANDIDATE", "p1 UNSETTLED", "p2 UNSETTLED");
    assertThat(all.body())
        .contains("id=\"note\" class=\"muted\">4 of 4 open item(s) as of 2026-12-31T00:00:00Z")
        // s1's one suggestion links to its artifact; confirm resolves it, match the unmatched s2
        .contains("<a href=\"/ui/artifacts/order-1\">order-1 (10.00)</a>")
        .contains("<code>recon confirm s1</code>")
        .contains("<code>recon match s2 --to ARTIFACT --reason TEXT</code>")
        .contains("<td class=\"text\"><a href=\"/ui/artifacts/order-2\">order-2</a></td>")
        .contains(
            "<tr data-kind=\"EXTERNAL\" data-bucket=\"31-60\"><td>EXTERNAL</td><td>31-60</td>"
                + "<td>EUR</td><td class=\"num\">2</td><td class=\"num\">109.00</td></tr>")
        .contains(
            "<code id=\"csv-command\">recon breaks --as-of 2026-12-31T00:00:00Z --format csv</code>")
        .contains("href=\"/api/breaks?asOf=2026-12-31T00%3A00%3A00Z\"");
    // filtered: only the settling lines, and their totals alone
    HttpResponse<String> settling =
        get(open, "/ui/breaks?asOf=2026-12-31T00:00:00Z&kind=SETTLING", null);
    assertThat(settling.body())
        .contains("2 of 4 open item(s)")
        .contains("data-event=\"p1\"")
        .doesNotContain("data-event=\"s1\"")
        .doesNotContain("data-kind=\"EXTERNAL\"")
        .contains("<td class=\"num\">2</td><td class=\"num\">15.00</td>");
    // a bad filter says what is allowed, and its value comes back escaped
    HttpResponse<String> bad = get(open, "/ui/breaks?kind=%3Cb%3E", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body())
        .contains("kind must be EXTERNAL or SETTLING")
        .contains("value=\"&lt;b>\"")
        .doesNotContain("<b>");
    // a tenant's page keeps the tenant in its links and commands; one without matching says so
    HttpResponse<String> acme =
        get(guarded, "/tenants/acme/ui/breaks?asOf=2026-12-31T00:00:00Z", ACME_TOKEN);
    assertThat(acme.body())
        .contains("<a href=\"/tenants/acme/ui/artifacts/order-1\">order-1 (10.00)</a>")
        .contains("<code>recon confirm s1 --tenant acme</code>");
    HttpResponse<String> globex = get(guarded, "/tenants/globex/ui/breaks", ADMIN_TOKEN);
    assertThat(globex.statusCode()).isEqualTo(200);
    assertThat(globex.body())
        .contains("No batch has been matched yet")
        .doesNotContain("id=\"items\"");
  }

  /** GET {@code target} from {@code server}, with a bearer token unless null. */
  private HttpResponse<String> get(ReconServer server, String target, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(target)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void conformance_shouldFail_whenAResponseDeviatesFromTheDocument() throws Exception {
    // /openapi.json is the repository's document, byte for byte, and public on a guarded server
    HttpResponse<String> served =
        http.send(
            HttpRequest.newBuilder(guarded.uri().resolve("/openapi.json")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type"))
        .contains("application/json; charset=utf-8");
    assertThat(served.body()).isEqualTo(OpenApiDocumentTest.document());
    HttpResponse<String> real =
        http.send(
            HttpRequest.newBuilder(open.uri().resolve("/api/batches")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, List<String>> json =
        Map.of("Content-Type", List.of("application/json; charset=utf-8"));
    assertThat(openApi.violations("GET", "/api/batches", 200, real.headers().map(), real.body()))
        .isEmpty();

    // a wrong body: a field of the wrong type, a missing required one, an extra one
    String wrongType = real.body().replaceFirst("\"total\":\\d+", "\"total\":\"three\"");
    String missing = real.body().replaceFirst("\"generatedAt\":\"[^\"]*\",", "");
    String extra = "{\"error\":\"x\",\"detail\":1}";
    assertThat(openApi.violations("GET", "/api/batches", 200, json, wrongType)).isNotEmpty();
    assertThat(openApi.violations("GET", "/api/batches", 200, json, missing))
        .anySatisfy(m -> assertThat(m).contains("generatedAt"));
    assertThat(openApi.violations("GET", "/artifacts/x", 404, json, extra))
        .anySatisfy(m -> assertThat(m).contains("detail"));
    // money as a number instead of a decimal string
    String artifact =
        http.send(
                HttpRequest.newBuilder(open.uri().resolve("/artifacts/order-7")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(openApi.violations("GET", "/artifacts/order-7", 200, json, artifact)).isEmpty();
    String numericMoney =
        artifact.replaceFirst("\"balances\":\\{\"EUR\":\"([0-9.]+)\"", "\"balances\":{\"EUR\":$1");
    assertThat(numericMoney).isNotEqualTo(artifact);
    assertThat(openApi.violations("GET", "/artifacts/order-7", 200, json, numericMoney))
        .isNotEmpty();
    // an undeclared status, content type, path; a missing required header; not JSON at all
    assertThat(openApi.violations("GET", "/artifacts/x", 418, json, extra)).isNotEmpty();
    assertThat(
            openApi.violations(
                "GET", "/api/batches", 200, Map.of("Content-Type", List.of("text/plain")), "x"))
        .isNotEmpty();
    assertThat(openApi.violations("GET", "/nothing", 404, json, extra)).isNotEmpty();
    assertThat(openApi.violations("GET", "/artifacts/x", 401, json, "{\"error\":\"no token\"}"))
        .anySatisfy(m -> assertThat(m).contains("WWW-Authenticate"));
    assertThat(openApi.violations("GET", "/api/batches", 200, json, "<html>")).isNotEmpty();
    assertThat(
            openApi.violations(
                "GET",
                "/status",
                200,
                Map.of(
                    "Content-Type", List.of("text/html"),
                    "Content-Security-Policy", List.of("default-src 'none'")),
                "not a page"))
        .isNotEmpty();
  }
}
