package dev.recon.cli;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.error.StackAlreadyRunningException;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.core.tenant.TenantId;
import dev.recon.local.EmbeddedStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command's use of the embedded stack on a home directory: starts it (state persists there
 * between invocations), hands out clients, and stops it on close.
 *
 * <p>One home runs one stack (an OS lock on {@code stack.lock}). So that a lookup still works while
 * {@code recon run} or {@code recon serve} holds the home, the process that starts the stack writes
 * its endpoints to {@code run/recon-session.properties} (removed when it stops), and {@link
 * #openForReading} connects to them instead of starting a stack of its own. It does so only when
 * the lock is held (so the endpoints belong to a live stack) and the file names the lock's owner.
 */
public final class LocalSession implements AutoCloseable {
  static final String SESSION_FILE = "run/recon-session.properties";
  private static final Pattern OWNER_PID = Pattern.compile("pid[ =]([0-9]+)");

  /**
   * Tests only: stacks kept open across commands, by absolute home. A command on such a home uses
   * the kept stack instead of starting one and leaves it running; whoever put it here closes it.
   * Empty in the command line, where each command starts and stops its own stack.
   */
  static final Map<Path, EmbeddedStack> KEPT = new ConcurrentHashMap<>();

  private final EmbeddedStack stack;
  private final AwsClientFactory shared;
  private final Path sessionFile;
  private final boolean ownsStack;
  private volatile TenantId tenant = TenantId.DEFAULT;

  private LocalSession(EmbeddedStack stack, AwsClientFactory shared, Path sessionFile) {
    this(stack, shared, sessionFile, true);
  }

  private LocalSession(
      EmbeddedStack stack, AwsClientFactory shared, Path sessionFile, boolean ownsStack) {
    this.stack = stack;
    this.shared = shared;
    this.sessionFile = sessionFile;
    this.ownsStack = ownsStack;
  }

  /**
   * Starts the stack on {@code home}, created if absent: {@code recon serve}'s (through
   * LocalServe).
   */
  public static LocalSession open(Path home) {
    return open(home, "serve");
  }

  /**
   * Starts the stack on {@code home}, created if absent (ingest, demo); {@code command} names the
   * holder to readers.
   */
  static LocalSession open(Path home, String command) {
    if (Files.exists(home) && !Files.isDirectory(home)) {
      throw notADirectory(home);
    }
    EmbeddedStack kept = KEPT.get(home.toAbsolutePath().normalize());
    if (kept != null) {
      return new LocalSession(kept, null, null, false);
    }
    EmbeddedStack stack = EmbeddedStack.start(home);
    Path file = stack.home().resolve(SESSION_FILE);
    try {
      writeSession(file, command, stack.settings());
    } catch (IOException | RuntimeException e) {
      // Sharing is an extra: without the file, read-only commands say who holds the home.
      file = null;
    }
    return new LocalSession(stack, null, file);
  }

  /** Starts the stack on an existing home (run, cancel, replay): exit 7 when there is none. */
  static LocalSession openExisting(Path home, String command) {
    requireHome(home, command);
    return open(home, command);
  }

  /**
   * For commands that only read (get, history, export, status, report, complete): an existing home,
   * and the stack of the process that holds it when there is one.
   */
  static LocalSession openForReading(Path home, String command) {
    requireHome(home, command);
    try {
      return open(home, command);
    } catch (StackAlreadyRunningException held) {
      Optional<Properties> session = readSession(home.resolve(SESSION_FILE));
      String ownerPid = ownerPid(held.getMessage());
      if (session.isEmpty()
          || ownerPid == null
          || !ownerPid.equals(session.get().getProperty("pid"))) {
        throw new CliException(
            Exit.HOME_UNUSABLE, Failures.inUse(home.toString(), held.getMessage()), held);
      }
      Properties p = session.get();
      ReconSettings settings =
          ReconSettings.builder().build().toBuilder()
              .s3Endpoint(p.getProperty("s3"))
              .dynamoDbEndpoint(p.getProperty("dynamodb"))
              .redisUri(p.getProperty("redis"))
              .accessKeyId(EmbeddedStack.ACCESS_KEY_ID)
              .secretAccessKey(EmbeddedStack.SECRET_ACCESS_KEY)
              .redisAuthToken(null)
              .build();
      System.err.println(
          "recon "
              + command
              + ": reading through the stack of `recon "
              + p.getProperty("command")
              + "` (pid "
              + ownerPid
              + ") on "
              + home);
      return new LocalSession(null, new AwsClientFactory(settings), null);
    }
  }

  /** Read-only commands never create a home: they say where they looked. */
  static void requireHome(Path home, String command) {
    if (Files.exists(home) && !Files.isDirectory(home)) {
      throw notADirectory(home);
    }
    if (!Files.isDirectory(home) || !Files.exists(home.resolve("stack.lock"))) {
      throw new CliException(
          Exit.NO_HOME,
          "no recon home at "
              + home
              + ": run `recon ingest` first, or pass --home"
              + " (`recon "
              + command
              + "` does not create one)");
    }
  }

  private static CliException notADirectory(Path home) {
    return new CliException(
        Exit.HOME_UNUSABLE,
        home
            + " cannot be a recon home: it is a file, not a directory; "
            + "pass --home with a directory (or a path to create one)");
  }

  static String ownerPid(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = OWNER_PID.matcher(message);
    return m.find() ? m.group(1) : null;
  }

  private static void writeSession(Path file, String command, ReconSettings s) throws IOException {
    Properties p = new Properties();
    p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    p.setProperty("command", command);
    p.setProperty("started", Instant.now().toString());
    p.setProperty("s3", s.s3Endpoint());
    p.setProperty("dynamodb", s.dynamoDbEndpoint());
    p.setProperty("redis", s.redisUri());
    Path tmp = Files.createTempFile(file.getParent(), "recon-session", ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(
          out, "the endpoints of the stack this process holds; read-only commands connect to them");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Optional<Properties> readSession(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Properties p = new Properties();
      p.load(in);
      boolean complete =
          p.getProperty("pid") != null
              && p.getProperty("s3") != null
              && p.getProperty("dynamodb") != null
              && p.getProperty("redis") != null;
      return complete ? Optional.of(p) : Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public ReconSettings settings() {
    return clients().settings();
  }

  /** The clients of the session's tenant ({@link #tenant(TenantId)}; default: {@code default}). */
  public AwsClientFactory clients() {
    return sharedClients().forTenant(tenant);
  }

  /** The clients of the default tenant, with the unscoped {@code shared*()} ports. */
  public AwsClientFactory sharedClients() {
    return stack != null ? stack.clients() : shared;
  }

  /** Scopes this session's {@link #clients()} and {@link #query()} to {@code next}. */
  public LocalSession tenant(TenantId next) {
    this.tenant = java.util.Objects.requireNonNull(next, "tenant");
    return this;
  }

  public TenantId tenant() {
    return tenant;
  }

  /** The tenant a command names, else every tenant in the ledger (for reports over tenants). */
  public java.util.SortedSet<TenantId> tenants(java.util.Optional<TenantId> named) {
    return named
        .<java.util.SortedSet<TenantId>>map(t -> new java.util.TreeSet<>(java.util.Set.of(t)))
        .orElseGet(
            () -> dev.recon.core.tenant.Tenants.inLedger(sharedClients().sharedBatchLedger()));
  }

  /** The stack this session started; null when it shares another process's. */
  public EmbeddedStack stack() {
    return stack;
  }

  public ArtifactQuery query() {
    AwsClientFactory c = clients();
    return new ArtifactQuery(
        c.artifactIndex(), c.objectStore(), c.artifactCache(), settings().rules().maxIdLength());
  }

  @Override
  public void close() {
    if (sessionFile != null) {
      try {
        Files.deleteIfExists(sessionFile);
      } catch (IOException e) {
        // a stale file is harmless: readers only trust it while its pid holds the lock
      }
    }
    if (stack != null) {
      if (ownsStack) {
        stack.close();
      }
    } else {
      shared.close();
    }
  }
}
