package dev.recon.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.core.testing.InMemoryArtifactCache;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryBatchLedger;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.StatelessBatches;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The handlers decode the event fixtures Step Functions sends and encode the documented output
 * shapes.
 */
class HandlersTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryBatchLedger ledger = new InMemoryBatchLedger();
  private final InMemoryArtifactIndex index = new InMemoryArtifactIndex();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  private WorkerService worker() {
    return new WorkerService(
        store,
        index,
        new InMemoryArtifactCache(),
        ledger,
        pool,
        IndexerConfig.DEFAULTS,
        1 << 20,
        Clock.systemUTC());
  }

  private static InputStream fixture(String name) {
    return HandlersTest.class.getResourceAsStream("/events/" + name);
  }

  @Test
  void handleRequest_shouldIndexTheBatch_whenTheCoordinatorFixtureIsSent() throws Exception {
    // GIVEN batch 7 processed into 3 part-files, and the coordinator event (with extra fields)
    IndexerFixtures.processedBatch(store, ledger, new StatelessBatches(1), 7, 3, 4, 1);
    InProcessWorkerInvoker invoker = new InProcessWorkerInvoker(worker()::run, 2);
    CoordinatorHandler handler =
        new CoordinatorHandler(
            store, ledger, request -> invoker, IndexerConfig.DEFAULTS, Clock.systemUTC());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // WHEN
    try {
      handler.handleRequest(fixture("coordinator-request.json"), out, null);
    } finally {
      invoker.shutdown();
    }

    // THEN
    JsonNode response = new ObjectMapper().readTree(out.toByteArray());
    assertThat(response.path("status").asText()).isEqualTo("SUCCESS");
    assertThat(response.path("batch").asLong()).isEqualTo(7);
    assertThat(response.path("partFiles").asInt()).isEqualTo(3);
    assertThat(response.path("workers").asInt()).isEqualTo(2);
    assertThat(response.path("written").asLong()).isEqualTo(12);
  }

  @Test
  void handleRequest_shouldRejectTheInput_whenTheBatchIsMissing() {
    // GIVEN an input without "batch"
    CoordinatorHandler handler =
        new CoordinatorHandler(
            store, ledger, request -> null, IndexerConfig.DEFAULTS, Clock.systemUTC());
    java.io.ByteArrayInputStream in =
        new java.io.ByteArrayInputStream(
            "{\"workerFunction\":\"f\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    // WHEN / THEN
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> handler.handleRequest(in, new ByteArrayOutputStream(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch");
  }

  @Test
  void handleRequest_shouldWriteTheResponseShape_whenTheWorkerFixtureIsSent() throws Exception {
    // GIVEN
    IndexerFixtures.processedBatch(store, ledger, new StatelessBatches(2), 7, 2, 3, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // WHEN
    new WorkerHandler(
            store,
            index,
            new InMemoryArtifactCache(),
            ledger,
            IndexerConfig.DEFAULTS,
            1 << 20,
            Clock.systemUTC())
        .handleRequest(fixture("worker-request.json"), out, null);

    // THEN
    JsonNode response = new ObjectMapper().readTree(out.toByteArray());
    assertThat(response.path("status").asText()).isEqualTo("SUCCESS");
    assertThat(response.path("worker").asInt()).isEqualTo(0);
    assertThat(response.path("partFiles").asInt()).isEqualTo(2);
    assertThat(response.path("artifacts").asLong()).isEqualTo(6);
    assertThat(response.path("written").asLong()).isEqualTo(6);
    assertThat(response.has("cached")).isTrue();
  }
}
