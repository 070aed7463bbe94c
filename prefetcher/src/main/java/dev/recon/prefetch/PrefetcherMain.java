package dev.recon.prefetch;

import dev.recon.core.config.ReconSettings;
import dev.recon.spark.JobArgs;
import dev.recon.spark.ReconSpark;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit --class dev.recon.prefetch.PrefetcherMain prefetcher.jar --batch N [options]}
 *
 * <pre>
 * --batch N                 stateful batch to prefetch (required)
 * --stateless-from S        first stateless batch N covers (default: the ledger's statelessFrom)
 * --stateless-to S          last stateless batch N covers, inclusive (default: the ledger's statelessTo)
 * --partitions P            fetch tasks / prefetch part-files (default 16)
 * --lookup-batch K          keys per lookup round in a task (default 1000)
 * --io-threads T            concurrent lookups and GETs per task (default 16)
 * --max-gap-bytes G         coalesce ranges at most G bytes apart (default 262144)
 * --max-get-bytes C         never GET more than C bytes at once (default 8388608)
 * </pre>
 *
 * Settings (buckets, tables, endpoints) come from the RECON_* environment via {@link
 * ReconSettings}.
 */
public final class PrefetcherMain {
  private PrefetcherMain() {}

  public static void main(String[] args) {
    PrefetchConfig config = parse(args, ReconSettings.fromEnvironment());
    SparkSession spark = ReconSpark.session("recon-prefetch-" + config.batch());
    PrefetchPipeline.run(spark, config);
  }

  public static PrefetchConfig parse(String[] args, ReconSettings jobSettings) {
    Map<String, String> a = JobArgs.parse(args);
    JobArgs.allowOnly(
        a,
        java.util.Set.of(
            "tenant",
            "batch",
            "stateless-from",
            "stateless-to",
            "partitions",
            "lookup-batch",
            "io-threads",
            "max-gap-bytes",
            "max-get-bytes"));
    ReconSettings settings = JobArgs.forTenant(a, jobSettings);
    PrefetchConfig d = PrefetchConfig.defaults(settings, JobArgs.requiredLong(a, "batch"));
    return new PrefetchConfig(
        settings,
        d.batch(),
        JobArgs.optionalLong(a, "stateless-from"),
        JobArgs.optionalLong(a, "stateless-to"),
        (int) JobArgs.longOr(a, "partitions", d.partitions()),
        (int) JobArgs.longOr(a, "lookup-batch", d.lookupBatchSize()),
        (int) JobArgs.longOr(a, "io-threads", d.ioThreads()),
        JobArgs.longOr(a, "max-gap-bytes", d.maxGapBytes()),
        JobArgs.longOr(a, "max-get-bytes", d.maxGetBytes()));
  }
}
