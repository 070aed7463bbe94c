package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryBatchLedger;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.VersionedArtifacts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console pages of {@code recon serve} on in-memory ports. */
class ConsolePagesTest {
  private static final Instant T10 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant T11 = Instant.parse("2026-11-22T11:00:00Z");
  private static final String HOSTILE = "<script>alert(1)</script>";

  private final HttpClient http = HttpClient.newHttpClient();
  private ReconServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void serve(dev.recon.core.port.ObjectStore store, InMemoryArtifactIndex index)
      throws Exception {
    server =
        ReconServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new ArtifactApi(new ArtifactQuery(index, store, null, 128)),
            new InMemoryBatchLedger(),
            Clock.systemUTC(),
            line -> {});
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void artifactPage_shouldShowBalancesLinesVersionsAndJsonLink_everyValueEscaped()
      throws Exception {
    InMemoryObjectStore store = new InMemoryObjectStore();
    InMemoryArtifactIndex index = new InMemoryArtifactIndex();
    VersionedArtifacts chain = new VersionedArtifacts(store, index);
    chain.add(HOSTILE, 1, T10, 3, HOSTILE);
    ReconciliationArtifact v2 = chain.add(HOSTILE, 2, T11, 2, "bell\u0007\u202eevil");
    serve(store, index);

    HttpResponse<String> r =
        get("/ui/artifacts?id=" + Console.segment(HOSTILE)); // the search form's GET
    String page = r.body();

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("default-src 'none'; style-src 'unsafe-inline'")
        .doesNotContain("script-src");
    assertThat(page).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(page)
        .doesNotContain("\u0007")
        .doesNotContain("\u202e")
        .contains("bell\\u0007\\u202eevil");
    assertThat(page)
        .contains("<td class=\"num balance\">" + v2.balances().get("EUR").toPlainString());
    assertThat(page).contains("Lines 1–5 of 5");
    assertThat(page).contains("<tr data-version=\"2\">").contains("<tr data-version=\"1\">");
    assertThat(page).contains("+2").contains("EUR +2");
    assertThat(page)
        .contains("href=\"/artifacts/" + Console.segment(HOSTILE) + "\"")
        .contains("id=\"json\"");
    // the path form answers the same page
    assertThat(get("/ui/artifacts/" + Console.segment(HOSTILE)).body()).contains("Lines 1–5 of 5");
  }

  @Test
  void asOfField_shouldShowTheVersionCurrentThen_andSayWhenTheArtifactDidNotExistYet()
      throws Exception {
    InMemoryObjectStore store = new InMemoryObjectStore();
    InMemoryArtifactIndex index = new InMemoryArtifactIndex();
    VersionedArtifacts chain = new VersionedArtifacts(store, index);
    chain.add("order-1", 1, T10, 3, "a");
    chain.add("order-1", 2, T11, 2, "b");
    serve(store, index);

    String at1030 = get("/ui/artifacts?id=order-1&asOf=2026-11-22T10%3A30%3A00Z").body();
    assertThat(at1030)
        .contains("data-field=\"version\" class=\"text\">1<")
        .contains("Lines 1–3 of 3");
    assertThat(at1030).contains("href=\"/artifacts/order-1?asOf=2026-11-22T10%3A30%3A00Z\"");

    HttpResponse<String> before = get("/ui/artifacts/order-1?asOf=2026-11-22T09:00:00Z");
    assertThat(before.statusCode()).isEqualTo(404);
    assertThat(before.body()).contains("did not exist yet at 2026-11-22T09:00:00Z");
    assertThat(get("/ui/artifacts/order-1?asOf=nonsense").statusCode()).isEqualTo(400);
    assertThat(get("/ui/artifacts/unknown").statusCode()).isEqualTo(404);
    assertThat(get("/ui/artifacts").body()).contains("<form id=\"search\"");
  }

  @Test
  void aMillionLineArtifact_shouldRenderItsFirstPageInUnderASecond_readingAFewKilobytes()
      throws Exception {
    GeneratedArtifactStore store = new GeneratedArtifactStore(1_000_000);
    InMemoryArtifactIndex index = new InMemoryArtifactIndex();
    index.putIfNewer(new IndexEntry("hot", GeneratedArtifactStore.KEY, 0, store.length(), 1));
    serve(store, index);
    get("/ui/artifacts/hot"); // warm up the server's classes

    store.bytesRead.set(0);
    long started = System.nanoTime();
    HttpResponse<String> r = get("/ui/artifacts/hot");
    long millis = (System.nanoTime() - started) / 1_000_000;
    long firstPageBytes = store.bytesRead.get();
    String page2 = get("/ui/artifacts/hot?page=2").body();
    System.out.printf(
        "ConsolePagesTest: first page of a %d-byte, 1,000,000-line artifact in %d ms, %d bytes read%n",
        store.length(), millis, firstPageBytes);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("Lines 1–100 of 1000000, page 1 of 10000")
        .contains("e-000000000")
        .contains("e-000000099")
        .doesNotContain("e-000000100")
        .contains("<td class=\"num balance\">1250000");
    assertThat(page2).contains("e-000000100").contains("e-000000199").doesNotContain("e-000000200");
    assertThat(millis).isLessThan(1000);
    assertThat(firstPageBytes).isLessThan(128 * 1024);
  }

  @Test
  void generatedStore_shouldHoldTheCanonicalEncodingOfItsArtifact() {
    GeneratedArtifactStore store = new GeneratedArtifactStore(1_000);
    ReconciliationArtifact decoded =
        CanonicalJson.decodeArtifact(store.getRange(GeneratedArtifactStore.KEY, 0, store.length()));
    assertThat(decoded.lineCount()).isEqualTo(1_000);
    assertThat(decoded.lines().get(999)).isEqualTo(GeneratedArtifactStore.line(999));
    assertThat(decoded.balances()).isEqualTo(GeneratedArtifactStore.artifact(0, 1_000).balances());
  }

  @Test
  void quarantinePage_shouldListRecordsByBatchAndReason_rawTextEscaped_withTheExportCommand()
      throws Exception {
    InMemoryObjectStore store = new InMemoryObjectStore();
    InMemoryBatchLedger ledger = new InMemoryBatchLedger();
    String hostileRaw = "{\"amount\":\"<script>alert(1)</script>\u001b[31m\"}";
    StringBuilder part = new StringBuilder();
    part.append(
            new String(
                CanonicalJson.encode(
                    new QuarantineRecord(
                        "input/2026/11/22/10/a.jsonl",
                        3,
                        hostileRaw,
                        hostileRaw.length(),
                        QuarantineReason.BAD_AMOUNT,
                        "not a number: <b>")),
                StandardCharsets.UTF_8))
        .append('\n')
        .append(
            new String(
                CanonicalJson.encode(
                    new QuarantineRecord(
                        "input/2026/11/22/10/a.jsonl",
                        5,
                        "{oops",
                        5,
                        QuarantineReason.MALFORMED_JSON,
                        "unexpected end")),
                StandardCharsets.UTF_8))
        .append('\n');
    store.put(
        Layout.quarantineDir(7) + "part-00000.jsonl",
        part.toString().getBytes(StandardCharsets.UTF_8));
    ledger.create(
        LedgerRecord.create(
                BatchKind.STATELESS, Layout.seq(7), 7, BatchStatus.SUCCESS, Instant.EPOCH)
            .withCounts(
                Map.of(
                    "read", 10L,
                    "quarantined", 2L,
                    "quarantined.BAD_AMOUNT", 1L,
                    "quarantined.MALFORMED_JSON", 1L)));
    server =
        ReconServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new ArtifactApi(new ArtifactQuery(new InMemoryArtifactIndex(), store, null, 128)),
            ledger,
            Clock.systemUTC(),
            line -> {});

    String batches = get("/ui/quarantine").body();
    assertThat(batches)
        .contains("<tr data-batch=\"7\">")
        .contains("href=\"/ui/quarantine?batch=7\"");

    String all = get("/ui/quarantine?batch=7").body();
    assertThat(all).contains("2 quarantined line(s) in stateless batch 7");
    assertThat(all)
        .contains("recon quarantine export --batch 7 --out quarantine-7.jsonl")
        .doesNotContain("<script")
        .doesNotContain("\u001b")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;\\u001b[31m")
        .contains("not a number: &lt;b&gt;");

    String bad = get("/ui/quarantine?batch=7&reason=BAD_AMOUNT").body();
    assertThat(bad)
        .contains("data-reason=\"BAD_AMOUNT\"")
        .doesNotContain("data-reason=\"MALFORMED_JSON\"");
    assertThat(get("/ui/quarantine?batch=8").statusCode()).isEqualTo(404);
    assertThat(get("/ui/quarantine?batch=7&reason=NOPE").statusCode()).isEqualTo(400);
    assertThat(get("/ui/batches").body()).contains("recon batches");
  }
}
