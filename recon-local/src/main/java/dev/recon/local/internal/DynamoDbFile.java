package dev.recon.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local's on-disk database ({@code -sharedDb -dbPath DIR}: the one SQLite file {@value
 * #FILE_NAME}) kept in SQLite's write-ahead-log mode, and checkpointed from this process.
 *
 * <p>DynamoDB Local opens the file with SQLite's defaults: a rollback journal created, synced and
 * deleted on every commit, that is on every single write request. That bounded the local indexer at
 * a few hundred conditional PutItems per second (JFR of DynamoDB Local: its one SQLite thread spent
 * 96 % of its time in {@code COMMIT}), where the in-memory database does thousands. DynamoDB Local
 * sets no journal mode itself, and WAL mode is stored in the file and kept by every later
 * connection, so putting the file in WAL mode before DynamoDB Local opens it makes each commit one
 * append and one sync of the log: still durable (SQLite's default {@code synchronous=FULL}), still
 * one database that persists between commands, with the same conditional writes.
 *
 * <p>DynamoDB Local's SQLite never checkpoints the log itself (measured: 85 MB of log after 6,000
 * PutItems, the database file untouched), so {@link #checkpointing} copies the log back into the
 * database every few seconds from here ({@code PASSIVE}: it never blocks DynamoDB Local's writer or
 * readers; SQLite's own locks arbitrate the two processes), and {@link #prepare} and {@link #close}
 * fold what is left and truncate the log while DynamoDB Local is not running.
 */
public final class DynamoDbFile implements AutoCloseable {

  /** The database file DynamoDB Local uses with {@code -sharedDb}. */
  public static final String FILE_NAME = "shared-local-instance.db";

  /** How often {@link #checkpointing} folds the log into the database. */
  public static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbFile.class);

  private final Path file;
  private final Connection connection;
  private final ScheduledExecutorService timer;
  private final AtomicLong checkpoints = new AtomicLong();

  private DynamoDbFile(Path file, Connection connection, Duration every) {
    this.file = file;
    this.connection = connection;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dynamodb-checkpoint");
              t.setDaemon(true);
              return t;
            });
    long ms = every.toMillis();
    timer.scheduleWithFixedDelay(this::checkpointQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Before DynamoDB Local starts on {@code dir}: creates the database if absent, puts it in WAL
   * mode (a database left in rollback mode by an older stack is converted, a hot journal of a
   * crashed one rolled back first by SQLite itself), and folds and truncates any log a killed stack
   * left.
   */
  public static void prepare(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    try (Connection c = open(file);
        Statement s = c.createStatement()) {
      String mode = single(s, "PRAGMA journal_mode=WAL");
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new IllegalStateException(file + " refused WAL mode (journal_mode=" + mode + ")");
      }
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare DynamoDB Local's database " + file, e);
    }
  }

  /** While DynamoDB Local runs on {@code dir}: checkpoints its log every {@code every}. */
  public static DynamoDbFile checkpointing(Path dir, Duration every) {
    Path file = dir.resolve(FILE_NAME);
    try {
      return new DynamoDbFile(file, open(file), every);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open DynamoDB Local's database " + file, e);
    }
  }

  /** The file's journal mode as SQLite reports it ({@code wal}, {@code delete}, ...). */
  public static String journalMode(Path dir) {
    try (Connection c = open(dir.resolve(FILE_NAME));
        Statement s = c.createStatement()) {
      return single(s, "PRAGMA journal_mode");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + dir.resolve(FILE_NAME), e);
    }
  }

  /** Checkpoints that ran to the end of the log (every frame copied back) since this started. */
  public long completeCheckpoints() {
    return checkpoints.get();
  }

  /**
   * Folds the log into the database now ({@code PASSIVE}); true when every frame was copied back.
   */
  public synchronized boolean checkpoint() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      // (busy, frames in the log, frames checkpointed); -1 when the database is not in WAL mode
      boolean complete = r.next() && r.getInt(1) == 0 && r.getInt(2) == r.getInt(3);
      if (complete) {
        checkpoints.incrementAndGet();
      }
      return complete;
    }
  }

  private void checkpointQuietly() {
    try {
      checkpoint();
    } catch (SQLException | RuntimeException e) {
      // DynamoDB Local may hold the lock for a moment, or be stopping; the next round retries.
      LOG.debug("checkpoint of {} skipped: {}", file, e.toString());
    }
  }

  /**
   * Stops checkpointing. Called after DynamoDB Local has stopped: folds and truncates the log, so
   * the next start finds the whole database in one file.
   */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      LOG.warn(
          "final checkpoint of {} failed (the next start folds the log): {}", file, e.toString());
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("closing {}: {}", file, e.toString());
      }
    }
  }

  private static Connection open(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=2000"); // DynamoDB Local's commit holds the lock briefly
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }
}
