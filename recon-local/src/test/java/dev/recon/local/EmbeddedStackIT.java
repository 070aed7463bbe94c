package dev.recon.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.error.StackAlreadyRunningException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.port.IndexPutOutcome;
import dev.recon.local.internal.DynamoDbFile;
import dev.recon.local.internal.Probes;
import dev.recon.local.internal.RedisBinary;
import dev.recon.local.internal.StackLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle of the embedded stack itself: persistence, exclusive homes, no orphans, clear failures.
 */
class EmbeddedStackIT {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void start_shouldSeeEarlierDataAndRefuseSecondStart_whenRestartedOnSameHome(@TempDir Path home)
      throws IOException {
    byte[] artifact =
        "{\"artifactId\":\"order-9F2K\",\"version\":42}\n".getBytes(StandardCharsets.UTF_8);
    IndexEntry entry =
        new IndexEntry("order-9F2K", "state/42/part-00003.jsonl", 1024, artifact.length, 42);
    LedgerRecord batch =
        LedgerRecord.create(BatchKind.STATEFUL, "N-000042", 42, BatchStatus.SUCCESS, T0)
            .withCounts(Map.of("artifacts", 1L));
    try (EmbeddedStack first = EmbeddedStack.start(home)) {
      first
          .clients()
          .objectStore()
          .put("state/42/part-00003.jsonl", artifact, Map.of("batch", "42"));
      first.clients().artifactIndex().putIfNewer(entry);
      first.clients().batchLedger().create(batch);
      first
          .clients()
          .artifactCache()
          .putAll(List.of(new CachedArtifact("order-9F2K", 42, artifact)));

      assertThatThrownBy(() -> EmbeddedStack.start(home))
          .isInstanceOf(StackAlreadyRunningException.class)
          .hasMessageContaining(first.home().toString())
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
      assertThat(first.isRunning()).as("the refused start leaves the first stack alone").isTrue();
      assertThat(first.clients().artifactIndex().get("order-9F2K")).contains(entry);
    }

    EmbeddedStack second = EmbeddedStack.start(home);
    try {
      assertThat(second.clients().objectStore().get("state/42/part-00003.jsonl"))
          .isEqualTo(artifact);
      assertThat(
              second
                  .clients()
                  .objectStore()
                  .head("state/42/part-00003.jsonl")
                  .orElseThrow()
                  .metadata())
          .containsEntry("batch", "42");
      assertThat(second.clients().artifactIndex().get("order-9F2K")).contains(entry);
      assertThat(second.clients().batchLedger().get(BatchKind.STATEFUL, "N-000042"))
          .contains(batch);
      assertThat(second.clients().artifactCache().get("order-9F2K", 42))
          .hasValueSatisfying(b -> assertThat(b).isEqualTo(artifact));
    } finally {
      second.close();
      second.close(); // idempotent
    }
    assertThat(second.isRunning()).isFalse();
    Path db = second.home().resolve("dynamodb");
    Path log = db.resolve(DynamoDbFile.FILE_NAME + "-wal");
    assertThat(Files.exists(log) ? Files.size(log) : 0L)
        .as("close folded DynamoDB Local's write-ahead log into its database")
        .isZero();
    assertThat(DynamoDbFile.journalMode(db)).as("the database stays in WAL mode").isEqualTo("wal");
    try (StackLock lock = StackLock.acquire(second.home())) {
      assertThat(lock.home()).as("close released the home").isEqualTo(second.home());
    }
  }

  @Test
  void inMemoryDynamoDb_shouldServeTheIndexAndKeepNothingOnDisk(@TempDir Path home)
      throws IOException {
    IndexEntry entry = new IndexEntry("order-9F2K", "state/42/part-00003.jsonl", 1024, 77, 42);
    try (EmbeddedStack first = EmbeddedStack.builder(home).inMemoryDynamoDb().start()) {
      first.clients().artifactIndex().putIfNewer(entry);
      assertThat(
              first
                  .clients()
                  .artifactIndex()
                  .putIfNewer(new IndexEntry("order-9F2K", "state/41/part-00000.jsonl", 0, 10, 41)))
          .as("the conditional write still rejects an older version")
          .isEqualTo(IndexPutOutcome.NOT_NEWER);
      assertThat(first.clients().artifactIndex().get("order-9F2K")).contains(entry);
      try (var files = Files.list(home.resolve("dynamodb"))) {
        assertThat(files.toList()).as("no database file under home/dynamodb").isEmpty();
      }
    }
    try (EmbeddedStack second = EmbeddedStack.builder(home).inMemoryDynamoDb().start()) {
      assertThat(second.clients().artifactIndex().get("order-9F2K"))
          .as("nothing survives a stop")
          .isEmpty();
    }
  }

  @Test
  void servers_shouldDieAndDataSurvive_whenOwnerProcessIsKilled(@TempDir Path home)
      throws Exception {
    Process owner = startOwnerProcess(home);
    List<ProcessHandle> servers;
    try {
      assertThatThrownBy(() -> EmbeddedStack.start(home))
          .isInstanceOf(StackAlreadyRunningException.class)
          .hasMessageContaining("pid=" + owner.pid());
      servers = serverProcesses(home);
      assertThat(servers)
          .hasSize(4); // s3proxy, DynamoDB Local, the Redis watchdog and redis-server

      owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
    } finally {
      owner.destroyForcibly();
    }

    for (ProcessHandle server : servers) {
      assertThat(server.onExit())
          .as("%s outlived its parent", server.info().command())
          .succeedsWithin(Duration.ofSeconds(15));
    }
    try (EmbeddedStack again = EmbeddedStack.start(home)) {
      assertThat(again.clients().objectStore().get("state/3/part-00000.jsonl"))
          .isEqualTo(StackHolderMain.ARTIFACT);
      assertThat(again.clients().artifactIndex().get("held-1")).isPresent();
      assertThat(again.clients().artifactCache().get("held-1", 3)).isPresent();
    }
  }

  @Test
  void start_shouldStopOrphanedRedisButNotUnrelatedProcess_whenPidFilesAreStale(@TempDir Path dir)
      throws Exception {
    Path home = dir.toRealPath();
    Path run = Files.createDirectories(home.resolve("run"));
    Path redisDir = Files.createDirectories(home.resolve("orphan-redis"));
    int port = Probes.freeLoopbackPort();
    Process orphan =
        new ProcessBuilder(
                RedisBinary.locate(home.resolve("bin")).toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                redisDir.toString(),
                "--save",
                "")
            .redirectErrorStream(true)
            .redirectOutput(redisDir.resolve("log").toFile())
            .start();
    Process unrelated = new ProcessBuilder("sleep", "60").start();
    try {
      Files.writeString(run.resolve("redis-server.pid"), Long.toString(orphan.pid()));
      Files.writeString(
          run.resolve("s3proxy.pid"), Long.toString(unrelated.pid())); // a recycled pid
      assertThat(orphan.isAlive()).isTrue();

      try (EmbeddedStack stack = EmbeddedStack.start(home)) {
        assertThat(orphan.isAlive()).as("the orphaned Redis was stopped").isFalse();
        assertThat(unrelated.isAlive()).as("a process that is not ours is left alone").isTrue();
        assertThat(stack.isRunning()).isTrue();
      }
    } finally {
      orphan.destroyForcibly();
      unrelated.destroyForcibly();
    }
  }

  @Test
  void start_shouldNameServerShowLogTailAndCleanUp_whenAServerFailsToStart(@TempDir Path dir)
      throws IOException {
    Path fakeRedis = dir.resolve("fake-redis-server");
    Files.writeString(fakeRedis, "#!/bin/sh\necho 'boom: fake redis refuses to start'\nexit 1\n");
    assertThat(fakeRedis.toFile().setExecutable(true)).isTrue();
    Path home = dir.resolve("stack");

    assertThatThrownBy(() -> EmbeddedStack.builder(home).redisServer(fakeRedis).start())
        .isInstanceOf(StackStartException.class)
        .hasMessageContaining("redis exited while starting")
        .hasMessageContaining("boom: fake redis refuses to start");

    try (StackLock lock = StackLock.acquire(home.toRealPath())) {
      assertThat(lock.home()).as("a failed start releases the home").isEqualTo(home.toRealPath());
    }
    try (var files = Files.list(home.resolve("run"))) {
      assertThat(files.map(Path::toString).filter(p -> p.endsWith(".pid")))
          .as("every started server stopped")
          .isEmpty();
    }
  }

  private static Process startOwnerProcess(Path home) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                StackHolderMain.class.getName(),
                home.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("READY")) {
        return p;
      }
      seen.add(line);
    }
    throw new IllegalStateException(
        "stack owner process died before READY:\n" + String.join("\n", seen));
  }

  private static List<ProcessHandle> serverProcesses(Path home) throws IOException {
    List<ProcessHandle> out = new ArrayList<>();
    for (String name : List.of("s3proxy.pid", "dynamodb.pid", "redis.pid", "redis-server.pid")) {
      pidFrom(home.toRealPath().resolve("run").resolve(name)).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<ProcessHandle> pidFrom(Path pidFile) throws IOException {
    return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
  }
}
