package dev.recon.indexer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.metrics.MetricsSink;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.tenant.Tenants;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Lambda handler {@code dev.recon.indexer.CoordinatorHandler::handleRequest}: decodes a {@link
 * CoordinatorRequest}, runs the {@link CoordinatorService}, encodes a {@link CoordinatorResponse}.
 * Clients are built once per container by the no-argument constructor.
 */
public final class CoordinatorHandler implements RequestStreamHandler {
  private final ObjectStore store;
  private final BatchLedger ledger;
  private final Function<CoordinatorRequest, WorkerInvoker> invokers;
  private final IndexerConfig config;
  private final Clock clock;
  private final MetricsSink metrics;
  private final String environment;

  /** AWS: settings from the environment, workers invoked asynchronously by function name or ARN. */
  public CoordinatorHandler() {
    this(new AwsClientFactory(ReconSettings.fromEnvironment()));
  }

  private CoordinatorHandler(AwsClientFactory clients) {
    this(clients, LambdaClients.build(clients.settings()));
  }

  private CoordinatorHandler(AwsClientFactory clients, LambdaClient lambda) {
    // The index stage's EMF lines go to stdout: the function's log group extracts the metrics.
    this(
        clients.sharedObjectStore(),
        clients.sharedBatchLedger(),
        request -> new LambdaWorkerInvoker(lambda, request.workerFunction()),
        IndexerConfig.DEFAULTS,
        Clock.systemUTC(),
        MetricsSink.STDOUT,
        clients.settings().environment());
  }

  CoordinatorHandler(
      ObjectStore store,
      BatchLedger ledger,
      Function<CoordinatorRequest, WorkerInvoker> invokers,
      IndexerConfig config,
      Clock clock) {
    this(store, ledger, invokers, config, clock, MetricsSink.NONE, "local");
  }

  CoordinatorHandler(
      ObjectStore store,
      BatchLedger ledger,
      Function<CoordinatorRequest, WorkerInvoker> invokers,
      IndexerConfig config,
      Clock clock,
      MetricsSink metrics,
      String environment) {
    this.store = Objects.requireNonNull(store, "store");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.invokers = Objects.requireNonNull(invokers, "invokers");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * Local mode: the same coordinator with workers on threads of this process (the local
   * state-machine runner calls this instead of the no-argument constructor).
   */
  public static CoordinatorHandler inProcess(
      AwsClientFactory clients, IndexerConfig config, int workerThreads) {
    return inProcess(
        clients,
        clients.sharedArtifactIndex(),
        clients.sharedArtifactCache(),
        config,
        workerThreads);
  }

  /**
   * Local mode with the workers writing through the given index and cache (test seam: fault
   * injection wraps them to kill a worker part-way through its slice); everything else comes from
   * {@code clients}.
   */
  public static CoordinatorHandler inProcess(
      AwsClientFactory clients,
      ArtifactIndex index,
      ArtifactCache cache,
      IndexerConfig config,
      int workerThreads) {
    WorkerService workers = WorkerHandler.service(clients, index, cache, config);
    InProcessWorkerInvoker invoker = new InProcessWorkerInvoker(workers::run, workerThreads);
    return new CoordinatorHandler(
        clients.sharedObjectStore(),
        clients.sharedBatchLedger(),
        request -> invoker,
        config,
        Clock.systemUTC());
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) {
    CoordinatorRequest request = IndexerJson.decode(input, CoordinatorRequest.class);
    IndexerJson.encode(handle(request, context), output);
  }

  /**
   * The typed entry point (local runners call it directly); {@code context} may be null (no time
   * limit).
   */
  public CoordinatorResponse handle(CoordinatorRequest request, Context context) {
    CoordinatorService service =
        new CoordinatorService(
            Tenants.scope(store, request.tenantId()),
            Tenants.scope(ledger, request.tenantId()),
            invokers.apply(request),
            config,
            clock,
            metrics,
            environment);
    try {
      return service.run(
          request, () -> context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("coordinator interrupted", e);
    }
  }
}
