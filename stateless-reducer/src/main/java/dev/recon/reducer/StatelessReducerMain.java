package dev.recon.reducer;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.contract.LedgerInputs;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.match.RuleSets;
import dev.recon.core.model.BatchKind;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.tenant.TenantId;
import dev.recon.spark.DriverMetrics;
import dev.recon.spark.ReconSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit stateless-reducer.jar --batch S [options]}: reduces stateless batch S.
 *
 * <pre>
 * --batch S                 the stateless batch (required)
 * --inputs k1,k2,...        input keys; default: the ledger's plan of S (STATELESS record "inputs")
 * --input k                 one input key (repeatable; alternative to --inputs)
 * --chunk-events N          most events per stateless-artifact line (default 10000)
 * --partitions N            number of part-files (default: derived from input sizes)
 * --target-part-bytes N     estimated input bytes per part-file when deriving (default 128 MiB)
 * --max-object-bytes N      decompressed bound of one input object (default 16 GiB)
 * --split-bytes N           a plain input larger than this is read by several tasks (64 MiB)
 * --tenant T                the tenant whose batch this is (default: RECON_TENANT, else default)
 * </pre>
 *
 * Settings (bucket, prefix, endpoints, tables, rules) come from the {@code RECON_*} environment of
 * the driver ({@link ReconSettings#fromEnvironment()}) and travel to executors inside the tasks.
 * Prints the manifest's counts as one JSON line; exits non-zero on any failure (the step fails).
 */
public final class StatelessReducerMain {
  private StatelessReducerMain() {}

  /**
   * Parsed command line. {@code inputs} empty means "take the plan from the ledger"; {@code tenant}
   * null means the settings' own.
   */
  public record Args(
      long batch,
      List<String> inputs,
      int chunkEvents,
      int partitions,
      long targetPartBytes,
      long maxObjectBytes,
      long splitBytes,
      TenantId tenant) {
    public Args {
      if (batch < 1) {
        throw new IllegalArgumentException("--batch must be a positive integer");
      }
      inputs = List.copyOf(inputs);
    }

    /** The reducer config over the given inputs. */
    public ReducerConfig config(List<String> resolvedInputs) {
      return new ReducerConfig(
          batch,
          resolvedInputs,
          chunkEvents,
          partitions,
          targetPartBytes,
          ReducerConfig.MAX_PARTITIONS_DEFAULT,
          maxObjectBytes,
          splitBytes);
    }
  }

  public static Args parse(String[] argv) {
    Objects.requireNonNull(argv, "argv");
    long batch = 0;
    List<String> inputs = new ArrayList<>();
    int chunk = ReducerConfig.CHUNK_EVENTS_DEFAULT;
    int partitions = 0;
    long target = ReducerConfig.TARGET_PART_BYTES_DEFAULT;
    long maxObject = ReducerConfig.MAX_OBJECT_BYTES_DEFAULT;
    long split = ReducerConfig.SPLIT_BYTES_DEFAULT;
    TenantId tenant = null;
    for (int i = 0; i < argv.length; i++) {
      String flag = argv[i];
      if (i + 1 >= argv.length) {
        throw new IllegalArgumentException("missing value after " + flag + "\n" + usage());
      }
      String v = argv[++i];
      switch (flag) {
        case "--batch" -> batch = positive(flag, v);
        case "--inputs" ->
            Arrays.stream(v.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(inputs::add);
        case "--input" -> inputs.add(v);
        case "--chunk-events" -> chunk = (int) Math.min(Integer.MAX_VALUE, positive(flag, v));
        case "--partitions" -> partitions = (int) Math.min(10_000, positive(flag, v));
        case "--target-part-bytes" -> target = positive(flag, v);
        case "--max-object-bytes" -> maxObject = positive(flag, v);
        case "--split-bytes" -> split = positive(flag, v);
        case "--tenant" -> tenant = TenantId.of(v.trim());
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
      }
    }
    if (batch == 0) {
      throw new IllegalArgumentException("--batch is required\n" + usage());
    }
    return new Args(batch, inputs, chunk, partitions, target, maxObject, split, tenant);
  }

  static String usage() {
    return "usage: stateless-reducer --batch S [--tenant T] [--inputs k1,k2 | --input k ...] [--chunk-events N]"
        + " [--partitions N] [--target-part-bytes N] [--max-object-bytes N] [--split-bytes N]";
  }

  private static long positive(String flag, String v) {
    try {
      long n = Long.parseLong(v.trim());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a positive integer, not '" + v + "'");
    }
  }

  /**
   * Runs batch {@code args.batch()} with these settings on this session (the CLI's entry point).
   */
  public static StatelessManifest run(Args args, ReconSettings jobSettings, SparkSession spark) {
    ReconSettings settings =
        args.tenant() == null ? jobSettings : jobSettings.withTenant(args.tenant());
    try (AwsClientFactory clients = new AwsClientFactory(settings)) {
      List<String> inputs =
          args.inputs().isEmpty()
              ? LedgerInputs.of(clients.batchLedger(), args.batch())
              : args.inputs();
      StatelessReducerPipeline.Result result =
          StatelessReducerPipeline.runMeasured(
              spark,
              new AwsObjectStoreProvider(settings),
              args.config(inputs)
                  .withExternalSources(
                      externalSources(clients.batchLedger(), clients.objectStore(), args.batch())),
              settings.rules(),
              PipelineHooks.NONE);
      result
          .metrics()
          .ifPresent(
              m -> DriverMetrics.report(settings, clients.batchLedger(), BatchKind.STATELESS, m));
      return result.manifest();
    }
  }

  /**
   * The external sources of the matching rule set that stateless batch {@code batch} recorded
   * (through its configuration version, so a rerun or replay routes the same lines); none when the
   * batch has no ledger record or its configuration names no rule set.
   */
  static List<String> externalSources(BatchLedger ledger, ObjectStore store, long batch) {
    return ledger
        .get(BatchKind.STATELESS, Layout.seq(batch))
        .flatMap(r -> RuleSets.ofBatch(new TenantConfigs(ledger), store, r))
        .map(stored -> stored.rules().externalSources())
        .orElse(List.of());
  }

  /** One line for the step's log. */
  static String summary(StatelessManifest m) {
    return "{\"statelessBatch\":"
        + m.statelessBatch()
        + ",\"read\":"
        + m.count(LedgerNames.READ)
        + ",\"accepted\":"
        + m.count(LedgerNames.ACCEPTED)
        + ",\"duplicates\":"
        + m.count(LedgerNames.DUPLICATES)
        + ",\"quarantined\":"
        + m.count(LedgerNames.QUARANTINED)
        + ",\"keys\":"
        + m.count(LedgerNames.KEYS)
        + ",\"partitions\":"
        + m.partitions()
        + "}";
  }

  public static void main(String[] argv) {
    Args args;
    try {
      args = parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    ReconSettings settings = ReconSettings.fromEnvironment();
    SparkSession spark = ReconSpark.session("recon-stateless-reducer-" + args.batch());
    try {
      System.out.println(summary(run(args, settings, spark)));
    } finally {
      spark.stop();
    }
  }
}
