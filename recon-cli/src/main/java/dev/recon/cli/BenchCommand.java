package dev.recon.cli;

import dev.recon.bench.Bench;
import dev.recon.bench.BenchConfig;
import dev.recon.bench.BenchOutput;
import dev.recon.bench.BenchResult;
import dev.recon.cli.serve.BenchRoute;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recon bench}: issue 7's figures from one run on fresh embedded stacks. With {@code --json}
 * stdout carries exactly one JSON object; the table and progress go to stderr.
 */
@Command(
    name = "bench",
    description =
        "Benchmark recon beside the designs it replaces (issue 7), on the embedded stack.")
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--quick",
      description = "Reduced sizes (a few minutes on 2 cores); sizes given explicitly still win.")
  boolean quick;

  @Option(names = "--json", description = "Print one JSON object with the figures on stdout.")
  boolean json;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "bench-out",
      description =
          "Report, chart and JSON go here; the stacks under DIR/work (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--cycle-events",
      description = "Events of the full cycle (default 2,000,000; quick 100,000).")
  Integer cycleEvents;

  @Option(
      names = "--cycle-keys",
      description = "Keys of the full cycle (default 200,000; quick 10,000).")
  Integer cycleKeys;

  @Option(
      names = "--history-keys",
      description = "Stored keys at 1x; 10x is measured too (default 100,000; quick 10,000).")
  Integer historyKeys;

  @Option(
      names = "--history-batch-events",
      description = "Events of the batch applied to the history (default 200,000; quick 10,000).")
  Integer historyBatchEvents;

  @Option(
      names = "--history-batch-keys",
      description = "Keys of that batch (default 20,000; quick 1,000).")
  Integer historyBatchKeys;

  @Option(
      names = "--history-rounds",
      description = "Batches at each history size, interleaved; the median counts (default 3).")
  Integer historyRounds;

  @Option(
      names = "--transactional-events",
      description = "Events run through the transactional design (default 20,000; quick 2,000).")
  Integer transactionalEvents;

  @Option(names = "--lookups", description = "Lookups per mode (default 2,000; quick 500).")
  Integer lookups;

  @Option(
      names = "--raw-ddb-writes",
      description = "Raw conditional PutItems (default 50,000; quick 5,000).")
  Integer rawDdbWrites;

  @Option(
      names = "--redis-artifacts",
      description = "Artifacts written to Redis (default 200,000; quick 20,000).")
  Integer redisArtifacts;

  @Option(
      names = "--threads",
      description =
          "Client threads of the transactional design and the raw writes (default 16, as many as an indexer worker's index writers).")
  Integer threads;

  @Option(names = "--seed", description = "Generator seed (default 2026).")
  Long seed;

  BenchConfig config() {
    Path work = out.toAbsolutePath().normalize().resolve("work");
    BenchConfig b = quick ? BenchConfig.quick(work) : BenchConfig.defaults(work);
    return new BenchConfig(
        or(cycleEvents, b.cycleEvents()),
        or(cycleKeys, b.cycleKeys()),
        or(historyKeys, b.historyKeys()),
        or(historyBatchEvents, b.historyBatchEvents()),
        or(historyBatchKeys, b.historyBatchKeys()),
        or(historyRounds, b.historyRounds()),
        or(transactionalEvents, b.transactionalEvents()),
        or(lookups, b.lookups()),
        or(rawDdbWrites, b.rawDdbWrites()),
        or(redisArtifacts, b.redisArtifacts()),
        or(threads, b.threads()),
        seed == null ? b.seed() : seed,
        work);
  }

  private static int or(Integer given, int fallback) {
    return given == null ? fallback : given;
  }

  /** Runs the command on its own, before it is registered under {@code recon}. */
  public static void main(String[] args) {
    int code = new picocli.CommandLine(new BenchCommand()).execute(args);
    // DynamoDB Local and Spark leave non-daemon threads behind: exit explicitly.
    System.exit(code);
  }

  @Override
  public Integer call() {
    BenchConfig config = config();
    long t0 = System.nanoTime();
    BenchResult r =
        new Bench(config, line -> System.err.println("bench: " + line), new BenchRoute()).run();
    String machine = BenchOutput.machine();
    Path dir = out.toAbsolutePath().normalize();
    BenchOutput.write(r, machine, dir);
    var table = json ? System.err : System.out;
    table.print(r.toTable());
    table.printf(
        "machine: %s%nbench took %.0f s; report, chart and JSON in %s%n",
        machine, (System.nanoTime() - t0) / 1e9, dir);
    if (json) {
      System.out.println(r.toJson());
    }
    return Exit.OK;
  }
}
