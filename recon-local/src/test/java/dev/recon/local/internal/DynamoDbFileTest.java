package dev.recon.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DynamoDbFile} on plain SQLite files; a second connection with automatic checkpoints off
 * plays DynamoDB Local, whose SQLite never checkpoints. The stack's use of it is checked by {@code
 * EmbeddedStackIT}.
 */
class DynamoDbFileTest {

  @Test
  void prepare_shouldCreateTheDatabaseInWalMode_whenAbsent(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("dynamodb");

    DynamoDbFile.prepare(db);

    assertThat(db.resolve(DynamoDbFile.FILE_NAME)).exists();
    assertThat(DynamoDbFile.journalMode(db)).isEqualTo("wal");
  }

  @Test
  void prepare_shouldConvertARollbackJournalDatabaseAndKeepItsRows(@TempDir Path dir)
      throws Exception {
    try (Connection c = connect(dir);
        Statement s = c.createStatement()) {
      assertThat(single(s, "PRAGMA journal_mode=DELETE")).isEqualTo("delete");
      s.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
      s.execute("INSERT INTO t VALUES ('a', 1), ('b', 2)");
    }

    DynamoDbFile.prepare(dir);

    assertThat(DynamoDbFile.journalMode(dir)).isEqualTo("wal");
    try (Connection c = connect(dir);
        Statement s = c.createStatement()) {
      assertThat(single(s, "SELECT group_concat(k || '=' || v, ',') FROM t")).isEqualTo("a=1,b=2");
    }
  }

  @Test
  void checkpoint_shouldCopyAWriterLogIntoTheDatabase_whileTheWriterStaysOpen(@TempDir Path dir)
      throws Exception {
    DynamoDbFile.prepare(dir);
    Path log = dir.resolve(DynamoDbFile.FILE_NAME + "-wal");
    try (Connection writer = connect(dir);
        Statement w = writer.createStatement();
        DynamoDbFile file = DynamoDbFile.checkpointing(dir, Duration.ofHours(1))) {
      w.execute("PRAGMA wal_autocheckpoint=0"); // as DynamoDB Local: its log only grows
      w.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
      for (int i = 0; i < 200; i++) {
        w.execute("INSERT INTO t VALUES (" + i + ", randomblob(3000))");
      }
      long dbBefore = Files.size(dir.resolve(DynamoDbFile.FILE_NAME));
      assertThat(Files.size(log)).as("200 commits of 3 kB in the log").isGreaterThan(600_000);

      assertThat(file.checkpoint()).as("every frame copied back").isTrue();
      assertThat(file.completeCheckpoints()).isEqualTo(1);
      assertThat(Files.size(dir.resolve(DynamoDbFile.FILE_NAME)))
          .as("the rows are now in the database file itself")
          .isGreaterThan(dbBefore + 600_000);

      long logAfterFirst = Files.size(log);
      for (int i = 200; i < 400; i++) {
        w.execute("INSERT INTO t VALUES (" + i + ", randomblob(3000))");
      }
      assertThat(Files.size(log))
          .as("after a complete checkpoint the writer starts the log again from its beginning")
          .isLessThanOrEqualTo(logAfterFirst);
    }
    assertThat(Files.exists(log) ? Files.size(log) : 0L)
        .as("close (the writer gone) truncated the log")
        .isZero();
    try (Connection c = connect(dir);
        Statement s = c.createStatement()) {
      assertThat(single(s, "SELECT count(*) FROM t")).isEqualTo("400");
    }
  }

  @Test
  void checkpointing_shouldRunOnItsOwn_everyPeriod(@TempDir Path dir) throws Exception {
    DynamoDbFile.prepare(dir);
    try (Connection writer = connect(dir);
        Statement w = writer.createStatement();
        DynamoDbFile file = DynamoDbFile.checkpointing(dir, Duration.ofMillis(20))) {
      w.execute("PRAGMA wal_autocheckpoint=0");
      w.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (file.completeCheckpoints() < 3 && System.nanoTime() < deadline) {
        w.execute("INSERT INTO t VALUES (NULL)");
      }
      assertThat(file.completeCheckpoints()).isGreaterThanOrEqualTo(3);
    }
  }

  private static Connection connect(Path dir) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(DynamoDbFile.FILE_NAME));
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }
}
