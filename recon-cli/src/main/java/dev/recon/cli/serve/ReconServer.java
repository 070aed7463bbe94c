package dev.recon.cli.serve;

import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.tenant.TenantId;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * recon's local HTTP server: the accountant's API and the operator's status page over whatever
 * ports it is given (the embedded stack's, in {@code recon serve}).
 *
 * <ul>
 *   <li>{@code GET /artifacts/{id}} and {@code GET /artifacts/{id}/history}: {@link ArtifactApi},
 *       the very code behind the query Lambda, so both answer the same bytes and statuses
 *   <li>{@code GET /} (also {@code /status}): the status page ({@link StatusPage}), refreshing
 *       itself
 *   <li>{@code GET /api/batches}: the same data as JSON ({@link BatchesJson})
 *   <li>{@code GET /api/breaks}: the open items of two-sided matching ({@link BreaksJson})
 *   <li>the console pages under {@code /ui/}, every route again under {@code /tenants/{tenant}},
 *       and {@code GET /openapi.json}: the OpenAPI 3.1 document of them all ({@link #ROUTES})
 * </ul>
 *
 * <p>Jetty's core server (no servlet API). It parses request lines and headers on its selector
 * without holding a thread, so clients that send half a request and go silent cost a connection,
 * never a request thread; {@link Limits} bounds the rest (idle timeout, concurrent requests and how
 * long one waits for a turn, connections, header bytes). Every answer, including the ones Jetty
 * itself gives to malformed requests, is recon's JSON with the same security headers. (The JDK's
 * {@code com.sun.net.httpserver} read headers on its worker threads with no per-server timeout, and
 * answers a malformed request target with its own HTML page.)
 *
 * <p>There is no authentication, so the default is to listen on loopback only; when it does,
 * requests whose {@code Host} names anything but a loopback address are refused (403), which keeps
 * a web page in the user's browser from reaching the server through DNS rebinding. A {@code Host}
 * that is not one well-formed {@code host[:port]}, two of them, or none on HTTP/1.1 is a 400.
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

  private static final String JSON = "application/json; charset=utf-8";

  /** Routes of one tenant: {@code /tenants/{tenant}/artifacts/{id}}, …/api/batches, …/. */
  public static final String TENANTS_PREFIX = "/tenants/";

  private static final String HTML = "text/html; charset=utf-8";

  /** The OpenAPI 3.1 document of every route (a resource next to this class), served as is. */
  public static final String OPENAPI_PATH = "/openapi.json";

  /**
   * The routes of one tenant, as OpenAPI path templates ({@code {id}}: one non-empty,
   * percent-encoded segment). Each is served as is (the default tenant, or the token's) and under
   * {@code /tenants/{tenant}}; {@link #route} dispatches by this table, so a path not matching one
   * of these is a 404.
   */
  public static final List<String> TENANT_ROUTES =
      List.of(
          "/",
          "/status",
          "/api/batches",
          "/api/breaks",
          "/artifacts/{id}",
          "/artifacts/{id}/history",
          "/ui/artifacts",
          "/ui/artifacts/{id}",
          "/ui/quarantine",
          "/ui/breaks",
          "/ui/batches");

  /** Every route the server answers, as OpenAPI path templates (the document's {@code paths}). */
  public static final List<String> ROUTES =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.concat(
                  java.util.stream.Stream.of(OPENAPI_PATH), TENANT_ROUTES.stream()),
              TENANT_ROUTES.stream().map(r -> TENANTS_PREFIX + "{tenant}" + r))
          .toList();

  private static final byte[] OPENAPI = openApiDocument();

  /** The page has no script, no images and no forms: forbid them all, allow its inline style. */
  private static final String PAGE_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
          + "form-action 'none'; frame-ancestors 'none'";

  /**
   * The console pages' policy: the page policy, except that their GET search forms may submit to
   * this server. Still no script, image, frame or connection of any kind; inline SVG is markup.
   */
  private static final String CONSOLE_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
          + "form-action 'self'; frame-ancestors 'none'";

  /**
   * What one server allows.
   *
   * @param idleTimeout a connection on which nothing moves for this long (a request line or headers
   *     that stop coming, a body, a response the client does not read, an idle keep-alive) is
   *     closed
   * @param maxConcurrentRequests requests handled at once; more wait for a turn
   * @param maxQueueWait how long a request waits for a turn before a 503
   * @param maxQueued requests waiting for a turn at most; beyond, an immediate 503
   * @param maxConnections open connections at most; beyond, new ones wait in the listen backlog
   * @param maxHeaderBytes request line plus headers at most; beyond, 431 (414 for a long request
   *     line)
   */
  public record Limits(
      Duration idleTimeout,
      int maxConcurrentRequests,
      Duration maxQueueWait,
      int maxQueued,
      int maxConnections,
      int maxHeaderBytes) {
    public static final Limits DEFAULTS =
        new Limits(Duration.ofSeconds(10), 8, Duration.ofSeconds(5), 64, 256, 8 * 1024);

    public Limits {
      if (idleTimeout.isNegative()
          || idleTimeout.isZero()
          || maxQueueWait.isNegative()
          || maxConcurrentRequests < 1
          || maxQueued < 0
          || maxConnections < 1
          || maxHeaderBytes < 256) {
        throw new IllegalArgumentException(
            "unusable server limits: "
                + idleTimeout
                + ", "
                + maxConcurrentRequests
                + ", "
                + maxQueueWait
                + ", "
                + maxQueued
                + ", "
                + maxConnections
                + ", "
                + maxHeaderBytes);
      }
    }

    public Limits withIdleTimeout(Duration d) {
      return new Limits(
          d, maxConcurrentRequests, maxQueueWait, maxQueued, maxConnections, maxHeaderBytes);
    }
  }

  /**
   * What the server serves, per tenant (DESIGN §10): each tenant's API and ledger, the tenants
   * there are, and the bearer tokens that guard every route (none: no authentication, the
   * developer's loopback default).
   */
  public record Tenancy(
      Function<TenantId, ArtifactApi> apis,
      Function<TenantId, BatchLedger> ledgers,
      Supplier<SortedSet<TenantId>> tenants,
      Optional<Tokens> tokens) {
    public Tenancy {
      Objects.requireNonNull(apis, "apis");
      Objects.requireNonNull(ledgers, "ledgers");
      Objects.requireNonNull(tenants, "tenants");
      Objects.requireNonNull(tokens, "tokens");
    }

    /** The default tenant only, with no authentication. */
    public static Tenancy single(ArtifactApi api, BatchLedger ledger) {
      Objects.requireNonNull(api, "api");
      Objects.requireNonNull(ledger, "ledger");
      return new Tenancy(
          t -> t.isDefault() ? api : null,
          t -> t.isDefault() ? ledger : null,
          () -> new TreeSet<>(Set.of(TenantId.DEFAULT)),
          Optional.empty());
    }
  }

  private final Server server;
  private final ServerConnector connector;
  private final Tenancy tenancy;
  private final Clock clock;
  private final Consumer<String> log;
  private final boolean loopbackOnly;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ReconServer(Binding binding, Tenancy tenancy, Clock clock, Consumer<String> log) {
    this.server = binding.server;
    this.connector = binding.connector;
    this.tenancy = Objects.requireNonNull(tenancy, "tenancy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
    this.loopbackOnly = binding.address().getAddress().isLoopbackAddress();
    QoSHandler qos =
        new QoSHandler(
            new Handler.Abstract() {
              @Override
              public boolean handle(Request request, Response response, Callback callback) {
                ReconServer.this.handle(request, response, callback);
                return true;
              }
            });
    qos.setMaxRequestCount(binding.limits.maxConcurrentRequests());
    qos.setMaxSuspend(binding.limits.maxQueueWait());
    qos.setMaxSuspendedRequestCount(binding.limits.maxQueued());
    qos.setRejectStatusCode(503);
    server.setHandler(qos);
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("recon serve: the HTTP server did not start: " + e, e);
    }
  }

  /** Opens the listening socket with the default {@link Limits}; port 0 picks a free one. */
  public static Binding bind(InetSocketAddress address) throws IOException {
    return bind(address, Limits.DEFAULTS);
  }

  /** Opens the listening socket; port 0 picks a free one. */
  public static Binding bind(InetSocketAddress address, Limits limits) throws IOException {
    return new Binding(
        Objects.requireNonNull(address, "address"), Objects.requireNonNull(limits, "limits"));
  }

  /** Binds and serves in one step. */
  public static ReconServer start(
      InetSocketAddress address,
      ArtifactApi api,
      BatchLedger ledger,
      Clock clock,
      Consumer<String> log)
      throws IOException {
    return bind(address).start(api, ledger, clock, log);
  }

  /** Binds and serves in one step, with these limits. */
  public static ReconServer start(
      InetSocketAddress address,
      Limits limits,
      ArtifactApi api,
      BatchLedger ledger,
      Clock clock,
      Consumer<String> log)
      throws IOException {
    return bind(address, limits).start(api, ledger, clock, log);
  }

  /** A bound socket not yet serving; closing it releases the port. */
  public static final class Binding implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final Limits limits;
    private boolean started;

    private Binding(InetSocketAddress address, Limits limits) throws IOException {
      this.limits = limits;
      QueuedThreadPool threads = new QueuedThreadPool(limits.maxConcurrentRequests() + 8, 4);
      threads.setName("recon-serve");
      threads.setDaemon(true);
      // daemon timers too: a server left open never keeps the JVM alive
      this.server =
          new Server(threads, new ScheduledExecutorScheduler("recon-serve-timer", true), null);
      server.setStopTimeout(0);
      server.setErrorHandler(new JsonErrors());
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      http.setRequestHeaderSize(limits.maxHeaderBytes());
      http.setIdleTimeout(limits.idleTimeout().toMillis());
      // The artifact id is one percent-encoded segment that ArtifactApi decodes itself, strictly;
      // Jetty must hand the raw path through (an id may hold %2F, %25, ...), never reject or decode
      // it.
      http.setUriCompliance(UriCompliance.UNSAFE);
      this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
      connector.setHost(
          address.getAddress() == null
              ? address.getHostString()
              : address.getAddress().getHostAddress());
      connector.setPort(address.getPort());
      connector.setIdleTimeout(limits.idleTimeout().toMillis());
      connector.setReuseAddress(true);
      server.addConnector(connector);
      server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
      try {
        connector.open();
      } catch (IOException e) {
        connector.close();
        if (e.getCause() instanceof BindException bind) {
          BindException out = new BindException(bind.getMessage());
          out.initCause(e);
          throw out;
        }
        throw e;
      }
    }

    public InetSocketAddress address() {
      return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /** Serves with these ports; {@code log} receives one line per failed request. */
    public synchronized ReconServer start(
        ArtifactApi api, BatchLedger ledger, Clock clock, Consumer<String> log) {
      return start(Tenancy.single(api, ledger), clock, log);
    }

    /** Serves every tenant of {@code tenancy}; {@code log} receives one line per failed request. */
    public synchronized ReconServer start(Tenancy tenancy, Clock clock, Consumer<String> log) {
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
      return new ReconServer(this, tenancy, clock, log);
    }

    /** Releases the port unless {@link #start} handed it to a server (which then owns it). */
    @Override
    public synchronized void close() {
      if (!started) {
        started = true;
        connector.close();
      }
    }
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /** Where the status page is, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    InetAddress a = address().getAddress();
    String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host.replaceFirst("%.*$", "") + "]";
    }
    return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        server.stop();
      } catch (Exception e) {
        log.accept("recon serve: stopping the HTTP server: " + e);
      }
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Requests
  // -----------------------------------------------------------------------------------------------

  /** One answer, sent once. */
  record Answer(int status, String contentType, byte[] body, List<HttpField> headers) {
    static Answer error(int status, String message) {
      return new Answer(status, JSON, errorJson(message), List.of());
    }
  }

  private void handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String path = Objects.requireNonNullElse(request.getHttpURI().getPath(), "");
    Answer answer;
    try {
      answer = answer(request, method, path);
    } catch (RuntimeException e) {
      log.accept("recon serve: " + method + " " + printable(path) + " failed: " + e);
      answer = Answer.error(500, "internal error; see the server's output");
    }
    send(request, response, callback, answer);
  }

  private Answer answer(Request request, String method, String path) {
    Optional<Answer> refused =
        checkHost(
            request.getHeaders().getValuesList(HttpHeader.HOST),
            request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_1,
            loopbackOnly);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (path.equals(OPENAPI_PATH)) {
      // describes no tenant's data: public, like the API's shape it documents
      return getOnly(method).orElseGet(() -> new Answer(200, JSON, OPENAPI, List.of()));
    }
    // Which tenant the route names: /tenants/{t}/… (the rest is the single-tenant route), else
    // none (the default tenant's routes, and the index of tenants).
    Optional<TenantId> named = Optional.empty();
    String rest = path;
    if (path.startsWith(TENANTS_PREFIX)) {
      int slash = path.indexOf('/', TENANTS_PREFIX.length());
      String t = path.substring(TENANTS_PREFIX.length(), slash < 0 ? path.length() : slash);
      if (!TenantId.isValid(t)) {
        return Answer.error(404, "no such tenant");
      }
      named = Optional.of(TenantId.of(t));
      rest = slash < 0 ? "/" : path.substring(slash);
    }
    // Authentication and authorization come before any store is read.
    Optional<Tokens.Grant> grant =
        tenancy.tokens().isPresent()
            ? tenancy.tokens().get().check(request.getHeaders().get(HttpHeader.AUTHORIZATION))
            : Optional.empty();
    if (tenancy.tokens().isPresent()) {
      if (request.getHeaders().get(HttpHeader.AUTHORIZATION) == null) {
        return new Answer(
            401,
            JSON,
            errorJson("a bearer token is required (Authorization: Bearer <token>)"),
            List.of(new HttpField(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"recon\"")));
      }
      if (grant.isEmpty()) {
        return Answer.error(403, "this token grants nothing here");
      }
    }
    boolean index = named.isEmpty() && (rest.equals("/") || rest.equals("/status"));
    TenantId tenant =
        named.orElseGet(() -> grant.flatMap(Tokens.Grant::tenant).orElse(TenantId.DEFAULT));
    if (grant.isPresent() && !grant.get().allows(tenant)) {
      return Answer.error(403, "this token is not for tenant " + tenant);
    }
    Optional<String> route = route(rest);
    if (route.isEmpty()) {
      return Answer.error(404, "no such resource");
    }
    if (route.get().startsWith("/ui/")) {
      return console(request, method, rest, named, tenant);
    }
    if (route.get().startsWith("/artifacts/")) {
      ArtifactApi api = tenancy.apis().apply(tenant);
      if (api == null) {
        return Answer.error(404, "no such tenant");
      }
      ArtifactApi.Response r = api.handle(method, rest, request.getHttpURI().getQuery());
      List<HttpField> extra =
          r.headers().entrySet().stream()
              .map(e -> new HttpField(e.getKey(), e.getValue()))
              .toList();
      return new Answer(r.status(), r.contentType() + "; charset=utf-8", r.body(), extra);
    }
    boolean overview = rest.equals("/");
    boolean page = overview || rest.equals("/status");
    Optional<Answer> notGet = getOnly(method);
    if (notGet.isPresent()) {
      return notGet.get();
    }
    if (index && grant.map(Tokens.Grant::admin).orElse(true)) {
      SortedSet<TenantId> all = tenancy.tenants().get();
      if (all.size() > 1 || !all.contains(TenantId.DEFAULT)) {
        return new Answer(
            200,
            HTML,
            StatusPage.tenantIndex(all).getBytes(StandardCharsets.UTF_8),
            List.of(new HttpField("Content-Security-Policy", PAGE_POLICY)));
      }
    }
    if (rest.equals("/api/breaks")) {
      return breaks(request, tenant);
    }
    BatchLedger ledger = tenancy.ledgers().apply(tenant);
    if (ledger == null) {
      return Answer.error(404, "no such tenant");
    }
    if (overview) {
      // the overview (issue 17); the status page stays at /status and /ui/batches
      try {
        BatchReport report = BatchReport.read(ledger, clock, PAGE_LIMIT_DEFAULT);
        Console.Frame frame =
            new Console.Frame(
                "overview",
                named.map(t -> TENANTS_PREFIX + t.value() + "/").orElse("/"),
                named.map(TenantId::value).orElse(null));
        ArtifactApi api = tenancy.apis().apply(tenant);
        Optional<dev.recon.core.match.MatchBook.Latest> matching =
            api == null
                ? Optional.empty()
                : new dev.recon.core.match.MatchBook(api.query().objectStore()).latest();
        return html(
            200, Console.renderBytes("overview.jte", OverviewPage.build(frame, report, matching)));
      } catch (StoreUnavailableException e) {
        log.accept("recon serve: the ledger is unavailable: " + e.getMessage());
        return Answer.error(503, "the ledger is unavailable; retry later");
      }
    }
    Optional<Integer> limit =
        limit(request.getHttpURI().getQuery(), page ? PAGE_LIMIT_DEFAULT : JSON_LIMIT_DEFAULT);
    if (limit.isEmpty()) {
      return Answer.error(400, "limit must be a whole number from 1 to " + LIMIT_MAX);
    }
    BatchReport report;
    try {
      report = BatchReport.read(ledger, clock, limit.get());
    } catch (StoreUnavailableException e) {
      log.accept("recon serve: the ledger is unavailable: " + e.getMessage());
      return Answer.error(503, "the ledger is unavailable; retry later");
    }
    if (page) {
      return new Answer(
          200,
          HTML,
          StatusPage.render(report, REFRESH_SECONDS_DEFAULT).getBytes(StandardCharsets.UTF_8),
          List.of(new HttpField("Content-Security-Policy", PAGE_POLICY)));
    }
    return new Answer(200, JSON, BatchesJson.encode(report), List.of());
  }

  /** {@code GET /api/breaks}: the open items of two-sided matching ({@link BreaksJson}). */
  private Answer breaks(Request request, TenantId tenant) {
    ArtifactApi api = tenancy.apis().apply(tenant);
    if (api == null) {
      return Answer.error(404, "no such tenant");
    }
    Optional<String> asOfText = ArtifactApi.parameter(request.getHttpURI().getQuery(), "asOf");
    Instant asOf = null;
    if (asOfText.isPresent()) {
      try {
        asOf = Instant.parse(asOfText.get());
      } catch (java.time.format.DateTimeParseException e) {
        return Answer.error(400, "asOf must be an ISO-8601 instant in UTC");
      }
    }
    try {
      return new Answer(
          200,
          JSON,
          BreaksJson.encode(
              new dev.recon.core.match.MatchBook(api.query().objectStore()).latest(), asOf),
          List.of());
    } catch (StoreUnavailableException e) {
      log.accept("recon serve: a store is unavailable: " + e.getMessage());
      return Answer.error(503, "a store is unavailable; retry later");
    }
  }

  /**
   * The console pages under {@code /ui/} (and {@code /tenants/{t}/ui/}): the tenant is resolved and
   * authorized by the caller, before this reads anything.
   */
  private Answer console(
      Request request, String method, String rest, Optional<TenantId> named, TenantId tenant) {
    Optional<Answer> notGet = getOnly(method);
    if (notGet.isPresent()) {
      return notGet.get();
    }
    String query = request.getHttpURI().getQuery();
    Console.Frame frame =
        new Console.Frame(
            "console",
            named.map(t -> TENANTS_PREFIX + t.value() + "/").orElse("/"),
            named.map(TenantId::value).orElse(null));
    ArtifactApi api = tenancy.apis().apply(tenant);
    BatchLedger ledger = tenancy.ledgers().apply(tenant);
    if (api == null || ledger == null) {
      return Answer.error(404, "no such tenant");
    }
    Optional<Long> page = page(query);
    if (page.isEmpty()
        && (rest.startsWith("/ui/artifacts")
            || rest.equals("/ui/quarantine")
            || rest.equals("/ui/breaks"))) {
      return Answer.error(400, "page must be a whole number from 1");
    }
    try {
      if (rest.equals("/ui/artifacts") || rest.startsWith("/ui/artifacts/")) {
        String id;
        if (rest.equals("/ui/artifacts")) {
          id = formValue(query, "id").orElse(null);
        } else {
          String segment = rest.substring("/ui/artifacts/".length());
          Optional<String> decoded =
              segment.contains("/") ? Optional.empty() : ArtifactApi.decodeSegment(segment);
          if (decoded.isEmpty()) {
            return Answer.error(400, "malformed percent-encoding in the artifact id");
          }
          id = decoded.get();
        }
        ArtifactPage.Result r =
            ArtifactPage.build(
                new Console.Frame("artifact", frame.base(), frame.tenant()),
                api.query(),
                id,
                formValue(query, "asOf").orElse(null),
                page.get());
        return html(r.status(), Console.renderBytes("artifact.jte", r.view()));
      }
      if (rest.equals("/ui/quarantine")) {
        QuarantinePage.Result r =
            QuarantinePage.build(
                frame,
                new dev.recon.cli.quarantine.QuarantineBook(api.query().objectStore(), ledger),
                formValue(query, "batch").map(String::strip).orElse(null),
                formValue(query, "reason").map(String::strip).orElse(null),
                page.get());
        return html(r.status(), Console.renderBytes("quarantine.jte", r.view()));
      }
      if (rest.equals("/ui/breaks")) {
        BreaksPage.Result r =
            BreaksPage.build(
                frame,
                new dev.recon.core.match.MatchBook(api.query().objectStore()).latest(),
                new BreaksPage.Filter(
                    formValue(query, "asOf").map(String::strip).orElse(null),
                    formValue(query, "kind").map(String::strip).orElse(null),
                    formValue(query, "reason").map(String::strip).orElse(null),
                    formValue(query, "bucket").map(String::strip).orElse(null)),
                page.get());
        return html(r.status(), Console.renderBytes("breaks.jte", r.view()));
      }
      if (rest.equals("/ui/batches")) {
        Optional<Integer> limit = limit(query, PAGE_LIMIT_DEFAULT);
        if (limit.isEmpty()) {
          return Answer.error(400, "limit must be a whole number from 1 to " + LIMIT_MAX);
        }
        return new Answer(
            200,
            HTML,
            StatusPage.render(BatchReport.read(ledger, clock, limit.get()), REFRESH_SECONDS_DEFAULT)
                .getBytes(StandardCharsets.UTF_8),
            List.of(new HttpField("Content-Security-Policy", PAGE_POLICY)));
      }
    } catch (StoreUnavailableException e) {
      log.accept("recon serve: a store is unavailable: " + e.getMessage());
      return Answer.error(503, "a store is unavailable; retry later");
    }
    return Answer.error(404, "no such resource");
  }

  /**
   * {@code ?page=N} (a whole number from 1; leading zeros allowed) when present, else 1; empty when
   * malformed.
   */
  static Optional<Long> page(String rawQuery) {
    Optional<String> text = ArtifactApi.parameter(rawQuery, "page");
    if (text.isEmpty()) {
      return Optional.of(1L);
    }
    return text.get().matches("[0-9]{1,9}") && Long.parseLong(text.get()) >= 1
        ? Optional.of(Long.parseLong(text.get()))
        : Optional.empty();
  }

  /** A 405 naming the allowed methods unless {@code method} is GET or HEAD. */
  private static Optional<Answer> getOnly(String method) {
    if (method.equals("GET") || method.equals("HEAD")) {
      return Optional.empty();
    }
    return Optional.of(
        new Answer(
            405,
            JSON,
            errorJson("only GET is supported"),
            List.of(new HttpField(HttpHeader.ALLOW, ArtifactApi.ALLOWED_METHODS))));
  }

  /**
   * The {@link #TENANT_ROUTES} template a tenant-relative raw path matches ({@code {id}}: one
   * non-empty segment), or empty.
   */
  static Optional<String> route(String rest) {
    String[] segments = rest.split("/", -1);
    for (String template : TENANT_ROUTES) {
      String[] t = template.split("/", -1);
      if (t.length != segments.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < t.length && match; i++) {
        match = t[i].startsWith("{") ? !segments[i].isEmpty() : t[i].equals(segments[i]);
      }
      if (match) {
        return Optional.of(template);
      }
    }
    return Optional.empty();
  }

  private static byte[] openApiDocument() {
    try (var in = ReconServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Answer html(int status, byte[] body) {
    return new Answer(
        status, HTML, body, List.of(new HttpField("Content-Security-Policy", CONSOLE_POLICY)));
  }

  /**
   * A form field's value from a query string ({@code application/x-www-form-urlencoded}: {@code +}
   * is a space, then strict percent-decoding); empty when absent or malformed.
   */
  static Optional<String> formValue(String rawQuery, String name) {
    return ArtifactApi.parameter(rawQuery, name)
        .flatMap(v -> ArtifactApi.decodeSegment(v.replace("+", "%20")));
  }

  /**
   * Empty when the {@code Host} header is acceptable; else the answer: 400 for two or more, none on
   * HTTP/1.1 (RFC 9112 §3.2), or one that is not a well-formed {@code host[:port]}; 403 for a
   * well-formed non-loopback one while listening on loopback. HTTP/1.0 may omit it (a missing Host
   * cannot come from a rebinding page: browsers always send one).
   */
  static Optional<Answer> checkHost(List<String> values, boolean http11, boolean loopbackOnly) {
    if (values.size() > 1) {
      return Optional.of(Answer.error(400, "more than one Host header"));
    }
    if (values.isEmpty()) {
      return http11 ? Optional.of(Answer.error(400, "missing Host header")) : Optional.empty();
    }
    Optional<String> host = hostName(values.get(0));
    if (host.isEmpty()) {
      return Optional.of(Answer.error(400, "malformed Host header"));
    }
    if (loopbackOnly && !loopbackName(host.get())) {
      return Optional.of(
          Answer.error(
              403,
              "this server answers only to a loopback host name (localhost, 127.0.0.1, [::1])"));
    }
    return Optional.empty();
  }

  /**
   * The host of a {@code Host} header value, lower-cased, when it is exactly {@code host[:port]}: a
   * name or IPv4 address of letters, digits, {@code .}, {@code -} (no userinfo, path or spaces), or
   * a bracketed IPv6 address; the port 1–5 digits. Empty otherwise.
   */
  static Optional<String> hostName(String value) {
    String h = value.toLowerCase(Locale.ROOT);
    String host;
    String port;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0 || !h.substring(1, end).matches("[0-9a-f:.]{2,45}")) {
        return Optional.empty();
      }
      host = h.substring(1, end);
      String rest = h.substring(end + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return Optional.empty();
      }
      port = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = h.indexOf(':');
      host = colon < 0 ? h : h.substring(0, colon);
      port = colon < 0 ? null : h.substring(colon + 1);
      if (!host.matches("[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?")) {
        return Optional.empty();
      }
    }
    if (port != null && !port.matches("[0-9]{1,5}")) {
      return Optional.empty();
    }
    return Optional.of(host);
  }

  /** Loopback names only: {@code localhost}, 127.x.y.z, ::1. */
  static boolean loopbackName(String host) {
    return host.equals("localhost")
        || host.equals("::1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /** Loopback {@code Host} header values only (as {@link #checkHost} judges one header). */
  static boolean loopbackHost(String hostHeader) {
    return hostName(hostHeader).filter(ReconServer::loopbackName).isPresent();
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

  private static byte[] errorJson(String message) {
    String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
    return ("{\"error\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** The headers every answer carries: artifacts and batch statuses change with every batch. */
  private static void commonHeaders(HttpFields.Mutable h, String contentType) {
    h.put(HttpHeader.CONTENT_TYPE, contentType);
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "no-referrer");
  }

  private static void send(Request request, Response response, Callback callback, Answer a) {
    response.setStatus(a.status());
    HttpFields.Mutable h = response.getHeaders();
    commonHeaders(h, a.contentType());
    a.headers().forEach(h::put);
    h.put(HttpHeader.CONTENT_LENGTH, a.body().length);
    if (request.getMethod().equals("HEAD")) {
      callback.succeeded();
      return;
    }
    response.write(true, ByteBuffer.wrap(a.body()), callback);
  }

  /**
   * Jetty's own answers (a request it cannot parse, a Host it rejects, headers over the limit, a
   * request that waited too long for a turn): recon's JSON error with the usual headers, never an
   * HTML page.
   */
  private static final class JsonErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus();
      String message = (String) request.getAttribute(ERROR_MESSAGE);
      send(request, response, callback, Answer.error(status, describe(status, message)));
      return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      commonHeaders(fields, JSON);
      return ByteBuffer.wrap(errorJson(describe(status, reason)));
    }

    private static String describe(int status, String reason) {
      String text =
          switch (status) {
            case 400 ->
                "malformed request (its request line, its target such as an escape or a control character "
                    + "in the path, or a header)";
            case 408 -> "request timeout";
            case 413 -> "request too large";
            case 414 -> "request line too long";
            case 431 -> "request headers too large";
            case 503 -> "the server is busy; retry later";
            default -> "request refused";
          };
      // Jetty's reason is fixed text of its own ("Bad Host header", "Ambiguous URI ..."), never
      // the client's bytes; printable() keeps it one line all the same.
      boolean plain =
          reason == null
              || reason.isBlank()
              || status == 503
              || reason.equalsIgnoreCase(org.eclipse.jetty.http.HttpStatus.getMessage(status));
      return plain ? text : text + ": " + printable(reason);
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
