package dev.recon.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.core.metrics.IoCounts;
import dev.recon.core.metrics.IoMetric;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The price arithmetic on known counts. Every expected figure below is worked out by hand in the
 * comment beside it (from the bundled table's published prices), not by the model's formula.
 */
class CostModelTest {
  private final CostModel model = new CostModel(PriceTable.BUNDLED);

  @Test
  void bundledTable_shouldHoldThePublishedUsEast1Prices() {
    PriceTable p = PriceTable.BUNDLED;
    assertThat(p.region()).isEqualTo("us-east-1");
    assertThat(p.date()).isEqualTo(LocalDate.of(2024, 11, 1));
    assertThat(p.id()).isEqualTo("aws-on-demand-us-east-1 us-east-1 2024-11-01");
    assertThat(p.s3PutPer1000()).isEqualByComparingTo("0.005");
    assertThat(p.s3GetPer1000()).isEqualByComparingTo("0.0004");
    assertThat(p.dynamoDbWritePerMillion()).isEqualByComparingTo("0.625");
    assertThat(p.dynamoDbReadPerMillion()).isEqualByComparingTo("0.125");
    // m6g.xlarge 0.154 + 0.0385 = 0.1925; 2 × r6g.2xlarge (0.4032 + 0.1008 = 0.504) = 1.008
    assertThat(p.emrClusterPerHour()).isEqualByComparingTo("1.2005");
  }

  @Test
  void estimate_shouldPriceEachService_whenCountsAreKnown() {
    BatchUsage u =
        new BatchUsage(
            1_200, // 1,000 PUT + 200 LIST
            5_000, // GET + HEAD
            20_000, // items written
            30_000, // items read
            90_000, // 90 s of Spark stages
            3, // worker invocations
            4_500, // worker run time
            1, // coordinator invocation
            6_000); // coordinator wall time

    BatchCost c = model.estimate(u);

    // S3: 1,200 × $0.005/1,000 = $0.006; 5,000 × $0.0004/1,000 = $0.002
    assertThat(c.get(CostService.S3)).isEqualTo(new BigDecimal("0.0080000000"));
    // DynamoDB: 20,000 × $0.625/1M = $0.0125; 30,000 × $0.125/1M = $0.00375
    assertThat(c.get(CostService.DYNAMODB)).isEqualTo(new BigDecimal("0.0162500000"));
    // Lambda: 4 requests × $0.20/1M = $0.0000008; 4.5 s × 2 GB + 6 s × 0.5 GB = 12 GB-s,
    // × $0.0000133334 = $0.0001600008
    assertThat(c.get(CostService.LAMBDA)).isEqualTo(new BigDecimal("0.0001608008"));
    // EMR: 90 s = 0.025 h × $1.2005/h = $0.0300125
    assertThat(c.get(CostService.EMR)).isEqualTo(new BigDecimal("0.0300125000"));
    // 0.008 + 0.01625 + 0.0001608008 + 0.0300125
    assertThat(c.total()).isEqualTo(new BigDecimal("0.0544233008"));
    assertThat(c.priceTable()).isEqualTo(PriceTable.BUNDLED.id());
  }

  @Test
  void estimate_shouldGiveTheSeedsFigures_forPutsAlone() {
    // The seed: 10 million artifacts as single objects cost $50 in PUT requests; 10 part-files
    // $0.00005.
    assertThat(model.estimate(puts(10_000_000)).total()).isEqualByComparingTo("50");
    assertThat(model.estimate(puts(10)).total()).isEqualByComparingTo("0.00005");
  }

  @Test
  void estimate_shouldRoundHalfUpToTenPlaces_once() {
    // 1 ms of the cluster: 1.2005 / 3,600,000 = 0.00000033347222… → 0.0000003335
    BatchCost c = model.estimate(new BatchUsage(0, 0, 0, 0, 1, 0, 0, 0, 0));
    assertThat(c.get(CostService.EMR)).isEqualTo(new BigDecimal("0.0000003335"));
    // one GET: $0.0000004 exactly
    assertThat(model.estimate(new BatchUsage(0, 1, 0, 0, 0, 0, 0, 0, 0)).total())
        .isEqualTo(new BigDecimal("0.0000004000"));
  }

  @Test
  void estimate_shouldBeZero_whenNothingWasUsed() {
    assertThat(model.estimate(BatchUsage.NONE).total()).isZero();
  }

  @Test
  void estimate_shouldUseTheGivenTable_notTheBundledOne() throws Exception {
    String json =
        bundledJson()
            .replace("\"0.005\"", "\"1.000\"")
            .replace("\"name\": \"aws-on-demand-us-east-1\"", "\"name\": \"negotiated\"");
    PriceTable t =
        PriceTable.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    // 3 PUTs at $1/1,000
    BatchCost c = new CostModel(t).estimate(puts(3));
    assertThat(c.total()).isEqualByComparingTo("0.003");
    assertThat(c.priceTable()).startsWith("negotiated ");
  }

  @Test
  void parse_shouldRefuseUnknownKeysAndNumbersForPrices() throws Exception {
    String typo = bundledJson().replace("\"getSelectOtherPer1000\"", "\"getSelectOtherPer100\"");
    assertThatThrownBy(() -> parse(typo))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key s3.getSelectOtherPer100");
    String number = bundledJson().replace("\"0.625\"", "0.625");
    assertThatThrownBy(() -> parse(number))
        .hasMessageContaining("writeRequestUnitsPerMillion must be a non-empty string");
    String euro = bundledJson().replace("\"USD\"", "\"EUR\"");
    assertThatThrownBy(() -> parse(euro)).hasMessageContaining("currency must be USD");
  }

  @Test
  void fromLedger_shouldSumTheStagesRecordedUsage() {
    LedgerRecord r =
        LedgerRecord.create(BatchKind.STATEFUL, "0000000007", 7, BatchStatus.SUCCESS, Instant.EPOCH)
            .withCounts(stage("prefetch", 2_000, Map.of(IoMetric.DYNAMODB_READS, 40L)))
            .withCounts(
                stage(
                    "process",
                    3_000,
                    Map.of(
                        IoMetric.S3_PUT_REQUESTS, 5L,
                        IoMetric.S3_LIST_REQUESTS, 2L,
                        IoMetric.S3_GET_REQUESTS, 4L,
                        IoMetric.S3_HEAD_REQUESTS, 1L,
                        IoMetric.S3_DELETE_REQUESTS, 9L)))
            .withCounts(stage("index", 700, Map.of(IoMetric.DYNAMODB_WRITES, 40L)))
            .withCounts(Map.of("index.invocations", 2L, "index.workerMs", 650L));

    BatchUsage u = BatchUsage.fromLedger(r);

    assertThat(u)
        .isEqualTo(
            new BatchUsage(
                7, // PUT 5 + LIST 2 (DELETE is free)
                5, // GET 4 + HEAD 1
                40, 40, 5_000, // prefetch 2 s + process 3 s on the cluster
                2, 650, 1, 700));
  }

  @Test
  void attributes_shouldRoundTripThroughTheLedgerRecord() {
    BatchCost c =
        model.estimate(new BatchUsage(1_200, 5_000, 20_000, 30_000, 90_000, 3, 4_500, 1, 6_000));
    LedgerRecord r =
        LedgerRecord.create(
                BatchKind.STATELESS, "0000000001", 1, BatchStatus.SUCCESS, Instant.EPOCH)
            .withAttributes(c.toAttributes());

    assertThat(r.attribute("cost.usd")).isEqualTo("0.0544233008");
    assertThat(r.attribute("cost.usd.emr")).isEqualTo("0.0300125000");
    assertThat(BatchCost.fromLedger(r)).contains(c);
    assertThat(BatchCost.fromLedger(r.withAttributes(Map.of("cost.usd", "")))).isEmpty();
  }

  @Test
  void plus_shouldAddEveryServiceAndNameEveryTable() {
    BatchCost a = model.estimate(puts(1_000)); // $0.005
    BatchCost b =
        new BatchCost(Map.of(CostService.EMR, new BigDecimal("0.0100000000")), "other 2020-01-01");
    BatchCost sum = a.plus(b).plus(a);
    assertThat(sum.get(CostService.S3)).isEqualByComparingTo("0.01");
    assertThat(sum.total()).isEqualByComparingTo("0.02");
    assertThat(sum.priceTable()).isEqualTo(PriceTable.BUNDLED.id() + ", other 2020-01-01");
  }

  @Test
  void toEmf_shouldCarryCostUsdWithTheTenantDimension() throws Exception {
    LedgerRecord r =
        LedgerRecord.create(
            BatchKind.STATEFUL, "0000000003", 3, BatchStatus.SUCCESS, Instant.EPOCH);
    BatchCost c = model.estimate(puts(2_000)); // $0.01
    JsonNode line = new ObjectMapper().readTree(c.toEmf("prod", r, Instant.EPOCH));
    assertThat(line.path("Tenant").asText()).isEqualTo("default");
    assertThat(line.path("CostUsd").asDouble()).isEqualTo(0.01);
    assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").get(0))
        .hasToString("[\"Environment\",\"Tenant\"]");

    LedgerRecord tenanted = r.withAttributes(Map.of("tenant", "acme"));
    assertThat(BatchCost.tenantOf(tenanted)).isEqualTo("acme");
    assertThat(
            new ObjectMapper()
                .readTree(c.toEmf("prod", tenanted, Instant.EPOCH))
                .path("Tenant")
                .asText())
        .isEqualTo("acme");
  }

  /**
   * The table's deployment shape is the template's defaults: a change of instance type or memory
   * there without the table would price a cluster that is not deployed.
   */
  @Test
  void bundledTable_shouldDescribeTheTemplatesDefaults() throws Exception {
    Path template = Path.of("..", "infrastructure", "template.yaml");
    String t = Files.readString(template);
    PriceTable p = PriceTable.BUNDLED;
    assertThat(p.emrInstances().get(0).type()).isEqualTo(defaultOf(t, "EmrMasterInstanceType"));
    assertThat(p.emrInstances().get(1).type()).isEqualTo(defaultOf(t, "EmrCoreInstanceType"));
    assertThat(Integer.toString(p.emrInstances().get(1).count()))
        .isEqualTo(defaultOf(t, "EmrCoreInstanceCount"));
    assertThat(Integer.toString(p.indexerWorkerMemoryMb()))
        .isEqualTo(defaultOf(t, "IndexerMemoryMb"));
    Matcher coordinator =
        Pattern.compile("indexer-coordinator[\\s\\S]*?MemorySize: (\\d+)").matcher(t);
    assertThat(coordinator.find()).isTrue();
    assertThat(Integer.toString(p.indexerCoordinatorMemoryMb())).isEqualTo(coordinator.group(1));
    assertThat(t).contains("Architectures: [arm64]");
  }

  private static String defaultOf(String template, String parameter) {
    Matcher m =
        Pattern.compile("\\n  " + parameter + ":\\n(?:    .*\\n)*?    Default: (\\S+)")
            .matcher(template);
    assertThat(m.find()).as("parameter %s with a default", parameter).isTrue();
    return m.group(1);
  }

  private static BatchUsage puts(long n) {
    return new BatchUsage(n, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  private static Map<String, Long> stage(String name, long ms, Map<IoMetric, Long> io) {
    return new StageMetrics(name, "x", 1, 1, null, ms, new IoCounts(new EnumMap<>(io)))
        .toLedgerCounts();
  }

  private static String bundledJson() throws Exception {
    try (var in = PriceTable.class.getResourceAsStream(PriceTable.RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static PriceTable parse(String json) throws Exception {
    return PriceTable.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t");
  }
}
