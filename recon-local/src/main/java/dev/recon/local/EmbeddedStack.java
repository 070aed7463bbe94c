package dev.recon.local;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.error.StackAlreadyRunningException;
import dev.recon.local.internal.ChildClasspath;
import dev.recon.local.internal.ChildProcess;
import dev.recon.local.internal.ChildWatchdog;
import dev.recon.local.internal.Probes;
import dev.recon.local.internal.RedisBinary;
import dev.recon.local.internal.StackLock;
import dev.recon.local.internal.StaleProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * recon's AWS services on one machine: an S3-compatible server (s3proxy, filesystem store), DynamoDB
 * Local and a Redis server, each on a free loopback port, with all durable state under one home
 * directory, so a later stack started on the same home sees the same buckets, objects, tables and
 * cached values.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.start(Path.of(".recon/local"))) {
 *   ReconSettings settings = stack.settings();          // endpoints, dummy credentials, tables
 *   ObjectStore store = stack.clients().objectStore();  // or new AwsClientFactory(settings)
 *   ...
 * }
 * }</pre>
 *
 * <p>Home layout: {@code s3/} (s3proxy filesystem store), {@code dynamodb/} (DynamoDB Local
 * {@code -sharedDb -dbPath}), {@code redis/} (append-only file and RDB snapshot), {@code logs/}
 * (one log per server), {@code run/} (pid files, generated configs), {@code bin/} (the extracted
 * Redis binary) and {@code stack.lock}.
 *
 * <p>Isolation and cleanup: s3proxy and DynamoDB Local run in child JVMs, because s3proxy's Jackson
 * 3 / Jetty 12 clash with Spark in the same JVM; their classpaths were resolved at build time and
 * never touch the caller's. Every child is started through {@link ChildWatchdog}, which exits when
 * this JVM goes away, even by SIGKILL, taking its server with it. Orphans a crashed stack might
 * still leave (say, a watchdog that was itself SIGKILLed) are found by pid file and stopped on the
 * next start. One home runs at most one stack: {@link #start} refuses with {@link
 * StackAlreadyRunningException} while another process (or this one) holds {@code stack.lock}.
 *
 * <p>Start-up launches the three servers at once, polls each for readiness (no fixed sleeps), then
 * creates the bucket and the two tables if absent. A server that fails names itself and shows the
 * tail of its log. {@link #close()} is idempotent; a JVM shutdown hook closes a stack left open.
 */
public final class EmbeddedStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

  /**
   * Dummy credentials: only this stack's s3proxy checks them; DynamoDB Local accepts any key made
   * of letters and digits (it rejects others, hence no dashes).
   */
  public static final String ACCESS_KEY_ID = "reconlocal";
  public static final String SECRET_ACCESS_KEY = "reconlocalnotasecret";
  public static final Duration START_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
  static final Duration STOP_GRACE = Duration.ofSeconds(10);
  static final long POLL_MILLIS = 20;
  static final int LOG_TAIL_LINES = 30;

  /** Startup-oriented flags for the server JVMs: small footprint, no verification of Maven Central jars. */
  static final List<String> CHILD_JVM_FLAGS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:-UsePerfData",
          "-XX:+UnlockDiagnosticVMOptions",
          "-XX:-BytecodeVerificationRemote",
          "-Dfile.encoding=UTF-8");

  static final String S3PROXY_MAIN = "org.gaul.s3proxy.Main";
  static final String DYNAMODB_MAIN = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner";

  private final Path home;
  private final StackLock lock;
  private final List<ChildProcess> children;
  private final ReconSettings settings;
  private final AwsClientFactory clients;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedStack(
      Path home, StackLock lock, List<ChildProcess> children, ReconSettings settings, AwsClientFactory clients) {
    this.home = home;
    this.lock = lock;
    this.children = children;
    this.settings = settings;
    this.clients = clients;
    this.shutdownHook = new Thread(this::close, "embedded-stack-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a stack on {@code home} (created if absent) with default settings. */
  public static EmbeddedStack start(Path home) {
    return builder(home).start();
  }

  public static Builder builder(Path home) {
    return new Builder(home);
  }

  /** Options of a stack; every one has a default. */
  public static final class Builder {
    private final Path home;
    private ReconSettings base = ReconSettings.builder().build();
    private Duration startTimeout = START_TIMEOUT_DEFAULT;
    private Path redisServer;
    private boolean dynamoDbInMemory;

    private Builder(Path home) {
      this.home = Objects.requireNonNull(home, "home");
    }

    /**
     * Environment, bucket, prefix, table names, cache TTL and limits, timeouts and rules come from
     * here; the stack replaces endpoints, credentials and the Redis URI with its own.
     */
    public Builder settings(ReconSettings base) {
      this.base = Objects.requireNonNull(base, "base");
      return this;
    }

    /** How long each server may take to become ready (default 60 s). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Use this Redis binary instead of the one bundled with embedded-redis. */
    public Builder redisServer(Path binary) {
      this.redisServer = binary;
      return this;
    }

    /**
     * DynamoDB Local keeps its tables in memory ({@code -inMemory}) instead of under
     * {@code home/dynamodb}: nothing survives a stop, and writes no longer wait for SQLite's disk
     * transactions. For throwaway stacks (the bench), never for a stack a user comes back to.
     */
    public Builder inMemoryDynamoDb() {
      this.dynamoDbInMemory = true;
      return this;
    }

    /**
     * Starts the stack.
     *
     * @throws StackAlreadyRunningException if a stack runs on this home (any process)
     * @throws StackStartException if a server fails to come up (all started ones are stopped)
     */
    public EmbeddedStack start() {
      return EmbeddedStack.doStart(this);
    }
  }

  private static EmbeddedStack doStart(Builder b) {
    long t0 = System.nanoTime();
    Path home = prepareHome(b.home);
    StackLock lock = StackLock.acquire(home);
    List<ChildProcess> started = new ArrayList<>();
    AwsClientFactory clients = null;
    ExecutorService pool = Executors.newFixedThreadPool(3, daemonThreads());
    try {
      Path run = home.resolve("run");
      // Holding the lock, any server named by our pid files is an orphan of a dead stack.
      String marker = home.toString();
      for (String name : List.of("s3proxy", "dynamodb", "redis")) {
        StaleProcesses.stopIfOrphaned(run.resolve(name + ".pid"), StaleProcesses.javaMentioning(marker));
      }
      StaleProcesses.stopIfOrphaned(run.resolve("redis-server.pid"), StaleProcesses.redisServer());

      Path watchdogDir = installWatchdog(run.resolve("watchdog"));
      int[] ports = Probes.freeLoopbackPorts(3);
      int s3Port = ports[0];
      int dynamoPort = ports[1];
      int redisPort = ports[2];

      ChildProcess s3 = launchS3Proxy(home, watchdogDir, s3Port);
      started.add(s3);
      ChildProcess dynamo = launchDynamoDb(home, watchdogDir, dynamoPort, b.dynamoDbInMemory);
      started.add(dynamo);
      Path redisBinary = b.redisServer != null ? b.redisServer : RedisBinary.locate(home.resolve("bin"));
      ChildProcess redis = launchRedis(home, watchdogDir, redisBinary, redisPort);
      started.add(redis);

      ReconSettings settings =
          b.base.toBuilder()
              .s3Endpoint("http://127.0.0.1:" + s3Port)
              .dynamoDbEndpoint("http://127.0.0.1:" + dynamoPort)
              .accessKeyId(ACCESS_KEY_ID)
              .secretAccessKey(SECRET_ACCESS_KEY)
              .redisUri("redis://127.0.0.1:" + redisPort)
              .redisAuthToken(null)
              .build();
      AwsClientFactory f = new AwsClientFactory(settings);
      clients = f;

      long deadline = System.nanoTime() + b.startTimeout.toNanos();
      CompletableFuture<Void> s3Up =
          CompletableFuture.runAsync(() -> awaitReady(s3, s3Port, Probes::httpAnswers, deadline, b.startTimeout), pool)
              .thenRun(() -> ReconTables.ensureBucket(f.s3(), settings.bucket(), settings.region()));
      CompletableFuture<Void> dynamoUp =
          CompletableFuture.runAsync(() -> awaitReady(dynamo, dynamoPort, Probes::httpAnswers, deadline, b.startTimeout), pool)
              .thenRun(() -> {
                ReconTables.ensureIndexTable(f.dynamoDb(), settings.indexTable());
                ReconTables.ensureLedgerTable(f.dynamoDb(), settings.ledgerTable());
                ReconTables.awaitActive(f.dynamoDb(), settings.indexTable(), b.startTimeout);
                ReconTables.awaitActive(f.dynamoDb(), settings.ledgerTable(), b.startTimeout);
              });
      CompletableFuture<Void> redisUp =
          CompletableFuture.runAsync(() -> awaitReady(redis, redisPort, Probes::redisAnswers, deadline, b.startTimeout), pool);
      joinAll(List.of(s3Up, dynamoUp, redisUp), b.startTimeout.plusSeconds(30));

      EmbeddedStack stack = new EmbeddedStack(home, lock, List.copyOf(started), settings, f);
      LOG.info(
          "embedded stack up in {} ms on {} (s3 {}, dynamodb {}, redis {})",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), home, s3Port, dynamoPort, redisPort);
      return stack;
    } catch (RuntimeException | Error e) {
      stopAll(started);
      if (clients != null) {
        clients.close();
      }
      lock.close();
      throw e;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Path prepareHome(Path requested) {
    try {
      Files.createDirectories(requested);
      Path home = requested.toRealPath();
      for (String dir : List.of("s3", "dynamodb", "redis", "logs", "run", "bin")) {
        Files.createDirectories(home.resolve(dir));
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare stack home " + requested, e);
    }
  }

  /** Copies the watchdog's single class file out of this jar: the children's only recon code. */
  private static Path installWatchdog(Path dir) {
    String resource = ChildWatchdog.class.getName().replace('.', '/') + ".class";
    Path target = dir.resolve(resource);
    try (InputStream in = ChildWatchdog.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("cannot find " + resource + " on the classpath");
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "watchdog", ".tmp");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the watchdog into " + dir, e);
    }
  }

  private static ChildProcess launchS3Proxy(Path home, Path watchdogDir, int port) {
    Path run = home.resolve("run");
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", ACCESS_KEY_ID);
    p.setProperty("s3proxy.credential", SECRET_ACCESS_KEY);
    p.setProperty("jclouds.provider", "filesystem");
    p.setProperty("jclouds.filesystem.basedir", home.resolve("s3").toString());
    Path props = run.resolve("s3proxy.properties");
    Path logback = run.resolve("s3proxy-logback.xml");
    try (OutputStream out = Files.newOutputStream(props)) {
      p.store(out, "generated by EmbeddedStack; rewritten on every start");
      try (InputStream in = EmbeddedStack.class.getResourceAsStream("s3proxy-logback.xml")) {
        Files.copy(Objects.requireNonNull(in, "s3proxy-logback.xml"), logback, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write s3proxy config under " + run, e);
    }
    List<String> cmd = javaCommand("-Xmx256m", watchdogDir, ChildClasspath.read("s3proxy"));
    cmd.add(1, "-Dlogback.configurationFile=" + logback);
    cmd.addAll(List.of(S3PROXY_MAIN, "--properties", props.toString()));
    return ChildProcess.launch("s3proxy", cmd, home.resolve("logs/s3proxy.log"), run.resolve("s3proxy.pid"), run);
  }

  private static ChildProcess launchDynamoDb(Path home, Path watchdogDir, int port, boolean inMemory) {
    Path run = home.resolve("run");
    List<String> cmd = javaCommand("-Xmx512m", watchdogDir, ChildClasspath.read("dynamodb-local"));
    cmd.addAll(
        List.of(
            DYNAMODB_MAIN,
            "-port", Integer.toString(port),
            "-sharedDb", // one database whatever region or credentials a client uses
            "-disableTelemetry"));
    cmd.addAll(inMemory ? List.of("-inMemory") : List.of("-dbPath", home.resolve("dynamodb").toString()));
    return ChildProcess.launch("dynamodb", cmd, home.resolve("logs/dynamodb.log"), run.resolve("dynamodb.pid"), run);
  }

  private static ChildProcess launchRedis(Path home, Path watchdogDir, Path binary, int port) {
    Path run = home.resolve("run");
    Path conf = home.resolve("redis/redis.conf");
    String config =
        String.join(
            "\n",
            "# generated by EmbeddedStack; rewritten on every start",
            "bind 127.0.0.1",
            "port " + port,
            "protected-mode yes",
            "daemonize no",
            "dir " + quote(home.resolve("redis").toString()),
            "pidfile " + quote(run.resolve("redis-server.pid").toString()),
            "logfile \"\"",
            "loglevel warning",
            // The cache survives restarts: append-only file (fsync every second) plus RDB snapshots.
            "appendonly yes",
            "appendfilename \"appendonly.aof\"",
            "appendfsync everysec",
            "save 300 1",
            "save 60 1000",
            "dbfilename dump.rdb",
            "");
    try {
      Files.writeString(conf, config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + conf, e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
    cmd.addAll(List.of("-cp", watchdogDir.toString(), ChildWatchdog.class.getName()));
    cmd.addAll(List.of(Long.toString(ProcessHandle.current().pid()), "exec", binary.toString(), conf.toString()));
    return ChildProcess.launch("redis", cmd, home.resolve("logs/redis.log"), run.resolve("redis.pid"), run);
  }

  private static List<String> javaCommand(String heap, Path watchdogDir, List<Path> classpath) {
    List<Path> cp = new ArrayList<>(classpath);
    cp.add(watchdogDir);
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.add(heap);
    cmd.addAll(CHILD_JVM_FLAGS);
    cmd.addAll(List.of("-cp", ChildClasspath.join(cp), ChildWatchdog.class.getName()));
    cmd.addAll(List.of(Long.toString(ProcessHandle.current().pid()), "java"));
    return cmd;
  }

  private static String javaExecutable() {
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    Path java = bin.resolve("java");
    return Files.isExecutable(java) ? java.toString() : bin.resolve("java.exe").toString();
  }

  private static String quote(String path) {
    return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void awaitReady(ChildProcess child, int port, IntPredicate probe, long deadline, Duration timeout) {
    while (true) {
      if (!child.isAlive()) {
        throw new StackStartException(
            child.name() + " exited while starting (port " + port + "); last lines of " + child.logFile() + ":\n"
                + child.logTail(LOG_TAIL_LINES));
      }
      if (probe.test(port)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new StackStartException(
            child.name() + " not ready on port " + port + " after " + timeout.toSeconds() + " s; last lines of "
                + child.logFile() + ":\n" + child.logTail(LOG_TAIL_LINES));
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackStartException("interrupted while waiting for " + child.name(), e);
      }
    }
  }

  /** Waits for every step; the first failure aborts the wait (the caller then stops everything). */
  private static void joinAll(List<CompletableFuture<Void>> futures, Duration timeout) {
    CompletableFuture<Void> firstFailure = new CompletableFuture<>();
    for (CompletableFuture<Void> f : futures) {
      f.whenComplete((ok, e) -> {
        if (e != null) {
          firstFailure.completeExceptionally(e);
        }
      });
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]));
    try {
      CompletableFuture.anyOf(all, firstFailure).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw cause instanceof StackStartException sse
          ? sse
          : new StackStartException("embedded stack setup failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new StackStartException("embedded stack did not start within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while starting the embedded stack", e);
    }
  }

  private static void stopAll(List<ChildProcess> children) {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (ChildProcess c : children) {
      stops.add(CompletableFuture.runAsync(() -> {
        long t0 = System.nanoTime();
        c.stop(STOP_GRACE);
        LOG.debug("{} stopped in {} ms", c, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }));
    }
    for (CompletableFuture<Void> s : stops) {
      try {
        s.join();
      } catch (CompletionException e) {
        LOG.warn("stopping a server failed", e.getCause());
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "embedded-stack-start");
      t.setDaemon(true);
      return t;
    };
  }

  /** The home directory (absolute, symlinks resolved). */
  public Path home() {
    return home;
  }

  /** Settings pointing at this stack: endpoints, dummy static credentials, bucket, tables, Redis. */
  public ReconSettings settings() {
    return settings;
  }

  /** A client factory on {@link #settings()}, owned and closed by the stack. */
  public AwsClientFactory clients() {
    return clients;
  }

  public String s3Endpoint() {
    return settings.s3Endpoint();
  }

  public String dynamoDbEndpoint() {
    return settings.dynamoDbEndpoint();
  }

  public String redisUri() {
    return settings.redisUri();
  }

  public boolean isRunning() {
    return !closed.get();
  }

  /** Stops the servers (Redis flushes its data first), closes the clients, releases the home. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: this is the hook running
    }
    try {
      clients.close();
    } finally {
      try {
        stopAll(children);
      } finally {
        lock.close();
        LOG.info("embedded stack on {} stopped in {} ms", home, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedStack{home=" + home + ", s3=" + s3Endpoint() + ", dynamodb=" + dynamoDbEndpoint()
        + ", redis=" + redisUri() + (isRunning() ? "" : ", closed") + "}";
  }
}
