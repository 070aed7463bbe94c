package dev.recon.cli.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.query.ArtifactApi;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * recon's local HTTP server: the accountant's API and the operator's status page over whatever
 * ports it is given (the embedded stack's, in {@code recon serve}).
 *
 * <ul>
 *   <li>{@code GET /artifacts/{id}} and {@code GET /artifacts/{id}/history}: {@link ArtifactApi},
 *       the very code behind the query Lambda, so both answer the same bytes and statuses
 *   <li>{@code GET /} (also {@code /status}): the status page ({@link StatusPage}), refreshing itself
 *   <li>{@code GET /api/batches}: the same data as JSON ({@link BatchesJson})
 * </ul>
 *
 * <p>The JDK's built-in {@link HttpServer} is enough for a local tool and adds no dependency. There
 * is no authentication, so the default is to listen on loopback only; when it does, requests whose
 * {@code Host} header names anything but a loopback address are refused, which keeps a web page in
 * the user's browser from reaching the server through DNS rebinding.
 *
 * <p>{@link #bind} opens the socket before anything slow happens (so "port in use" is reported
 * before the embedded stack starts); {@link Binding#start} then serves. {@link #close} is
 * idempotent and does not close the ports it was given.
 */
public final class ReconServer implements AutoCloseable {
  public static final int REFRESH_SECONDS_DEFAULT = 5;
  /** Batches of each kind on the page; {@code ?limit=} changes it, up to {@link #LIMIT_MAX}. */
  public static final int PAGE_LIMIT_DEFAULT = 50;
  /** Batches of each kind in {@code /api/batches} unless {@code ?limit=} says otherwise. */
  public static final int JSON_LIMIT_DEFAULT = 1000;
  public static final int LIMIT_MAX = 100_000;
  static final int THREADS = 8;

  private static final String JSON = "application/json; charset=utf-8";
  private static final String HTML = "text/html; charset=utf-8";
  /** The page has no script, no images and no forms: forbid them all, allow its inline style. */
  private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
      + "form-action 'none'; frame-ancestors 'none'";

  private final HttpServer server;
  private final ExecutorService executor;
  private final ArtifactApi api;
  private final BatchLedger ledger;
  private final Clock clock;
  private final Consumer<String> log;
  private final boolean loopbackOnly;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ReconServer(HttpServer server, ArtifactApi api, BatchLedger ledger, Clock clock, Consumer<String> log) {
    this.server = server;
    this.api = Objects.requireNonNull(api, "api");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
    this.loopbackOnly = server.getAddress().getAddress().isLoopbackAddress();
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "recon-serve-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Opens the listening socket; port 0 picks a free one. */
  public static Binding bind(InetSocketAddress address) throws IOException {
    return new Binding(HttpServer.create(Objects.requireNonNull(address, "address"), 0));
  }

  /** Binds and serves in one step. */
  public static ReconServer start(InetSocketAddress address, ArtifactApi api, BatchLedger ledger, Clock clock,
      Consumer<String> log) throws IOException {
    return bind(address).start(api, ledger, clock, log);
  }

  /** A bound socket not yet serving; closing it releases the port. */
  public static final class Binding implements AutoCloseable {
    private final HttpServer server;
    private boolean started;

    private Binding(HttpServer server) {
      this.server = server;
    }

    public InetSocketAddress address() {
      return server.getAddress();
    }

    /** Serves with these ports; {@code log} receives one line per failed request. */
    public synchronized ReconServer start(ArtifactApi api, BatchLedger ledger, Clock clock, Consumer<String> log) {
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
      return new ReconServer(server, api, ledger, clock, log);
    }

    /** Releases the port unless {@link #start} handed it to a server (which then owns it). */
    @Override
    public synchronized void close() {
      if (!started) {
        started = true;
        server.stop(0);
      }
    }
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Where the status page is, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    InetAddress a = server.getAddress().getAddress();
    String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host.replaceFirst("%.*$", "") + "]";
    }
    return URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      // stop(0): on JDK 17 any positive delay is always waited in full (JDK-8304065).
      server.stop(0);
      executor.shutdownNow();
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Requests
  // -----------------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "");
    try {
      if (loopbackOnly && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
        sendError(exchange, 403, "this server answers only to a loopback host name (localhost, 127.0.0.1, [::1])");
        return;
      }
      if (path.startsWith("/artifacts/")) {
        ArtifactApi.Response r = api.handle(method, path);
        r.headers().forEach(exchange.getResponseHeaders()::set);
        send(exchange, r.status(), r.contentType() + "; charset=utf-8", r.body());
        return;
      }
      boolean page = path.equals("/") || path.equals("/status");
      boolean json = path.equals("/api/batches");
      if (!page && !json) {
        sendError(exchange, 404, "no such resource");
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        sendError(exchange, 405, "only GET is supported");
        return;
      }
      Optional<Integer> limit = limit(exchange.getRequestURI().getRawQuery(), page ? PAGE_LIMIT_DEFAULT : JSON_LIMIT_DEFAULT);
      if (limit.isEmpty()) {
        sendError(exchange, 400, "limit must be a whole number from 1 to " + LIMIT_MAX);
        return;
      }
      BatchReport report;
      try {
        report = BatchReport.read(ledger, clock, limit.get());
      } catch (StoreUnavailableException e) {
        log.accept("recon serve: the ledger is unavailable: " + e.getMessage());
        sendError(exchange, 503, "the ledger is unavailable; retry later");
        return;
      }
      if (page) {
        exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
        send(exchange, 200, HTML, StatusPage.render(report, REFRESH_SECONDS_DEFAULT).getBytes(StandardCharsets.UTF_8));
      } else {
        send(exchange, 200, JSON, BatchesJson.encode(report));
      }
    } catch (IOException e) {
      // the client went away mid-response; nothing left to tell it
    } catch (RuntimeException e) {
      log.accept("recon serve: " + method + " " + printable(path) + " failed: " + e);
      try {
        sendError(exchange, 500, "internal error; see the server's output");
      } catch (IOException | RuntimeException ignored) {
        // headers already sent: the client sees a truncated response
      }
    } finally {
      exchange.close();
    }
  }

  /**
   * {@code ?limit=N} if present, else the default; empty when malformed. Other query parameters are
   * ignored.
   */
  static Optional<Integer> limit(String rawQuery, int defaultLimit) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Optional.of(defaultLimit);
    }
    Integer found = defaultLimit;
    for (String pair : rawQuery.split("&")) {
      if (!pair.startsWith("limit=")) {
        continue;
      }
      String v = pair.substring("limit=".length());
      if (v.isEmpty() || v.length() > 6 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      found = Integer.parseInt(v);
      if (found < 1 || found > LIMIT_MAX) {
        return Optional.empty();
      }
    }
    return Optional.of(found);
  }

  /** Loopback names only; a missing Host (HTTP/1.0) cannot come from a rebinding page. */
  static boolean loopbackHost(String hostHeader) {
    if (hostHeader == null) {
      return true;
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    String host;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0) {
        return false;
      }
      host = h.substring(1, end);
    } else {
      int colon = h.lastIndexOf(':');
      host = colon < 0 ? h : h.substring(0, colon);
    }
    return host.equals("localhost") || host.equals("::1") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
    String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
    send(exchange, status, JSON, ("{\"error\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    Headers h = exchange.getResponseHeaders();
    h.set("Content-Type", contentType);
    // Artifacts and batch statuses change with every batch.
    h.set("Cache-Control", "no-store");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A request path as it may be logged: control characters escaped (no forged log lines). */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), 300));
    for (int i = 0; i < s.length() && i < 256; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return s.length() > 256 ? out + "…" : out.toString();
  }
}
