package dev.recon.prefetch;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.contract.PartFileStats;
import dev.recon.core.contract.PrefetchLineCodec;
import dev.recon.core.contract.PrefetchedArtifact;
import dev.recon.core.layout.Layout;
import dev.recon.core.metrics.CountingArtifactCache;
import dev.recon.core.metrics.CountingArtifactIndex;
import dev.recon.core.metrics.CountingObjectStore;
import dev.recon.core.metrics.IoCounter;
import dev.recon.core.port.ObjectStore;
import dev.recon.spark.ExecutorClients;
import dev.recon.spark.PartFileWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * Spark step: one partition of distinct, sorted keys in; their prior artifacts fetched and written
 * to {@code prefetch/<N>/part-<partition>.jsonl}; one result row out.
 *
 * <p>The task's I/O runs on its own bounded pool, created and shut down with the task, so the
 * concurrency against DynamoDB, Redis and S3 is {@code ioThreads} per running task whatever the
 * executor layout. Keys are processed in rounds of {@code lookupBatchSize}, so a task's memory is
 * one round's artifacts, not the partition's. A retried task rewrites the same part-file with the
 * same keys.
 */
public final class PrefetchPartition implements MapPartitionsFunction<String, PrefetchPartResult> {
  private final PrefetchConfig config;
  private final IoCounter io;

  public PrefetchPartition(PrefetchConfig config) {
    this(config, IoCounter.NONE);
  }

  /**
   * @param io counts every index, cache and object-store call of the task (the stage's metrics)
   */
  public PrefetchPartition(PrefetchConfig config, IoCounter io) {
    this.config = config;
    this.io = io;
  }

  @Override
  public Iterator<PrefetchPartResult> call(Iterator<String> keys) {
    int partition = TaskContext.getPartitionId();
    AwsClientFactory clients = ExecutorClients.factory(config.settings());
    ExecutorService pool =
        Executors.newFixedThreadPool(config.ioThreads(), daemonThreads("prefetch-io-" + partition));
    try {
      ObjectStore store =
          new CountingObjectStore(ExecutorClients.objectStore(config.settings()), io);
      ArtifactFetcher fetcher =
          new ArtifactFetcher(
              new CountingArtifactIndex(clients.artifactIndex(), io),
              new CountingArtifactCache(clients.artifactCache(), io),
              store,
              config.planner(),
              pool);
      return List.of(run(partition, keys, fetcher, store, config.batch(), config.lookupBatchSize()))
          .iterator();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Fetches and writes one partition; Spark-free so unit tests call it with port fakes. */
  public static PrefetchPartResult run(
      int partition,
      Iterator<String> keys,
      ArtifactFetcher fetcher,
      ObjectStore store,
      long batch,
      int lookupBatchSize) {
    try (PartFileWriter writer = new PartFileWriter()) {
      List<String> round = new ArrayList<>(lookupBatchSize);
      while (keys.hasNext()) {
        round.add(keys.next());
        if (round.size() == lookupBatchSize || !keys.hasNext()) {
          for (PrefetchedArtifact a : fetcher.fetch(round)) {
            writer.writeLine(out -> PrefetchLineCodec.write(a, out));
          }
          round.clear();
        }
      }
      PartFileStats file =
          writer.records() == 0 ? null : writer.upload(store, Layout.prefetch(batch, partition));
      return new PrefetchPartResult(partition, file, fetcher.counters());
    }
  }

  static ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
