package dev.recon.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.local.junit.LambdaJars;
import dev.recon.local.junit.LambdaJars.Invocation;
import dev.recon.local.junit.LambdaJars.Jdk;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The deployable jar alone, both functions in it: {@code state-indexer-lambda-*-lambda.jar} as
 * {@code package} left it, each handler resolved from the template's {@code Handler} and run in a
 * child JVM with nothing else on its class path ({@link LambdaJars}), against the embedded stack —
 * on the build's JDK and on Temurin 25.
 *
 * <p>The coordinator's asynchronous {@code Invoke} of the worker goes, through the SDK's {@code
 * AWS_ENDPOINT_URL_LAMBDA}, to a small stand-in of the Lambda {@code Invoke} API here (the real
 * REST path and {@code X-Amz-Invocation-Type} header; it answers 202 as Lambda does), which starts
 * the worker jar with the request's payload: coordinator → worker → ledger → coordinator, each a
 * cold start of the jar.
 */
class LambdaJarAloneIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<AwsClientFactory> FACTORIES = new CopyOnWriteArrayList<>();
  private static final ExecutorService WORKERS = Executors.newCachedThreadPool();

  @AfterAll
  static void close() {
    WORKERS.shutdownNow();
    FACTORIES.forEach(AwsClientFactory::close);
  }

  /** One Invoke the stand-in received, and the worker run it started. */
  private record Received(
      String path, String invocationType, byte[] payload, CompletableFuture<Invocation> run) {}

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void jars_shouldIndexABatch_coordinatorInvokingTheWorkerThroughTheLambdaApi(Jdk jdk)
      throws Exception {
    // GIVEN a processed batch 4 (2 part-files x 10 artifacts) in an environment of its own, and
    // the Lambda API stand-in, which runs the worker jar for each asynchronous Invoke
    Path javaHome = jdk.home();
    String env = "jar" + jdk.name().toLowerCase(Locale.ROOT).replace("_", "");
    AwsClientFactory clients = environment(env);
    List<IndexEntry> entries =
        IndexerFixtures.processedBatch(
            clients.objectStore(), clients.batchLedger(), new StatelessBatches(4), 4, 2, 10, 2);
    List<String> ids = entries.stream().map(IndexEntry::artifactId).toList();
    Path jar = LambdaJars.lambdaJar("state-indexer-lambda");
    String coordinator = LambdaJars.templateHandler("IndexerCoordinatorFunction");
    String worker = LambdaJars.templateHandler("IndexerWorkerFunction");
    Map<String, String> functionEnv = LambdaJars.environment(clients.settings());
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer lambdaApi =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    lambdaApi.createContext(
        "/2015-03-31/functions/",
        exchange -> {
          byte[] payload = exchange.getRequestBody().readAllBytes();
          CompletableFuture<Invocation> run =
              CompletableFuture.supplyAsync(
                  () ->
                      LambdaJars.invoke(
                          javaHome,
                          jar,
                          worker,
                          List.of(payload),
                          functionEnv,
                          Duration.ofSeconds(120)),
                  WORKERS);
          received.add(
              new Received(
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"),
                  payload,
                  run));
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    lambdaApi.start();
    Map<String, String> coordinatorEnv = new java.util.HashMap<>(functionEnv);
    coordinatorEnv.put(
        "AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:" + lambdaApi.getAddress().getPort());

    // WHEN the state machine's index task reaches the coordinator jar
    Invocation run;
    try {
      run =
          LambdaJars.invoke(
              javaHome,
              jar,
              coordinator,
              List.of(
                  "{\"batch\":4,\"workerFunction\":\"recon-jar-worker\",\"partFilesPerWorker\":5}"
                      .getBytes(StandardCharsets.UTF_8)),
              coordinatorEnv,
              Duration.ofSeconds(120));
    } finally {
      lambdaApi.stop(0);
    }

    // THEN on that JDK the coordinator invoked the worker function once, asynchronously, with the
    // batch's two part-files; the worker indexed and cached all 20 artifacts; the coordinator saw
    // it in the ledger and answered SUCCESS
    System.out.printf(
        "coordinator on java %s: exit %d in %d ms%n",
        run.javaVersion(), run.exitCode(), run.took().toMillis());
    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.javaVersion())
        .startsWith(jdk == Jdk.BUILD ? System.getProperty("java.specification.version") : "25");
    assertThat(received).hasSize(1);
    Received invoke = received.get(0);
    assertThat(invoke.path()).isEqualTo("/2015-03-31/functions/recon-jar-worker/invocations");
    assertThat(invoke.invocationType()).isEqualTo("Event");
    JsonNode request = JSON.readTree(invoke.payload());
    assertThat(request.get("batch").asLong()).isEqualTo(4);
    assertThat(request.get("attempt").asInt()).isEqualTo(1);
    assertThat(request.get("partFiles")).hasSize(2);
    Invocation workerRun = invoke.run().get();
    System.out.printf(
        "worker on java %s: exit %d in %d ms%n",
        workerRun.javaVersion(), workerRun.exitCode(), workerRun.took().toMillis());
    assertThat(workerRun.exitCode()).as(workerRun.log()).isZero();
    assertThat(JSON.readTree(workerRun.responses().get(0)).get("status").asText())
        .isEqualTo("SUCCESS");
    JsonNode response = JSON.readTree(run.responses().get(0));
    assertThat(response.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(response.get("artifacts").asLong()).isEqualTo(20);
    assertThat(response.get("written").asLong()).isEqualTo(20);
    assertThat(clients.artifactIndex().getAll(ids))
        .hasSize(20)
        .containsValues(entries.toArray(IndexEntry[]::new));
    assertThat(clients.artifactCache().getAll(ids)).hasSize(20);
  }

  private static AwsClientFactory environment(String name) {
    ReconSettings s =
        STACK.settings().toBuilder()
            .environment(name)
            .prefix(name)
            .indexTable(null)
            .ledgerTable(null)
            .build();
    AwsClientFactory clients = new AwsClientFactory(s);
    FACTORIES.add(clients);
    ReconTables.ensureAll(clients);
    return clients;
  }
}
