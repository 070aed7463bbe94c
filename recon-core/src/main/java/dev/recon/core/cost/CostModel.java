package dev.recon.core.cost;

import dev.recon.core.model.LedgerRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.Objects;

/**
 * Turns what a batch used ({@link BatchUsage}) into estimated dollars by service, with one {@link
 * PriceTable}. Pure: the same usage and table always give the same figures.
 *
 * <ul>
 *   <li>S3: PUT and LIST requests at the PUT price, GET and HEAD at the GET price (per 1,000);
 *       DELETE is free.
 *   <li>DynamoDB: one write unit per item written, one read unit per item read (per million).
 *   <li>Lambda: per request and per GB-second — worker invocations × their run time at the worker's
 *       memory, the coordinator's wall time at its memory.
 *   <li>EMR: the Spark stages' wall time × the whole cluster's EC2 + EMR price per hour.
 * </ul>
 *
 * Each service's amount is rounded once, half-up, to {@link #SCALE} decimal places (a ten-billionth
 * of a dollar), and the total is the sum of the rounded amounts, so the parts always add up.
 */
public final class CostModel {
  public static final int SCALE = 10;

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal MS_PER_SECOND = BigDecimal.valueOf(1_000);
  private static final BigDecimal MB_PER_GB = BigDecimal.valueOf(1_024);
  private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000);

  private final PriceTable prices;

  public CostModel(PriceTable prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
  }

  public PriceTable prices() {
    return prices;
  }

  public BatchCost estimate(BatchUsage u) {
    EnumMap<CostService, BigDecimal> usd = new EnumMap<>(CostService.class);
    usd.put(
        CostService.S3,
        round(
            per(u.s3PutRequests(), prices.s3PutPer1000(), THOUSAND)
                .add(per(u.s3GetRequests(), prices.s3GetPer1000(), THOUSAND))));
    usd.put(
        CostService.DYNAMODB,
        round(
            per(u.dynamoDbWriteUnits(), prices.dynamoDbWritePerMillion(), MILLION)
                .add(per(u.dynamoDbReadUnits(), prices.dynamoDbReadPerMillion(), MILLION))));
    BigDecimal gbSeconds =
        gbSeconds(u.workerMs(), prices.indexerWorkerMemoryMb())
            .add(gbSeconds(u.coordinatorMs(), prices.indexerCoordinatorMemoryMb()));
    usd.put(
        CostService.LAMBDA,
        round(
            per(
                    u.workerInvocations() + u.coordinatorInvocations(),
                    prices.lambdaRequestsPerMillion(),
                    MILLION)
                .add(gbSeconds.multiply(prices.lambdaGbSecond()))));
    usd.put(
        CostService.EMR,
        BigDecimal.valueOf(u.emrMs())
            .multiply(prices.emrClusterPerHour())
            .divide(MS_PER_HOUR, SCALE, RoundingMode.HALF_UP));
    return new BatchCost(usd, prices.id());
  }

  /** The batch's cost from the usage its ledger record holds. */
  public BatchCost estimate(LedgerRecord r) {
    return estimate(BatchUsage.fromLedger(r));
  }

  /** {@code n} units at {@code price} per {@code unit} units; exact (the divisors are 10^k). */
  private static BigDecimal per(long n, BigDecimal price, BigDecimal unit) {
    return BigDecimal.valueOf(n).multiply(price).divide(unit);
  }

  /** Exact: 1/1,000 and 1/1,024 both have finite decimal expansions. */
  private static BigDecimal gbSeconds(long ms, int memoryMb) {
    return BigDecimal.valueOf(ms)
        .divide(MS_PER_SECOND)
        .multiply(BigDecimal.valueOf(memoryMb).divide(MB_PER_GB));
  }

  private static BigDecimal round(BigDecimal v) {
    return v.setScale(SCALE, RoundingMode.HALF_UP);
  }
}
