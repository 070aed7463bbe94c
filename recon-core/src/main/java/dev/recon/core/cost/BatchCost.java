package dev.recon.core.cost;

import dev.recon.core.metrics.Emf;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.LedgerRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The estimated dollars of one batch (or a sum of batches), by service, and the price table they
 * were estimated with. Recorded on the batch's ledger record when the batch finishes ({@link
 * #toAttributes}): {@code cost.usd} (the total), {@code cost.usd.s3}, {@code cost.usd.dynamodb},
 * {@code cost.usd.lambda}, {@code cost.usd.emr} (decimal strings, {@link CostModel#SCALE} places)
 * and {@code cost.priceTable} ({@link PriceTable#id()}).
 *
 * @param usd per service, every service present (zero when unused)
 * @param priceTable the table's id, or several ids joined by {@code ", "} for a sum over batches
 *     estimated with different tables
 */
public record BatchCost(Map<CostService, BigDecimal> usd, String priceTable) {
  public static final String PREFIX = "cost.";
  public static final String USD = "cost.usd";
  public static final String PRICE_TABLE = "cost.priceTable";

  /**
   * The ledger attribute naming a batch's tenant, absent = {@link #DEFAULT_TENANT} (until tenants
   * are first-class, DESIGN §10).
   */
  public static final String TENANT = "tenant";

  public static final String DEFAULT_TENANT = "default";

  /** EMF names: metric {@code CostUsd}, dimensions {@code Environment, Tenant}. */
  public static final String METRIC = "CostUsd";

  public static final String TENANT_DIMENSION = "Tenant";

  public static final BatchCost ZERO = new BatchCost(Map.of(), "");

  public BatchCost {
    Objects.requireNonNull(priceTable, "priceTable");
    EnumMap<CostService, BigDecimal> copy = new EnumMap<>(CostService.class);
    for (CostService s : CostService.values()) {
      BigDecimal v = usd == null ? null : usd.get(s);
      copy.put(s, v == null ? BigDecimal.ZERO.setScale(CostModel.SCALE) : v);
    }
    usd = Collections.unmodifiableMap(copy);
  }

  public BigDecimal get(CostService service) {
    return usd.get(service);
  }

  /** The sum over services. */
  public BigDecimal total() {
    BigDecimal sum = BigDecimal.ZERO.setScale(CostModel.SCALE);
    for (BigDecimal v : usd.values()) {
      sum = sum.add(v);
    }
    return sum;
  }

  public BatchCost plus(BatchCost other) {
    EnumMap<CostService, BigDecimal> sum = new EnumMap<>(CostService.class);
    for (CostService s : CostService.values()) {
      sum.put(s, get(s).add(other.get(s)));
    }
    String tables = priceTable;
    if (tables.isEmpty()) {
      tables = other.priceTable;
    } else if (!other.priceTable.isEmpty()
        && !List.of(tables.split(", ")).contains(other.priceTable)) {
      tables = tables + ", " + other.priceTable;
    }
    return new BatchCost(sum, tables);
  }

  /**
   * Dollars as shown to people: {@code $} and the exact decimal without trailing zeros, at least
   * two places ({@code $0.036005}, {@code $50.00}).
   */
  public static String display(BigDecimal usd) {
    BigDecimal v = usd.stripTrailingZeros();
    if (v.scale() < 2) {
      v = v.setScale(2);
    }
    return "$" + v.toPlainString();
  }

  /** The ledger attributes, as {@link BatchCost the class comment} lists them. */
  public Map<String, String> toAttributes() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(USD, total().toPlainString());
    usd.forEach((s, v) -> out.put(USD + "." + s.key(), v.toPlainString()));
    out.put(PRICE_TABLE, priceTable);
    return out;
  }

  /** The cost recorded on a batch, if it recorded one (finished since estimates exist). */
  public static Optional<BatchCost> fromLedger(LedgerRecord r) {
    String total = r.attribute(USD);
    if (total == null || total.isBlank()) {
      return Optional.empty();
    }
    EnumMap<CostService, BigDecimal> usd = new EnumMap<>(CostService.class);
    for (CostService s : CostService.values()) {
      String v = r.attribute(USD + "." + s.key());
      if (v != null && !v.isBlank()) {
        usd.put(s, new BigDecimal(v));
      }
    }
    String table = r.attribute(PRICE_TABLE);
    return Optional.of(new BatchCost(usd, table == null ? "" : table));
  }

  /** The batch's tenant: its {@link #TENANT} attribute, {@link #DEFAULT_TENANT} when absent. */
  public static String tenantOf(LedgerRecord r) {
    String t = r.attribute(TENANT);
    return t == null || t.isBlank() ? DEFAULT_TENANT : t;
  }

  /**
   * One EMF line, dimensions {@code Environment, Tenant}: {@code CostUsd} (the total) and one
   * {@code CostUsd<Service>} per service; properties {@code Batch}, {@code Kind}, {@code
   * PriceTable}. CloudWatch metric values are doubles: the ledger keeps the exact decimal.
   */
  public String toEmf(String environment, LedgerRecord batch, Instant timestamp) {
    return toEmf(environment, tenantOf(batch), batch, timestamp);
  }

  /** As {@link #toEmf(String, LedgerRecord, Instant)} for the batch of {@code tenant}. */
  public String toEmf(String environment, String tenant, LedgerRecord batch, Instant timestamp) {
    Map<String, String> dims = new LinkedHashMap<>();
    dims.put(StageMetrics.ENVIRONMENT, environment);
    dims.put(TENANT_DIMENSION, tenant);
    List<Emf.Metric> m = Emf.metrics();
    m.add(new Emf.Metric(METRIC, Emf.NONE, total().doubleValue()));
    m.add(new Emf.Metric(METRIC + "S3", Emf.NONE, get(CostService.S3).doubleValue()));
    m.add(new Emf.Metric(METRIC + "DynamoDb", Emf.NONE, get(CostService.DYNAMODB).doubleValue()));
    m.add(new Emf.Metric(METRIC + "Lambda", Emf.NONE, get(CostService.LAMBDA).doubleValue()));
    m.add(new Emf.Metric(METRIC + "Emr", Emf.NONE, get(CostService.EMR).doubleValue()));
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("Batch", batch.id());
    properties.put("Kind", batch.kind().name());
    properties.put("PriceTable", priceTable.isEmpty() ? "-" : priceTable);
    return Emf.line(Emf.NAMESPACE, dims, m, properties, timestamp);
  }
}
