package dev.recon.processor;

import dev.recon.core.config.ReconSettings;
import dev.recon.spark.JobArgs;
import dev.recon.spark.ReconSpark;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit --class dev.recon.processor.ProcessorMain stateful-processor.jar --batch N
 * [options]}
 *
 * <pre>
 * --batch N                 stateful batch to process (required; its prefetch must be complete)
 * --stateless-from S        check: first stateless batch (the prefetch manifest is authoritative)
 * --stateless-to S          check: last stateless batch, inclusive
 * --as-of T                 ISO-8601 asOf (default: the ledger's windowEnd for N)
 * --parts P                 part-files for ordinary keys (default 8)
 * --heavy-key-bytes B       keys whose inputs exceed B bytes get a task and part-file of their own
 *                           (default 67108864; 0 turns the skew pass off)
 * --max-heavy-keys K        at most K such keys, the heaviest (default 256)
 * </pre>
 */
public final class ProcessorMain {
  private ProcessorMain() {}

  public static void main(String[] args) {
    ProcessorConfig config = parse(args, ReconSettings.fromEnvironment());
    SparkSession spark = ReconSpark.session("recon-process-" + config.batch());
    ProcessorPipeline.run(spark, config);
  }

  public static ProcessorConfig parse(String[] args, ReconSettings jobSettings) {
    Map<String, String> a = JobArgs.parse(args);
    JobArgs.allowOnly(
        a,
        Set.of(
            "tenant",
            "batch",
            "stateless-from",
            "stateless-to",
            "as-of",
            "parts",
            "heavy-key-bytes",
            "max-heavy-keys"));
    ReconSettings settings = JobArgs.forTenant(a, jobSettings);
    ProcessorConfig d = ProcessorConfig.defaults(settings, JobArgs.requiredLong(a, "batch"));
    return new ProcessorConfig(
        settings,
        d.batch(),
        JobArgs.optionalLong(a, "stateless-from"),
        JobArgs.optionalLong(a, "stateless-to"),
        a.containsKey("as-of") ? Instant.parse(a.get("as-of").trim()) : null,
        (int) JobArgs.longOr(a, "parts", d.parts()),
        JobArgs.longOr(a, "heavy-key-bytes", d.heavyKeyBytes()),
        (int) JobArgs.longOr(a, "max-heavy-keys", d.maxHeavyKeys()));
  }
}
