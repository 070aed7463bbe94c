package dev.recon.local;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.error.StackAlreadyRunningException;
import dev.recon.local.internal.ChildProcess;
import dev.recon.local.internal.ChildWatchdog;
import dev.recon.local.internal.DynamoDbFile;
import dev.recon.local.internal.Probes;
import dev.recon.local.internal.RedisBinary;
import dev.recon.local.internal.StackLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * recon's AWS services on one machine: an S3-compatible server (s3proxy, filesystem store),
 * DynamoDB Local and a Redis server, each on a free loopback port, with all durable state under one
 * home directory, so a later stack started on the same home sees the same buckets, objects, tables
 * and cached values.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.start(Path.of(".recon/local"))) {
 *   ReconSettings settings = stack.settings();          // endpoints, dummy credentials, tables
 *   ObjectStore store = stack.clients().objectStore();  // or new AwsClientFactory(settings)
 *   ...
 * }
 * }</pre>
 *
 * <p>Home layout: {@code s3/} (s3proxy filesystem store), {@code dynamodb/} (DynamoDB Local {@code
 * -sharedDb -dbPath}), {@code redis/} (append-only file and RDB snapshot), {@code logs/} (one log
 * per server), {@code run/} (pid files, generated configs), {@code bin/} (the extracted Redis
 * binary) and {@code stack.lock}.
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

  private final Path home;
  private final StackLock lock;
  private final List<ChildProcess> children;
  private final ReconSettings settings;
  private final AwsClientFactory clients;
  private final DynamoDbFile dynamoDbFile; // null when DynamoDB Local runs in memory
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedStack(
      Path home,
      StackLock lock,
      List<ChildProcess> children,
      ReconSettings settings,
      AwsClientFactory clients,
      DynamoDbFile dynamoDbFile) {
    this.home = home;
    this.lock = lock;
    this.children = children;
    this.settings = settings;
    this.clients = clients;
    this.dynamoDbFile = dynamoDbFile;
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
     * DynamoDB Local keeps its tables in memory ({@code -inMemory}) instead of under {@code
     * home/dynamodb}: nothing survives a stop, and writes no longer wait for SQLite's disk
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
    Path home = StackHome.prepare(b.home);
    StackLock lock = StackLock.acquire(home);
    List<ChildProcess> started = new ArrayList<>();
    AwsClientFactory clients = null;
    ExecutorService pool = Executors.newFixedThreadPool(3, StackStartup.daemonThreads());
    try {
      // Holding the lock, any server named by our pid files is an orphan of a dead stack.
      StackHome.stopOrphans(home);

      Path run = home.resolve("run");
      Path watchdogDir = ServerLaunchers.installWatchdog(run.resolve("watchdog"));
      int[] ports = Probes.freeLoopbackPorts(3);
      int s3Port = ports[0];
      int dynamoPort = ports[1];
      int redisPort = ports[2];

      ChildProcess s3 = ServerLaunchers.launchS3Proxy(home, watchdogDir, s3Port);
      started.add(s3);
      if (!b.dynamoDbInMemory) {
        DynamoDbFile.prepare(home.resolve("dynamodb"));
      }
      ChildProcess dynamo =
          ServerLaunchers.launchDynamoDb(home, watchdogDir, dynamoPort, b.dynamoDbInMemory);
      started.add(dynamo);
      Path redisBinary =
          b.redisServer != null ? b.redisServer : RedisBinary.locate(home.resolve("bin"));
      ChildProcess redis = ServerLaunchers.launchRedis(home, watchdogDir, redisBinary, redisPort);
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
          CompletableFuture.runAsync(
                  () ->
                      StackStartup.awaitReady(
                          s3, s3Port, Probes::httpAnswers, deadline, b.startTimeout),
                  pool)
              .thenRun(() -> StackTables.ensureBucket(f, settings));
      CompletableFuture<Void> dynamoUp =
          CompletableFuture.runAsync(
                  () ->
                      StackStartup.awaitReady(
                          dynamo, dynamoPort, Probes::httpAnswers, deadline, b.startTimeout),
                  pool)
              .thenRun(() -> StackTables.ensureTables(f, settings, b.startTimeout));
      CompletableFuture<Void> redisUp =
          CompletableFuture.runAsync(
              () ->
                  StackStartup.awaitReady(
                      redis, redisPort, Probes::redisAnswers, deadline, b.startTimeout),
              pool);
      StackStartup.joinAll(List.of(s3Up, dynamoUp, redisUp), b.startTimeout.plusSeconds(30));

      DynamoDbFile dbFile =
          b.dynamoDbInMemory
              ? null
              : DynamoDbFile.checkpointing(home.resolve("dynamodb"), DynamoDbFile.CHECKPOINT_EVERY);
      EmbeddedStack stack =
          new EmbeddedStack(home, lock, List.copyOf(started), settings, f, dbFile);
      LOG.info(
          "embedded stack up in {} ms on {} (s3 {}, dynamodb {}, redis {})",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
          home,
          s3Port,
          dynamoPort,
          redisPort);
      return stack;
    } catch (RuntimeException | Error e) {
      StackStartup.stopAll(started);
      if (clients != null) {
        clients.close();
      }
      lock.close();
      throw e;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The home directory (absolute, symlinks resolved). */
  public Path home() {
    return home;
  }

  /**
   * Settings pointing at this stack: endpoints, dummy static credentials, bucket, tables, Redis.
   */
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

  /**
   * Stops the servers (Redis flushes its data first), closes the clients, releases the home.
   * Idempotent.
   */
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
        StackStartup.stopAll(children);
      } finally {
        if (dynamoDbFile != null) {
          dynamoDbFile.close(); // after DynamoDB Local stopped: folds and truncates the log
        }
        lock.close();
        LOG.info(
            "embedded stack on {} stopped in {} ms",
            home,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedStack{home="
        + home
        + ", s3="
        + s3Endpoint()
        + ", dynamodb="
        + dynamoDbEndpoint()
        + ", redis="
        + redisUri()
        + (isRunning() ? "" : ", closed")
        + "}";
  }
}
