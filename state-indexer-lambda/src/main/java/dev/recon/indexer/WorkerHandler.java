package dev.recon.indexer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lambda handler {@code dev.recon.indexer.WorkerHandler::handleRequest}: decodes a {@link
 * WorkerRequest}, runs the {@link WorkerService}, encodes a {@link WorkerResponse}. Clients and the
 * index-write thread pool are built once per container by the no-argument constructor.
 */
public final class WorkerHandler implements RequestStreamHandler {
  private final WorkerService service;

  public WorkerHandler() {
    this(service(new AwsClientFactory(ReconSettings.fromEnvironment()), IndexerConfig.DEFAULTS));
  }

  /** Ports in, for tests and local wiring. */
  WorkerHandler(
      ObjectStore store,
      ArtifactIndex index,
      ArtifactCache cache,
      BatchLedger ledger,
      IndexerConfig config,
      int cacheMaxBytes,
      Clock clock) {
    this(
        new WorkerService(
            store, index, cache, ledger, writerPool(config), config, cacheMaxBytes, clock));
  }

  WorkerHandler(WorkerService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  /** A worker service on the factory's ports, with its own daemon pool of index writers. */
  static WorkerService service(AwsClientFactory clients, IndexerConfig config) {
    return service(clients, clients.sharedArtifactIndex(), clients.sharedArtifactCache(), config);
  }

  /**
   * As {@link #service(AwsClientFactory, IndexerConfig)}, writing through the given index and
   * cache.
   */
  static WorkerService service(
      AwsClientFactory clients, ArtifactIndex index, ArtifactCache cache, IndexerConfig config) {
    return new WorkerService(
        clients.sharedObjectStore(),
        index,
        cache,
        clients.sharedBatchLedger(),
        writerPool(config),
        config,
        clients.settings().cacheMaxBytes(),
        Clock.systemUTC());
  }

  private static ExecutorService writerPool(IndexerConfig config) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        config.indexThreads(),
        r -> {
          Thread t = new Thread(r, "index-writer-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) {
    WorkerRequest request = IndexerJson.decode(input, WorkerRequest.class);
    IndexerJson.encode(service.run(request), output);
  }
}
