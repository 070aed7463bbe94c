package dev.recon.bench;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.DynamoDbBatchLedger;
import dev.recon.aws.ReconTables;
import dev.recon.backlog.BacklogHandler;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.local.EmbeddedStack;
import dev.recon.local.LocalHomes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Issue 13, defect 10: the backlog manager's {@code planStateless} call at {@code n} vs {@code
 * 100·n} registered inputs (goal: ≤ 1.2× the time). A one-off measurement, not part of {@code recon
 * bench} (whose JSON has exactly issue 7's keys) and not run in CI at full size: {@code
 * PlanGrowthIT} runs it tiny.
 *
 * <p>Each side is its own ledger table on one embedded stack (DynamoDB Local in memory, like the
 * bench). The history — {@code n} resp. {@code 100·n} finished (SUCCESS) inputs, written by
 * BatchWriteItem in the adapter's item layout — is reflected by one stateless and one stateful
 * batch, the same on both sides, so the ratio isolates the registered inputs. Then rounds,
 * interleaved small/large: {@link #PENDING_PER_ROUND} pending inputs are created (conditional
 * create, as registration does) and one {@code planStateless} request goes through the real {@link
 * BacklogHandler} — repair, pending inputs, claims, finalize, and the backlog metric it publishes
 * after each plan. The median round of each side counts. For comparison, one {@code list(INPUT)}
 * (what the planner, the repair and the metric each did before) is timed per side.
 */
public final class PlanGrowth {
  static final int PENDING_PER_ROUND = 100;
  static final int ROUNDS = 7;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private PlanGrowth() {}

  /** Medians of the plan call per side, and the one-off full listing per side (seconds). */
  public record Result(
      int smallInputs,
      int largeInputs,
      double smallPlanSeconds,
      double largePlanSeconds,
      double smallListSeconds,
      double largeListSeconds,
      int plannedInputs) {
    public double ratio() {
      return largePlanSeconds / smallPlanSeconds;
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "planStateless median: %.1f ms at %,d registered inputs, %.1f ms at %,d: ratio %.3f"
              + " (goal <= 1.2); list(INPUT) once: %.2f s vs %.2f s; %,d inputs planned",
          smallPlanSeconds * 1e3,
          smallInputs,
          largePlanSeconds * 1e3,
          largeInputs,
          ratio(),
          smallListSeconds,
          largeListSeconds,
          plannedInputs);
    }
  }

  /** {@code PlanGrowth [n] [work dir]}: n defaults to 10,000 (so 10,000 vs 1,000,000). */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 10_000;
    Path work = Path.of(args.length > 1 ? args[1] : "plan-growth-out").toAbsolutePath();
    Result r = run(work, n, 100 * n, ROUNDS, line -> System.err.println("plan-growth: " + line));
    System.out.println(r.summary());
    System.exit(0); // DynamoDB Local leaves non-daemon threads behind
  }

  /** One run on a fresh in-memory stack under {@code work} (wiped). */
  public static Result run(Path work, int small, int large, int rounds, Consumer<String> log) {
    try {
      LocalHomes.wipe(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (EmbeddedStack stack =
            EmbeddedStack.builder(work.resolve("stack")).inMemoryDynamoDb().start();
        AwsClientFactory a = side(stack, "plan-small");
        AwsClientFactory b = side(stack, "plan-large")) {
      long t0 = System.nanoTime();
      history(a, small);
      history(b, large);
      log.accept(
          String.format(
              Locale.ROOT,
              "history of %,d and %,d finished inputs written in %.0f s",
              small,
              large,
              (System.nanoTime() - t0) / 1e9));
      BacklogHandler ha = new BacklogHandler(a, Clock.systemUTC(), line -> {});
      BacklogHandler hb = new BacklogHandler(b, Clock.systemUTC(), line -> {});
      // warm-up, not measured: the code paths once on each side
      round(a, ha, small, -1);
      round(b, hb, large, -1);
      double[] ta = new double[rounds];
      double[] tb = new double[rounds];
      int planned = 0;
      for (int r = 0; r < rounds; r++) {
        ta[r] = round(a, ha, small, r);
        tb[r] = round(b, hb, large, r);
        log.accept(
            String.format(
                Locale.ROOT, "round %d: %.1f ms vs %.1f ms", r, ta[r] * 1e3, tb[r] * 1e3));
      }
      for (AwsClientFactory c : List.of(a, b)) {
        for (LedgerRecord in : c.batchLedger().listUnfinished(BatchKind.INPUT)) {
          planned += in.status() == BatchStatus.EXECUTING ? 1 : 0;
        }
      }
      double la = listSeconds(a.batchLedger(), log);
      double lb = listSeconds(b.batchLedger(), log);
      Result result = new Result(small, large, median(ta), median(tb), la, lb, planned);
      log.accept(result.summary());
      return result;
    }
  }

  private static AwsClientFactory side(EmbeddedStack stack, String name) {
    ReconSettings base = stack.settings();
    AwsClientFactory c =
        new AwsClientFactory(
            base.toBuilder()
                .prefix(name)
                .indexTable(base.indexTable() + "-" + name)
                .ledgerTable(base.ledgerTable() + "-" + name)
                .build());
    ReconTables.ensureAll(c);
    return c;
  }

  /** {@code inputs} finished inputs, reflected by stateless batch 1 and stateful batch 1. */
  static void history(AwsClientFactory c, int inputs) {
    BatchLedger ledger = c.batchLedger();
    ledger.nextSequence(LedgerNames.COUNTER_STATELESS);
    ledger.nextSequence(LedgerNames.COUNTER_STATEFUL);
    ledger.create(
        LedgerRecord.create(BatchKind.STATELESS, Layout.seq(1), 1, BatchStatus.SUCCESS, T0)
            .withAttributes(
                Map.of(
                    LedgerNames.WINDOW_START, T0.toString(),
                    LedgerNames.WINDOW_END, T0.plusSeconds(inputs).toString())));
    ledger.create(
        LedgerRecord.create(BatchKind.STATEFUL, Layout.seq(1), 1, BatchStatus.SUCCESS, T0)
            .withAttributes(
                Map.of(LedgerNames.STATELESS_FROM, "1", LedgerNames.STATELESS_TO, "1")));
    String table = c.settings().ledgerTable();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int chunk = 25 * 200;
      for (int from = 0; from < inputs; from += chunk) {
        int start = from;
        int end = Math.min(inputs, from + chunk);
        futures.add(pool.submit(() -> writeFinished(c, table, start, end)));
      }
      BenchThreads.await(futures);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void writeFinished(AwsClientFactory c, String table, int from, int to) {
    for (int i = from; i < to; i += 25) {
      List<WriteRequest> writes = new ArrayList<>();
      for (int j = i; j < Math.min(to, i + 25); j++) {
        Instant at = T0.plusSeconds(j);
        LedgerRecord in =
            LedgerRecord.create(
                    BatchKind.INPUT,
                    String.format(Locale.ROOT, "input/history/%09d.jsonl", j),
                    j + 1L,
                    BatchStatus.SUCCESS,
                    at)
                .withAttributes(
                    Map.of(
                        LedgerNames.WINDOW_START, at.toString(),
                        LedgerNames.WINDOW_END, at.plusSeconds(1).toString(),
                        LedgerNames.STATELESS_BATCH, "1"))
                .withCounts(Map.of(LedgerNames.BYTES, 1_000L, LedgerNames.EVENTS, 10L));
        writes.add(
            WriteRequest.builder()
                .putRequest(PutRequest.builder().item(DynamoDbBatchLedger.item(in)).build())
                .build());
      }
      Map<String, List<WriteRequest>> pending = Map.of(table, writes);
      for (int attempt = 0; !pending.isEmpty(); attempt++) {
        if (attempt > 20) {
          throw new IllegalStateException("history: items still unprocessed after 20 attempts");
        }
        pending =
            c.dynamoDb()
                .batchWriteItem(BatchWriteItemRequest.builder().requestItems(pending).build())
                .unprocessedItems();
      }
    }
  }

  /** Lands {@link #PENDING_PER_ROUND} pending inputs and times one planStateless request. */
  private static double round(AwsClientFactory c, BacklogHandler h, int history, int round) {
    BatchLedger ledger = c.batchLedger();
    for (int j = 0; j < PENDING_PER_ROUND; j++) {
      Instant at = T0.plusSeconds(history + (round + 1L) * PENDING_PER_ROUND + j);
      ledger.create(
          LedgerRecord.create(
                  BatchKind.INPUT,
                  String.format(Locale.ROOT, "input/new/r%02d-%04d.jsonl", round + 1, j),
                  ledger.nextSequence(LedgerNames.COUNTER_INPUT),
                  BatchStatus.INITIATED,
                  at)
              .withAttributes(
                  Map.of(
                      LedgerNames.WINDOW_START, at.toString(),
                      LedgerNames.WINDOW_END, at.plusSeconds(1).toString()))
              .withCounts(Map.of(LedgerNames.BYTES, 1_000L, LedgerNames.EVENTS, 10L)));
    }
    byte[] request =
        ("{\"action\":\"planStateless\",\"maxObjects\":" + PENDING_PER_ROUND + "}")
            .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    try {
      h.handleRequest(new ByteArrayInputStream(request), out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!out.toString(StandardCharsets.UTF_8).contains("\"planned\":true")) {
      throw new IllegalStateException("round " + round + " planned nothing: " + out);
    }
    return seconds;
  }

  /**
   * One full {@code list(INPUT)}, what each of the planner, the repair and the metric did per call
   * before the index; NaN when it does not complete (on 2 loaded cores, one 1 MB page of the 1M
   * partition exceeded the SDK's 30 s call timeout on DynamoDB Local).
   */
  private static double listSeconds(BatchLedger ledger, Consumer<String> log) {
    long t0 = System.nanoTime();
    try {
      int n = ledger.list(BatchKind.INPUT).size();
      if (n == 0) {
        throw new IllegalStateException("no inputs listed");
      }
    } catch (dev.recon.core.error.StoreUnavailableException e) {
      log.accept("list(INPUT) did not complete: " + e.getMessage());
      return Double.NaN;
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
