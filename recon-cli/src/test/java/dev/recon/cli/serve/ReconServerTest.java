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
  private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final ArtifactApi api = new ArtifactApi(new ArtifactQuery(new InMemoryArtifactIndex(), store, null, 128));
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
    HttpRequest request = HttpRequest.newBuilder(server.uri().resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void statusPage_shouldBeStrictHtml_whenRequested() throws Exception {
    // GIVEN
    start(Batches.readOnly(Batches.seed()));

    // WHEN
    HttpResponse<String> page = send("GET", "/");
    HttpResponse<String> alias = send("GET", "/status");

    // THEN
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(page.body()).contains("id=\"stateful-0000000003\"");
    assertThat(alias.statusCode()).isEqualTo(200);
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
    assertThat(limited.body()).contains("\"total\":3,\"batches\":[{\"kind\":\"STATEFUL\",\"id\":\"0000000003\"")
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
  void handle_shouldAnswer503_whenTheLedgerIsUnavailable_and500WithoutDetails_whenItFails() throws Exception {
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
    assertThat(log).anySatisfy(line -> assertThat(line).contains("GET /api/batches failed").contains("secret internals"));
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
  void bind_shouldFailFast_whenThePortIsTaken() throws Exception {
    // GIVEN
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // WHEN / THEN
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> ReconServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort())))
          .isInstanceOf(java.net.BindException.class);
    }
  }

  @Test
  void loopbackHost_shouldAcceptLoopbackNamesOnly_whenParsingHostHeaders() {
    assertThat(List.of("localhost", "LOCALHOST:8080", "127.0.0.1:80", "127.1.2.3", "[::1]:8080", "[::1]"))
        .allSatisfy(h -> assertThat(ReconServer.loopbackHost(h)).as(h).isTrue());
    assertThat(List.of("evil.example", "localhost.evil.example:8080", "127.0.0.1.nip.io", "[::1", "10.0.0.1:8080", ""))
        .allSatisfy(h -> assertThat(ReconServer.loopbackHost(h)).as(h).isFalse());
  }

  /** HttpClient will not set a Host header of its choosing: speak HTTP/1.1 by hand. */
  private String rawGet(String path, String host) throws IOException {
    try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static BatchLedger failing(RuntimeException e) {
    BatchLedger ok = Batches.readOnly(List.of());
    return new BatchLedger() {
      @Override public LedgerRecord create(LedgerRecord record) { return ok.create(record); }
      @Override public java.util.Optional<LedgerRecord> get(BatchKind kind, String id) { return ok.get(kind, id); }
      @Override public LedgerRecord update(LedgerRecord next) { return ok.update(next); }
      @Override public void delete(LedgerRecord expected) { ok.delete(expected); }
      @Override public List<LedgerRecord> list(BatchKind kind) { throw e; }
      @Override public long nextSequence(String counter) { return ok.nextSequence(counter); }
      @Override public void close() {}
    };
  }
}
