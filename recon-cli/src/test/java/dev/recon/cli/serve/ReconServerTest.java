package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's routing, headers and failure handling, over in-memory ports (no stack). */
class ReconServerTest {
  private static final InetSocketAddress ANY_LOOPBACK_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final ArtifactApi api =
      new ArtifactApi(new ArtifactQuery(new InMemoryArtifactIndex(), store, null, 128));
  private ReconServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ReconServer start(BatchLedger ledger) throws IOException {
    server = ReconServer.start(ANY_LOOPBACK_PORT, api, ledger, Clock.systemUTC(), log::add);
    return server;
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri().resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void statusPage_shouldBeStrictHtml_whenRequested() throws Exception {
    // GIVEN
    start(Batches.readOnly(Batches.seed()));

    // WHEN
    HttpResponse<String> page = send("GET", "/status");
    HttpResponse<String> alias = send("GET", "/ui/batches");
    HttpResponse<String> overview = send("GET", "/");

    // THEN
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(page.body()).contains("id=\"stateful-0000000003\"");
    assertThat(alias.statusCode()).isEqualTo(200);
    assertThat(alias.body()).contains("id=\"stateful-0000000003\"");
    // the overview: the last batches, linking to the batch table, and the four charts
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
    assertThat(overview.body())
        .contains("<tr data-batch=\"0000000003\">")
        .contains("href=\"/ui/batches#stateful-0000000003\"")
        .contains("<svg id=\"chart-events\"")
        .contains("id=\"chart-quarantine\"")
        .doesNotContain("<script");
  }

  @Test
  void handle_shouldAnswer404_405_400_asTheRequestDeserves() throws Exception {
    // GIVEN
    start(Batches.readOnly(Batches.seed()));

    // WHEN / THEN
    assertThat(send("GET", "/nothing").statusCode()).isEqualTo(404);
    HttpResponse<String> post = send("POST", "/api/batches");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(send("DELETE", "/artifacts/x").statusCode()).isEqualTo(405);
    assertThat(send("GET", "/api/batches?limit=0").statusCode()).isEqualTo(400);
    assertThat(send("GET", "/api/batches?limit=abc").statusCode()).isEqualTo(400);
    HttpResponse<String> limited = send("GET", "/api/batches?limit=1");
    assertThat(limited.statusCode()).isEqualTo(200);
    assertThat(limited.body())
        .contains("\"total\":3,\"batches\":[{\"kind\":\"STATEFUL\",\"id\":\"0000000003\"")
        .doesNotContain("\"kind\":\"STATEFUL\",\"id\":\"0000000002\"");
  }

  @Test
  void head_shouldSendHeadersWithoutABody_whenAsked() throws Exception {
    // GIVEN
    start(Batches.readOnly(Batches.seed()));

    // WHEN
    HttpResponse<String> head = send("HEAD", "/");

    // THEN
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void handle_shouldAnswer503_whenTheLedgerIsUnavailable_and500WithoutDetails_whenItFails()
      throws Exception {
    // GIVEN a ledger that is down, then one that breaks
    start(failing(new StoreUnavailableException("DynamoDB Local is not answering", null)));
    HttpResponse<String> unavailable = send("GET", "/");
    server.close();
    start(failing(new IllegalStateException("secret internals")));

    // WHEN
    HttpResponse<String> broken = send("GET", "/api/batches");

    // THEN
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(broken.body()).doesNotContain("secret internals");
    assertThat(log)
        .anySatisfy(
            line ->
                assertThat(line).contains("GET /api/batches failed").contains("secret internals"));
  }

  @Test
  void handle_shouldRefuseForeignHostNames_whenListeningOnLoopback() throws Exception {
    // GIVEN a page on evil.example rebinding its name to 127.0.0.1
    start(Batches.readOnly(Batches.seed()));

    // WHEN
    String foreign = rawGet("/api/batches", "evil.example:" + server.address().getPort());
    String local = rawGet("/api/batches", "localhost:" + server.address().getPort());

    // THEN
    assertThat(foreign).startsWith("HTTP/1.1 403");
    assertThat(local).startsWith("HTTP/1.1 200");
  }

  @Test
  void handle_shouldAnswer400_whenTheHostHeaderIsMalformedMissingOrRepeated() throws Exception {
    // GIVEN
    start(Batches.readOnly(Batches.seed()));
    String port = ":" + server.address().getPort();

    // WHEN / THEN a userinfo trick, no Host on HTTP/1.1, two Hosts: all 400, with recon's JSON
    for (String headers :
        List.of(
            "Host: localhost:80@evil.com\r\n",
            "Host: localhost" + port + "/x\r\n",
            "Host: local host\r\n",
            "",
            "Host: localhost" + port + "\r\nHost: evil.example\r\n",
            "Host: localhost" + port + "\r\nHost: localhost" + port + "\r\n")) {
      String answer = raw("GET /api/batches HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n");
      assertThat(answer)
          .as(headers)
          .startsWith("HTTP/1.1 400")
          .contains("\r\nX-Content-Type-Options: nosniff\r\n")
          .contains("\r\nCache-Control: no-store\r\n")
          .containsPattern("\r\n\\{\"error\":\"[^\"]+\"\\}$");
    }
    // AND HTTP/1.0 may omit the Host; a well-formed foreign one is still 403
    assertThat(raw("GET /api/batches HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200");
    assertThat(rawGet("/api/batches", "evil.example")).startsWith("HTTP/1.1 403");
  }

  @Test
  void handle_shouldAnswerTheApisJson400_whenTheArtifactIdsEscapeIsMalformed() throws Exception {
    // GIVEN
    start(Batches.readOnly(Batches.seed()));
    String host = "127.0.0.1:" + server.address().getPort();

    // WHEN / THEN malformed escapes (refused by the HTTP parser) and escapes that are not UTF-8
    // (refused by ArtifactApi): a JSON 400 with the API's headers, never a server's HTML page,
    // never a lookup of U+FFFD
    for (String path :
        List.of(
            "/artifacts/%ZZ",
            "/artifacts/%", "/artifacts/a%2", "/artifacts/%E9", "/artifacts/%E9/history")) {
      String answer = rawGet(path, host);
      assertThat(answer)
          .as(path)
          .startsWith("HTTP/1.1 400")
          .contains("\r\nContent-Type: application/json; charset=utf-8\r\n")
          .contains("\r\nCache-Control: no-store\r\n")
          .contains("\r\nX-Content-Type-Options: nosniff\r\n")
          .containsPattern("\r\n\r\n\\{\"error\":\"[^\"]+\"\\}$");
    }
    assertThat(rawGet("/artifacts/%E9", host))
        .endsWith(
            "\r\n\r\n{\"error\":\"malformed percent-encoding in the artifact id "
                + "(each % takes two hex digits, and the bytes must be UTF-8)\"}");
    assertThat(store.gets.get()).isZero();
    // AND an id with escaped '/', '%' and '+' is still looked up as one segment (unknown here: 404)
    assertThat(rawGet("/artifacts/a%2Fb%25c%2B+d", host)).startsWith("HTTP/1.1 404");
  }

  @Test
  void handle_shouldNameTheAllowedMethods_whenAnsweringOtherMethodsWith405() throws Exception {
    // GIVEN
    start(Batches.readOnly(Batches.seed()));

    // WHEN
    HttpResponse<String> api = send("DELETE", "/artifacts/x");
    HttpResponse<String> page = send("PUT", "/");

    // THEN
    assertThat(api.statusCode()).isEqualTo(405);
    assertThat(api.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(page.statusCode()).isEqualTo(405);
    assertThat(page.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @Test
  void handle_shouldAnswer431WithJson_whenTheHeadersExceedTheLimit() throws Exception {
    // GIVEN
    start(Batches.readOnly(Batches.seed()));

    // WHEN
    String answer =
        raw(
            "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "x".repeat(ReconServer.Limits.DEFAULTS.maxHeaderBytes())
                + "\r\nConnection: close\r\n\r\n");

    // THEN
    assertThat(answer)
        .startsWith("HTTP/1.1 431")
        .contains("\r\nX-Content-Type-Options: nosniff\r\n")
        .contains("{\"error\":\"request headers too large");
  }

  /**
   * Slowloris: clients that send part of a request line and headers and then nothing. They must not
   * keep anyone else from an answer (the JDK server gave each a thread of its 8, for ever), and the
   * server closes them once its idle timeout passes.
   */
  @Test
  void
      handle_shouldKeepAnswering_whileManyClientsHoldHalfSentRequests_andCloseThemAfterTheIdleTimeout()
          throws Exception {
    // GIVEN a server with a short idle timeout and 24 connections stalled mid-request
    server =
        ReconServer.start(
            ANY_LOOPBACK_PORT,
            ReconServer.Limits.DEFAULTS.withIdleTimeout(java.time.Duration.ofMillis(800)),
            api,
            Batches.readOnly(Batches.seed()),
            Clock.systemUTC(),
            log::add);
    List<Socket> slow = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 24; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
        s.setSoTimeout(20_000);
        s.getOutputStream()
            .write(
                (i % 2 == 0
                        ? "GET /api/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1"
                        : "GET /artif")
                    .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
      }
      long started = System.nanoTime();

      // WHEN ordinary requests arrive while they hang (each given at most 5 s)
      for (int i = 0; i < 8; i++) {
        String answer =
            raw(
                "GET /api/batches?limit=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        // THEN each is answered
        assertThat(answer).startsWith("HTTP/1.1 200");
      }
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(java.time.Duration.ofSeconds(8));

      // AND every stalled connection is closed by the server (EOF, perhaps after a 408) well
      // before the client's own 20 s read timeout
      for (Socket s : slow) {
        byte[] rest = s.getInputStream().readAllBytes();
        String text = new String(rest, StandardCharsets.US_ASCII);
        assertThat(
                text.isEmpty()
                    || text.startsWith("HTTP/1.1 408")
                    || text.startsWith("HTTP/1.1 400"))
            .as(text)
            .isTrue();
      }
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(java.time.Duration.ofSeconds(15));
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void handle_shouldAnswer503AfterTheQueueWait_whenEveryRequestSlotIsBusy() throws Exception {
    // GIVEN one request slot, a 200 ms wait for it, and a ledger that holds the first request
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    BatchLedger ok = Batches.readOnly(Batches.seed());
    BatchLedger holding =
        new BatchLedger() {
          @Override
          public LedgerRecord create(LedgerRecord record) {
            return ok.create(record);
          }

          @Override
          public java.util.Optional<LedgerRecord> get(BatchKind kind, String id) {
            return ok.get(kind, id);
          }

          @Override
          public LedgerRecord update(LedgerRecord next) {
            return ok.update(next);
          }

          @Override
          public void delete(LedgerRecord expected) {
            ok.delete(expected);
          }

          @Override
          public List<LedgerRecord> list(BatchKind kind) {
            entered.countDown();
            try {
              release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return ok.list(kind);
          }

          @Override
          public long nextSequence(String counter) {
            return ok.nextSequence(counter);
          }

          @Override
          public void close() {}
        };
    ReconServer.Limits one =
        new ReconServer.Limits(
            java.time.Duration.ofSeconds(10), 1, java.time.Duration.ofMillis(200), 4, 16, 8192);
    server = ReconServer.start(ANY_LOOPBACK_PORT, one, api, holding, Clock.systemUTC(), log::add);
    java.util.concurrent.CompletableFuture<HttpResponse<String>> first =
        http.sendAsync(
            HttpRequest.newBuilder(server.uri().resolve("/api/batches")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(entered.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    // WHEN a second request comes while the first holds the only slot
    long started = System.nanoTime();
    HttpResponse<String> second = send("GET", "/artifacts/order-1");
    java.time.Duration waited = java.time.Duration.ofNanos(System.nanoTime() - started);
    release.countDown();

    // THEN it waited about the queue wait and got recon's JSON 503; the first still completes
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.body()).isEqualTo("{\"error\":\"the server is busy; retry later\"}");
    assertThat(second.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(waited)
        .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(150))
        .isLessThan(java.time.Duration.ofSeconds(5));
    assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void bind_shouldFailFast_whenThePortIsTaken() throws Exception {
    // GIVEN
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // WHEN / THEN
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  ReconServer.bind(
                      new InetSocketAddress(
                          InetAddress.getLoopbackAddress(), taken.getLocalPort())))
          .isInstanceOf(java.net.BindException.class);
    }
  }

  @Test
  void loopbackHost_shouldAcceptLoopbackNamesOnly_whenParsingHostHeaders() {
    assertThat(
            List.of(
                "localhost", "LOCALHOST:8080", "127.0.0.1:80", "127.1.2.3", "[::1]:8080", "[::1]"))
        .allSatisfy(h -> assertThat(ReconServer.loopbackHost(h)).as(h).isTrue());
    assertThat(
            List.of(
                "evil.example",
                "localhost.evil.example:8080",
                "127.0.0.1.nip.io",
                "[::1",
                "10.0.0.1:8080",
                ""))
        .allSatisfy(h -> assertThat(ReconServer.loopbackHost(h)).as(h).isFalse());
  }

  /** HttpClient will not set a Host header of its choosing: speak HTTP/1.1 by hand. */
  private String rawGet(String path, String host) throws IOException {
    return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  }

  /** One request as given, the whole answer until the server closes (at most 5 s of silence). */
  private String raw(String request) throws IOException {
    try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static BatchLedger failing(RuntimeException e) {
    BatchLedger ok = Batches.readOnly(List.of());
    return new BatchLedger() {
      @Override
      public LedgerRecord create(LedgerRecord record) {
        return ok.create(record);
      }

      @Override
      public java.util.Optional<LedgerRecord> get(BatchKind kind, String id) {
        return ok.get(kind, id);
      }

      @Override
      public LedgerRecord update(LedgerRecord next) {
        return ok.update(next);
      }

      @Override
      public void delete(LedgerRecord expected) {
        ok.delete(expected);
      }

      @Override
      public List<LedgerRecord> list(BatchKind kind) {
        throw e;
      }

      @Override
      public long nextSequence(String counter) {
        return ok.nextSequence(counter);
      }

      @Override
      public void close() {}
    };
  }
}
