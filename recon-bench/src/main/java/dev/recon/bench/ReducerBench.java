package dev.recon.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.io.BoundedLineReader;
import dev.recon.core.io.RawLine;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.rules.EventValidator;
import dev.recon.core.rules.LineVerdict;
import dev.recon.reducer.AwsObjectStoreProvider;
import dev.recon.reducer.ReducerConfig;
import dev.recon.reducer.StatelessReducerPipeline;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code reducer} section: recon's stateless reducer beside the minimal Spark job a user would
 * write instead, over the same events (one plain JSON Lines object of {@code cycleEvents} events),
 * in the same session, both warm (one unmeasured run each first), median of {@link #ROUNDS}; and
 * the raw limit: one core parsing and validating the same file with no Spark, times the cores.
 *
 * <p>recon reads the object from the stack's S3 (as it does in production); the peer reads the same
 * bytes from a local file ({@code spark.read().json} has no S3 connector here). That favours the
 * peer slightly.
 */
final class ReducerBench {
  static final int ROUNDS = 3;

  private final BenchConfig config;
  private final SparkSession spark;
  private final Consumer<String> log;
  private final Map<String, String> details;

  ReducerBench(
      BenchConfig config, SparkSession spark, Consumer<String> log, Map<String, String> details) {
    this.config = config;
    this.spark = spark;
    this.log = log;
    this.details = details;
  }

  /**
   * Runs the section and puts its three figures into {@code f}; returns the key of the input object
   * it landed (for {@link ExecutorScaling}).
   */
  String run(AwsClientFactory c, Map<String, Double> f) {
    Path dir = config.work().toAbsolutePath().normalize().resolve("reducer");
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("events.jsonl");
      int events = config.cycleEvents();
      writeEvents(file, events);
      long bytes = Files.size(file);
      Instant hour = EventGenerator.BASE.plusSeconds(3600L * 24);
      String key = Layout.inputKey(hour, "reducer-bench", false);
      c.objectStore().putMultipart(key, file, 16L << 20);
      log.accept(
          String.format(
              Locale.ROOT, "reducer: %,d events, %,d bytes in one object", events, bytes));

      int cores = Runtime.getRuntime().availableProcessors();
      double raw = median(ROUNDS + 1, () -> rawSeconds(file, key, c.settings().rules()));
      double rawPerCore = events / raw;

      log.accept("reducer: recon's reducer, 1 warm-up + " + ROUNDS + " runs");
      AwsObjectStoreProvider stores = new AwsObjectStoreProvider(c.settings());
      long[] batch = {0};
      ProcessCpu cpu0 = ProcessCpu.take();
      double recon =
          median(
              ROUNDS + 1,
              () -> {
                long t0 = System.nanoTime();
                StatelessManifest m =
                    StatelessReducerPipeline.run(
                        spark,
                        stores,
                        ReducerConfig.of(++batch[0], List.of(key)),
                        c.settings().rules());
                double s = (System.nanoTime() - t0) / 1e9;
                if (m.count(LedgerNames.ACCEPTED) != events) {
                  throw new IllegalStateException("reducer accepted " + m.counts());
                }
                return s;
              });
      ProcessCpu cpu1 = ProcessCpu.take();
      log.accept("reducer: the spark.read().json peer, 1 warm-up + " + ROUNDS + " runs");
      double peer = median(ROUNDS + 1, () -> peerSeconds(file, dir.resolve("peer-out"), events));
      ProcessCpu cpu2 = ProcessCpu.take();
      details.put(
          "reducer: CPU seconds over recon's " + (ROUNDS + 1) + " runs",
          ProcessCpu.format(cpu1.since(cpu0)));
      details.put(
          "reducer: CPU seconds over the peer's " + (ROUNDS + 1) + " runs",
          ProcessCpu.format(cpu2.since(cpu1)));
      log.accept("reducer: done");

      double reconRate = events / recon;
      double peerRate = events / peer;
      f.put("reducer_vs_spark_json", reconRate / peerRate);
      f.put("reducer_events_per_s", reconRate);
      f.put("reducer_raw_limit_events_per_s", rawPerCore * cores);
      details.put(
          "reducer: recon events/s (median of " + ROUNDS + ", warm)",
          String.format(Locale.ROOT, "%,.0f (%.2f s)", reconRate, recon));
      details.put(
          "reducer: spark.read().json peer events/s (median of " + ROUNDS + ", warm)",
          String.format(Locale.ROOT, "%,.0f (%.2f s)", peerRate, peer));
      details.put(
          "reducer: one-core parse + validation, events/s (no Spark)",
          String.format(Locale.ROOT, "%,.0f × %d cores", rawPerCore, cores));
      details.put(
          "reducer: input",
          String.format(
              Locale.ROOT,
              "%,d events, %,d bytes, %d splits of %d MiB",
              events,
              bytes,
              (bytes + ReducerConfig.SPLIT_BYTES_DEFAULT - 1) / ReducerConfig.SPLIT_BYTES_DEFAULT,
              ReducerConfig.SPLIT_BYTES_DEFAULT >> 20));
      log.accept(
          String.format(
              Locale.ROOT, "  reducer %.2f s, peer %.2f s, raw one core %.2f s", recon, peer, raw));
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cycle's events, as the bench lands them (canonical JSON, one per line). */
  void writeEvents(Path file, int events) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (int i = 0; i < events; i++) {
        out.write(
            CanonicalJson.encode(
                EventGenerator.event("red", config.seed(), i, config.cycleKeys())));
        out.write('\n');
      }
    }
  }

  /** One core: the reducer's line reader and the core validator over the file, nothing else. */
  static double rawSeconds(Path file, String key, RulesConfig rules) {
    EventValidator validator = new EventValidator(rules);
    long t0 = System.nanoTime();
    long accepted = 0;
    try (InputStream in = Files.newInputStream(file);
        BoundedLineReader lines = new BoundedLineReader(in, rules.maxLineBytes(), Long.MAX_VALUE)) {
      for (RawLine l; (l = lines.next()) != null; ) {
        LineVerdict v = validator.validate(key, l, null);
        if (v.accepted()) {
          accepted++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (accepted == 0) {
      throw new IllegalStateException("nothing accepted");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * The peer: read the JSON Lines, group by artifact (and currency: per-currency sums), sum debits
   * and credits, collect the lines, write JSON Lines.
   */
  double peerSeconds(Path file, Path out, int events) {
    long t0 = System.nanoTime();
    Dataset<Row> ev = spark.read().json(file.toString());
    Dataset<Row> amount = ev.withColumn("amt", col("amount").cast("decimal(38,18)"));
    amount
        .groupBy(col("artifactId"), col("currency"))
        .agg(
            sum(when(col("side").equalTo("DEBIT"), col("amt")).otherwise(lit(0))).as("debits"),
            sum(when(col("side").equalTo("CREDIT"), col("amt")).otherwise(lit(0))).as("credits"),
            collect_list(
                    struct(
                        col("eventId"),
                        col("eventTime"),
                        col("type"),
                        col("side"),
                        col("amount"),
                        col("source"),
                        col("reference")))
                .as("lines"))
        .write()
        .mode("overwrite")
        .json(out.toString());
    double s = (System.nanoTime() - t0) / 1e9;
    long keys = spark.read().json(out.toString()).count();
    if (keys != Math.min(events, config.cycleKeys())) {
      throw new IllegalStateException("peer wrote " + keys + " groups");
    }
    return s;
  }

  interface Timed {
    double seconds();
  }

  /** Runs {@code n} times, drops the first (the warm-up), returns the median of the rest. */
  static double median(int n, Timed t) {
    t.seconds();
    double[] s = new double[n - 1];
    for (int i = 0; i < s.length; i++) {
      s[i] = t.seconds();
    }
    return Bench.median(s);
  }
}
