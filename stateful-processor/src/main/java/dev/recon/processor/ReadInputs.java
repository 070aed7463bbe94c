package dev.recon.processor;

import dev.recon.core.codec.ArtifactHeader;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.contract.PrefetchLineCodec;
import dev.recon.core.contract.PrefetchedArtifact;
import dev.recon.core.io.PartLineScanner.ScannedLine;
import dev.recon.core.metrics.CountingObjectStore;
import dev.recon.core.metrics.IoCounter;
import dev.recon.core.port.ObjectStore;
import dev.recon.spark.ExecutorClients;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Spark steps that turn one part-file key into contributions, one per line. Each has a pure
 * per-line method that unit tests call directly.
 */
public final class ReadInputs {
  private ReadInputs() {}

  /** This executor's store, counted for the stage's metrics. */
  static ObjectStore store(ReconSettings settings, IoCounter io) {
    return new CountingObjectStore(ExecutorClients.objectStore(settings), io);
  }

  /**
   * {@code stateless/<S>/artifacts/part-*.jsonl}: one stateless artifact (or hot-key chunk) per
   * line.
   */
  public static final class StatelessPart implements FlatMapFunction<String, Contribution> {
    private final ReconSettings settings;
    private final long statelessBatch;
    private final IoCounter io;

    public StatelessPart(ReconSettings settings, long statelessBatch) {
      this(settings, statelessBatch, IoCounter.NONE);
    }

    public StatelessPart(ReconSettings settings, long statelessBatch, IoCounter io) {
      this.settings = settings;
      this.statelessBatch = statelessBatch;
      this.io = io;
    }

    @Override
    public Iterator<Contribution> call(String key) {
      return PartFileRows.rows(
          store(settings, io), key, l -> toContribution(statelessBatch, key, l));
    }

    public static Contribution toContribution(long statelessBatch, String key, ScannedLine l) {
      return Contribution.stateless(
          ArtifactHeader.artifactIdOf(l.kept()),
          statelessBatch,
          key,
          l.lineNumber(),
          l.offset(),
          l.kept());
    }
  }

  /** {@code prefetch/<N>/part-*.jsonl}: prior artifacts with their index locations. */
  public static final class PrefetchPart implements FlatMapFunction<String, Contribution> {
    private final ReconSettings settings;
    private final IoCounter io;

    public PrefetchPart(ReconSettings settings) {
      this(settings, IoCounter.NONE);
    }

    public PrefetchPart(ReconSettings settings, IoCounter io) {
      this.settings = settings;
      this.io = io;
    }

    @Override
    public Iterator<Contribution> call(String key) {
      return PartFileRows.rows(store(settings, io), key, PrefetchPart::toContribution);
    }

    public static Contribution toContribution(ScannedLine l) {
      PrefetchedArtifact p = PrefetchLineCodec.decode(l.kept());
      return Contribution.prior(
          p.artifactId(),
          p.version(),
          p.location().partFile(),
          p.location().offset(),
          p.location().length(),
          Contribution.ORIGIN_PREFETCH,
          p.artifact());
    }
  }

  /**
   * {@code state/<M>/part-*.jsonl} of an in-flight batch M: its line offsets are computed here,
   * exactly as the indexer will compute them, so a key whose newest copy is in flight still gets a
   * correct {@code previous}.
   */
  public static final class InFlightPart implements FlatMapFunction<String, Contribution> {
    private final ReconSettings settings;
    private final IoCounter io;

    public InFlightPart(ReconSettings settings) {
      this(settings, IoCounter.NONE);
    }

    public InFlightPart(ReconSettings settings, IoCounter io) {
      this.settings = settings;
      this.io = io;
    }

    @Override
    public Iterator<Contribution> call(String key) {
      return PartFileRows.rows(store(settings, io), key, l -> toContribution(key, l));
    }

    public static Contribution toContribution(String key, ScannedLine l) {
      ArtifactHeader h = ArtifactHeader.read(l.kept());
      return Contribution.prior(
          h.artifactId(),
          h.version(),
          key,
          l.offset(),
          l.length(),
          Contribution.ORIGIN_IN_FLIGHT,
          l.kept());
    }
  }
}
