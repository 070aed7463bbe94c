package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.ArtifactLocation;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.rules.ArtifactMerger;
import dev.recon.core.rules.StatelessReducer;
import dev.recon.core.testing.EventGenerator;
import dev.recon.local.junit.EmbeddedStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP API over the embedded stack: s3proxy part-files, DynamoDB Local index, Redis cache. */
class ReconServerIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();
  private static final Instant AS_OF = Instant.parse("2026-11-22T10:05:00Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ReconServer server;

  @BeforeAll
  static void start() throws IOException {
    AwsClientFactory c = STACK.clients();
    ArtifactApi api =
        new ArtifactApi(
            new ArtifactQuery(
                c.artifactIndex(),
                c.objectStore(),
                c.artifactCache(),
                STACK.settings().rules().maxIdLength()));
    server =
        ReconServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            api,
            c.batchLedger(),
            Clock.systemUTC(),
            System.err::println);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Version 1 of {@code id} in batch 1's part-file behind another artifact (a non-zero offset),
   * version 2 in batch 2's pointing back to it, and the index entry of version 2.
   */
  private static ReconciliationArtifact putTwoVersions(String id) {
    AwsClientFactory c = STACK.clients();
    EventGenerator events = new EventGenerator(id.hashCode());
    ArtifactMerger merger = new ArtifactMerger(RulesConfig.DEFAULTS);
    String tag = Integer.toHexString(id.hashCode());
    ReconciliationArtifact neighbour =
        merger
            .merge(
                null,
                null,
                List.of(
                    StatelessReducer.reduce(
                        id + "-neighbour", 1, List.of(events.event(id + "-neighbour")))),
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
    byte[] a = CanonicalJson.encode(neighbour);
    byte[] b = CanonicalJson.encode(v1);
    String part1 = "state/0000000001/part-" + tag + ".jsonl";
    c.objectStore().put(part1, lines(a, b));
    ReconciliationArtifact v2 =
        merger
            .merge(
                v1,
                new ArtifactLocation(part1, a.length + 1, b.length),
                List.of(StatelessReducer.reduce(id, 2, List.of(events.event(id)))),
                2,
                AS_OF.plusSeconds(300))
            .artifact();
    byte[] v2Bytes = CanonicalJson.encode(v2);
    String part2 = "state/0000000002/part-" + tag + ".jsonl";
    c.objectStore().put(part2, lines(v2Bytes));
    c.artifactIndex().putIfNewer(new IndexEntry(id, part2, 0, v2Bytes.length, 2));
    return v2;
  }

  private static byte[] lines(byte[]... artifacts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] x : artifacts) {
      out.writeBytes(x);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static HttpResponse<byte[]> get(String rawPath) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.uri() + rawPath.substring(1))).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void getArtifact_shouldAnswer200WithTheExactBytes_fromS3ThenFromTheRepairedCache()
      throws Exception {
    // GIVEN an artifact whose id needs percent-encoding in a URL
    String id = "order 9F2K/A+\u00e9";
    ReconciliationArtifact stored = putTwoVersions(id);
    byte[] expected = CanonicalJson.encode(stored);

    // WHEN read twice: a cold cache (index + ranged GET), then the copy the first read cached
    HttpResponse<byte[]> cold = get("/artifacts/order%209F2K%2FA%2B%C3%A9");
    boolean cachedAfterFirst = STACK.clients().artifactCache().get(id, 2).isPresent();
    HttpResponse<byte[]> warm = get("/artifacts/order%209F2K%2FA%2B%C3%A9");

    // THEN the same canonical bytes both times
    assertThat(cold.statusCode()).isEqualTo(200);
    assertThat(cold.headers().firstValue("Content-Type"))
        .contains("application/json; charset=utf-8");
    assertThat(cold.body()).isEqualTo(expected);
    assertThat(cachedAfterFirst).isTrue();
    assertThat(warm.statusCode()).isEqualTo(200);
    assertThat(warm.body()).isEqualTo(expected);
  }

  @Test
  void getHistory_shouldAnswerEveryVersionNewestFirst_byWalkingRangedGets() throws Exception {
    // GIVEN
    ReconciliationArtifact v2 = putTwoVersions("order-history-1");

    // WHEN
    HttpResponse<byte[]> r = get("/artifacts/order-history-1/history");

    // THEN
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode versions = new ObjectMapper().readTree(r.body());
    assertThat(versions).hasSize(2);
    assertThat(versions.findValuesAsText("version")).containsExactly("2", "1");
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .startsWith("[" + new String(CanonicalJson.encode(v2), StandardCharsets.UTF_8) + ",");
  }

  @Test
  void getArtifact_shouldAnswer404_whenTheIdIsUnknown() throws Exception {
    // GIVEN
    putTwoVersions("order-known-1");

    // WHEN
    HttpResponse<byte[]> artifact = get("/artifacts/order-unknown-1");
    HttpResponse<byte[]> history = get("/artifacts/order-unknown-1/history");

    // THEN
    assertThat(artifact.statusCode()).isEqualTo(404);
    assertThat(new String(artifact.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"unknown artifact\"}");
    assertThat(history.statusCode()).isEqualTo(404);
  }

  @Test
  void getArtifact_shouldAnswer400_whenTheIdIsMalformed() throws Exception {
    // WHEN a NUL byte, a line feed, an id over 128 characters, a zero-width space (a format
    // character)
    List<HttpResponse<byte[]>> answers =
        List.of(
            get("/artifacts/bad%00id"),
            get("/artifacts/bad%0Aid"),
            get("/artifacts/" + "x".repeat(129)),
            get("/artifacts/" + "x".repeat(5000) + "/history"),
            get("/artifacts/order%E2%80%8B1"));

    // THEN
    assertThat(answers)
        .allSatisfy(
            r -> {
              assertThat(r.statusCode()).isEqualTo(400);
              assertThat(new String(r.body(), StandardCharsets.UTF_8))
                  .startsWith("{\"error\":\"malformed");
            });
  }

  @Test
  void apiBatches_shouldListTheLedgersBatches_whenTheLedgerHasThem() throws Exception {
    // GIVEN
    Batches.seed(STACK.clients().batchLedger());

    // WHEN
    HttpResponse<byte[]> r = get("/api/batches");

    // THEN
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode json = new ObjectMapper().readTree(r.body());
    assertThat(json.at("/stateful/batches").findValuesAsText("id"))
        .containsExactly("0000000003", "0000000002", "0000000001");
    assertThat(json.at("/stateless/batches").findValuesAsText("status"))
        .containsExactly("EXECUTING", "SUCCESS");
    assertThat(json.at("/stateful/batches/2/stages/index").asText()).isEqualTo("SUCCESS");
    assertThat(json.at("/inputs/pending").asLong()).isEqualTo(1);
  }
}
