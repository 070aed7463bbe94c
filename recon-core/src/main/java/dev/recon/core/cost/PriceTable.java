package dev.recon.core.cost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Public on-demand prices, with their region and the date they are in force from, and the shape of
 * the deployment they are applied to (Lambda memory sizes, the EMR cluster's instances). The
 * repository's table is {@link #BUNDLED} ({@code aws-us-east-1.json} beside this class); a file in
 * the same format replaces it ({@link dev.recon.core.config.ReconSettings#PRICE_TABLE}).
 *
 * <p>Prices are decimal strings in the file, read as {@link BigDecimal} from their text, never
 * through a double. Unknown keys are an error, so a typo in an override never silently prices a
 * service at zero.
 *
 * @param name what {@link BatchCost#priceTable()} records, with the date
 * @param s3PutPer1000 PUT, COPY, POST and LIST requests, per 1,000
 * @param s3GetPer1000 GET, SELECT and every other request (HEAD among them), per 1,000
 * @param dynamoDbWritePerMillion on-demand write request units, per million
 * @param dynamoDbReadPerMillion on-demand read request units, per million
 * @param lambdaRequestsPerMillion Lambda requests, per million
 * @param lambdaGbSecond Lambda duration, per GB-second (of the architecture the template uses)
 * @param indexerWorkerMemoryMb the indexer worker's memory (template parameter IndexerMemoryMb)
 * @param indexerCoordinatorMemoryMb the indexer coordinator's memory
 * @param emrInstances the EMR cluster's instances (the template's master and core groups)
 */
public record PriceTable(
    String name,
    String region,
    LocalDate date,
    BigDecimal s3PutPer1000,
    BigDecimal s3GetPer1000,
    BigDecimal dynamoDbWritePerMillion,
    BigDecimal dynamoDbReadPerMillion,
    BigDecimal lambdaRequestsPerMillion,
    BigDecimal lambdaGbSecond,
    int indexerWorkerMemoryMb,
    int indexerCoordinatorMemoryMb,
    List<Instance> emrInstances) {

  public static final String RESOURCE = "aws-us-east-1.json";

  /** The repository's table. */
  public static final PriceTable BUNDLED = bundled();

  /**
   * One instance group of the EMR cluster: {@code count} instances of {@code type}, each billed the
   * EC2 price plus the EMR price per hour.
   */
  public record Instance(
      String role, String type, int count, BigDecimal ec2PerHour, BigDecimal emrPerHour) {
    public Instance {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(type, "type");
      if (count < 0) {
        throw new IllegalArgumentException("negative instance count for " + type);
      }
      nonNegative(ec2PerHour, "ec2PerHour of " + type);
      nonNegative(emrPerHour, "emrPerHour of " + type);
    }
  }

  public PriceTable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(date, "date");
    nonNegative(s3PutPer1000, "s3PutPer1000");
    nonNegative(s3GetPer1000, "s3GetPer1000");
    nonNegative(dynamoDbWritePerMillion, "dynamoDbWritePerMillion");
    nonNegative(dynamoDbReadPerMillion, "dynamoDbReadPerMillion");
    nonNegative(lambdaRequestsPerMillion, "lambdaRequestsPerMillion");
    nonNegative(lambdaGbSecond, "lambdaGbSecond");
    if (indexerWorkerMemoryMb < 128 || indexerCoordinatorMemoryMb < 128) {
      throw new IllegalArgumentException("Lambda memory sizes must be at least 128 MB");
    }
    emrInstances = List.copyOf(emrInstances);
  }

  /** {@code name region date}: what a batch records beside its dollars. */
  public String id() {
    return name + " " + region + " " + date;
  }

  /** The cluster's price per hour: every instance's EC2 plus EMR price. */
  public BigDecimal emrClusterPerHour() {
    BigDecimal sum = BigDecimal.ZERO;
    for (Instance i : emrInstances) {
      sum = sum.add(i.ec2PerHour().add(i.emrPerHour()).multiply(BigDecimal.valueOf(i.count())));
    }
    return sum;
  }

  /** The bundled table, or the file {@code path} when it is given (null or blank: bundled). */
  public static PriceTable load(String path) {
    if (path == null || path.isBlank()) {
      return BUNDLED;
    }
    Path p = Path.of(path.trim());
    try (InputStream in = Files.newInputStream(p)) {
      return parse(in, p.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the price table " + p + ": " + e, e);
    }
  }

  private static PriceTable bundled() {
    try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bundled price table " + RESOURCE + " is missing");
      }
      return parse(in, RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the JSON format of {@code aws-us-east-1.json}; {@code origin} names it in errors. */
  public static PriceTable parse(InputStream in, String origin) throws IOException {
    Object tree;
    try (JsonParser p = new JsonFactory().createParser(in)) {
      p.nextToken();
      tree = value(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("price table " + origin + ": text after the object");
      }
    }
    try {
      Map<String, Object> root = object(tree, "the price table");
      keys(
          root,
          "",
          Set.of(
              "name",
              "region",
              "date",
              "currency",
              "sources",
              "notes",
              "s3",
              "dynamodb",
              "lambda",
              "emr"));
      if (!"USD".equals(text(root, "currency"))) {
        throw new IllegalArgumentException("currency must be USD");
      }
      Map<String, Object> s3 = object(root.get("s3"), "s3");
      keys(s3, "s3.", Set.of("putCopyPostListPer1000", "getSelectOtherPer1000"));
      Map<String, Object> ddb = object(root.get("dynamodb"), "dynamodb");
      keys(ddb, "dynamodb.", Set.of("writeRequestUnitsPerMillion", "readRequestUnitsPerMillion"));
      Map<String, Object> lambda = object(root.get("lambda"), "lambda");
      keys(
          lambda,
          "lambda.",
          Set.of(
              "architecture",
              "requestsPerMillion",
              "gbSecond",
              "indexerWorkerMemoryMb",
              "indexerCoordinatorMemoryMb"));
      Map<String, Object> emr = object(root.get("emr"), "emr");
      keys(emr, "emr.", Set.of("instances"));
      if (!(emr.get("instances") instanceof List<?> list)) {
        throw new IllegalArgumentException("emr.instances must be a list");
      }
      List<Instance> instances = new ArrayList<>();
      for (Object o : list) {
        Map<String, Object> i = object(o, "emr.instances[]");
        keys(i, "emr.instances[].", Set.of("role", "type", "count", "ec2PerHour", "emrPerHour"));
        instances.add(
            new Instance(
                text(i, "role"),
                text(i, "type"),
                integer(i, "count"),
                money(i, "ec2PerHour"),
                money(i, "emrPerHour")));
      }
      return new PriceTable(
          text(root, "name"),
          text(root, "region"),
          LocalDate.parse(text(root, "date")),
          money(s3, "putCopyPostListPer1000"),
          money(s3, "getSelectOtherPer1000"),
          money(ddb, "writeRequestUnitsPerMillion"),
          money(ddb, "readRequestUnitsPerMillion"),
          money(lambda, "requestsPerMillion"),
          money(lambda, "gbSecond"),
          integer(lambda, "indexerWorkerMemoryMb"),
          integer(lambda, "indexerCoordinatorMemoryMb"),
          instances);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException("price table " + origin + ": " + e.getMessage(), e);
    }
  }

  /**
   * One JSON value at the parser's current token: objects as ordered maps, arrays as lists,
   * strings, integers as {@code Long}, other numbers as {@link Double} (refused where a price is
   * expected), booleans and null.
   */
  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new IllegalArgumentException("the price table is empty");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (m.put(name, value(p)) != null) {
            throw new IllegalArgumentException("key " + name + " appears twice");
          }
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return p.getBooleanValue();
      }
      default -> {
        return null;
      }
    }
  }

  private static void keys(Map<String, Object> node, String where, Set<String> allowed) {
    for (String k : node.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException("unknown key " + where + k);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object v, String key) {
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException(key + " must be an object");
    }
    return (Map<String, Object>) v;
  }

  private static String text(Map<String, Object> node, String key) {
    if (!(node.get(key) instanceof String v) || v.isBlank()) {
      throw new IllegalArgumentException(key + " must be a non-empty string");
    }
    return v;
  }

  private static int integer(Map<String, Object> node, String key) {
    if (!(node.get(key) instanceof Long v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be an integer");
    }
    return v.intValue();
  }

  /** A price: a decimal string (a JSON number would pass through a double). */
  private static BigDecimal money(Map<String, Object> node, String key) {
    String t = text(node, key);
    try {
      return new BigDecimal(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a decimal: " + t);
    }
  }

  private static void nonNegative(BigDecimal v, String name) {
    Objects.requireNonNull(v, name);
    if (v.signum() < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + v);
    }
  }
}
