package dev.recon.processor;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.contract.PartFileStats;
import dev.recon.core.layout.Layout;
import dev.recon.core.metrics.IoCounter;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.spark.PartFileWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;

/**
 * Spark step: one route's contributions in, sorted by (artifactId, priors first, stateless lines in
 * order); each key merged with {@link KeyMerge}; changed artifacts written in artifactId order to
 * {@code state/<N>/part-<route>.jsonl}, conflicting duplicates to the route's quarantine file; one
 * result row out.
 *
 * <p>Rows stream through: only the current key's stateless lines and its newest prior copy are
 * held, never the partition. With a manifest already committed for N ({@code committed} not null),
 * nothing is uploaded and each file is checked against it instead ({@link PartCommitter}).
 */
public final class MergeAndWrite
    implements FlatMapFunction<Iterator<Tuple2<ContributionKey, Contribution>>, StatePartResult> {
  private final ReconSettings settings;
  private final long batch;
  private final Instant asOf;
  private final Map<String, PartFileStats> committed;
  private final IoCounter io;
  private final ProcessorHooks hooks;

  public MergeAndWrite(
      ReconSettings settings, long batch, Instant asOf, Map<String, PartFileStats> committed) {
    this(settings, batch, asOf, committed, IoCounter.NONE, ProcessorHooks.NONE);
  }

  /**
   * @param io counts the part-file uploads (the stage's metrics)
   * @param hooks test seams ({@link ProcessorHooks#NONE} in production)
   */
  public MergeAndWrite(
      ReconSettings settings,
      long batch,
      Instant asOf,
      Map<String, PartFileStats> committed,
      IoCounter io,
      ProcessorHooks hooks) {
    this.settings = settings;
    this.batch = batch;
    this.asOf = asOf;
    this.committed = committed;
    this.io = io;
    this.hooks = hooks;
  }

  @Override
  public Iterator<StatePartResult> call(Iterator<Tuple2<ContributionKey, Contribution>> rows) {
    int route = TaskContext.getPartitionId();
    PartCommitter committer =
        committed == null
            ? PartCommitter.upload(ReadInputs.store(settings, io))
            : PartCommitter.verify(committed);
    KeyMerge merge = new KeyMerge(settings.rules(), batch, asOf);
    StatePartResult result = run(route, batch, rows, merge, committer);
    hooks.afterPartCommitted(batch, route);
    return List.of(result).iterator();
  }

  /** Quarantine records of stateful batch N: {@code quarantine/state-<N>/part-<route>.jsonl}. */
  public static String quarantineKey(long batch, int route) {
    return quarantineDir(batch) + Layout.part(route) + ".jsonl";
  }

  public static String quarantineDir(long batch) {
    return Layout.stateQuarantineDir(batch);
  }

  static StatePartResult run(
      int route,
      long batch,
      Iterator<Tuple2<ContributionKey, Contribution>> rows,
      KeyMerge merge,
      PartCommitter committer) {
    MergeCounters counters = new MergeCounters();
    try (PartFileWriter state = new PartFileWriter();
        PartFileWriter quarantine = new PartFileWriter()) {
      String current = null;
      Contribution prior = null;
      List<Contribution> stateless = new ArrayList<>();
      while (rows.hasNext()) {
        Tuple2<ContributionKey, Contribution> row = rows.next();
        if (row._1().route != route) {
          throw new IllegalStateException("route " + row._1().route + " in partition " + route);
        }
        Contribution c = row._2();
        if (!c.artifactId.equals(current)) {
          flush(current, prior, stateless, merge, counters, state, quarantine);
          current = c.artifactId;
          prior = null;
          stateless = new ArrayList<>();
        }
        if (c.kind == Contribution.PRIOR) {
          prior = KeyMerge.newer(prior, c);
        } else {
          stateless.add(c);
        }
      }
      flush(current, prior, stateless, merge, counters, state, quarantine);
      PartFileStats stateFile =
          state.records() == 0 ? null : committer.commit(state, Layout.statePart(batch, route));
      PartFileStats quarantineFile =
          quarantine.records() == 0
              ? null
              : committer.commit(quarantine, quarantineKey(batch, route));
      return new StatePartResult(route, stateFile, quarantineFile, counters);
    }
  }

  private static void flush(
      String artifactId,
      Contribution prior,
      List<Contribution> stateless,
      KeyMerge merge,
      MergeCounters counters,
      PartFileWriter state,
      PartFileWriter quarantine) {
    if (artifactId == null) {
      return;
    }
    if (stateless.isEmpty()) {
      // A prior (in-flight or prefetched) of a key this batch does not touch.
      counters.priorOnlyKeys++;
      return;
    }
    KeyMerge.Outcome o = merge.merge(artifactId, prior, stateless);
    counters.add(o);
    if (o.written() != null) {
      state.writeLine(out -> CanonicalJson.write(o.written(), out));
    }
    for (QuarantineRecord q : o.quarantined()) {
      quarantine.writeLine(CanonicalJson.encode(q));
    }
  }
}
