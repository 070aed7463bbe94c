package dev.recon.core.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Encodes one CloudWatch embedded metric format (EMF) log line: a JSON object whose {@code _aws}
 * member holds the timestamp and the metric directives ({@code Namespace}, one dimension set,
 * {@code Metrics[{Name, Unit}]}), with every dimension, metric value and property at the root.
 * CloudWatch Logs turns such a line into metrics, from a Lambda's stdout or a {@code PutLogEvents}
 * call alike.
 *
 * <p>Checked here, so a bad line fails a unit test instead of being silently dropped by CloudWatch:
 * values are finite numbers, names are unique across dimensions, metrics and properties, at most 30
 * dimensions, dimension values non-empty and at most 1,024 characters. More than 100 metrics (the
 * limit of one directive) are split over several directives sharing the root values.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">EMF
 *     specification</a>
 */
public final class Emf {
  public static final String NAMESPACE = "Recon";

  /**
   * The tenant dimension (DESIGN §10). A line that has it also carries the dimension set without
   * it, so every metric exists per tenant and over all tenants (the alarms watch the latter).
   */
  public static final String TENANT = "Tenant";

  public static final String COUNT = "Count";
  public static final String BYTES = "Bytes";
  public static final String MILLISECONDS = "Milliseconds";
  public static final String SECONDS = "Seconds";
  public static final String PERCENT = "Percent";

  /** CloudWatch's unit for a plain number (dollars have no unit of their own). */
  public static final String NONE = "None";

  public static final int MAX_METRICS_PER_DIRECTIVE = 100;
  public static final int MAX_DIMENSIONS = 30;
  public static final int MAX_DIMENSION_VALUE_CHARS = 1024;

  private static final JsonFactory JSON = new JsonFactory();

  private Emf() {}

  /** One metric value. */
  public record Metric(String name, String unit, double value) {
    public Metric {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(unit, "unit");
      if (name.isEmpty() || name.length() > 255) {
        throw new IllegalArgumentException("metric name must be 1..255 characters: " + name);
      }
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("metric " + name + " is not a finite number: " + value);
      }
    }
  }

  /**
   * @param dimensions the one dimension set, in order (a {@link java.util.LinkedHashMap})
   * @param properties extra root members, strings (searchable in Logs Insights, not metrics)
   */
  public static String line(
      String namespace,
      Map<String, String> dimensions,
      List<Metric> metrics,
      Map<String, String> properties,
      Instant timestamp) {
    Objects.requireNonNull(namespace, "namespace");
    if (dimensions.size() > MAX_DIMENSIONS) {
      throw new IllegalArgumentException(
          "at most " + MAX_DIMENSIONS + " dimensions: " + dimensions.keySet());
    }
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("an EMF line needs at least one metric");
    }
    Set<String> names = new HashSet<>(List.of("_aws"));
    dimensions.forEach(
        (k, v) -> {
          if (v == null || v.isEmpty() || v.length() > MAX_DIMENSION_VALUE_CHARS) {
            throw new IllegalArgumentException(
                "dimension "
                    + k
                    + " needs a value of 1.."
                    + MAX_DIMENSION_VALUE_CHARS
                    + " characters");
          }
          unique(names, k);
        });
    metrics.forEach(m -> unique(names, m.name()));
    properties.keySet().forEach(k -> unique(names, k));

    StringWriter out = new StringWriter(256 + 64 * metrics.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("_aws");
      g.writeNumberField("Timestamp", timestamp.toEpochMilli());
      g.writeArrayFieldStart("CloudWatchMetrics");
      for (int from = 0; from < metrics.size(); from += MAX_METRICS_PER_DIRECTIVE) {
        g.writeStartObject();
        g.writeStringField("Namespace", namespace);
        g.writeArrayFieldStart("Dimensions");
        g.writeStartArray();
        for (String d : dimensions.keySet()) {
          g.writeString(d);
        }
        g.writeEndArray();
        if (dimensions.containsKey(TENANT)) {
          g.writeStartArray();
          for (String d : dimensions.keySet()) {
            if (!d.equals(TENANT)) {
              g.writeString(d);
            }
          }
          g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("Metrics");
        for (Metric m :
            metrics.subList(from, Math.min(metrics.size(), from + MAX_METRICS_PER_DIRECTIVE))) {
          g.writeStartObject();
          g.writeStringField("Name", m.name());
          g.writeStringField("Unit", m.unit());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      for (Map.Entry<String, String> d : dimensions.entrySet()) {
        g.writeStringField(d.getKey(), d.getValue());
      }
      for (Map.Entry<String, String> p : properties.entrySet()) {
        g.writeStringField(p.getKey(), p.getValue());
      }
      for (Metric m : metrics) {
        double v = m.value();
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
          g.writeNumberField(m.name(), (long) v);
        } else {
          g.writeNumberField(m.name(), v);
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void unique(Set<String> names, String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("name used twice in one EMF line: " + name);
    }
  }

  /** A list builder for metrics, in the order they are added. */
  public static List<Metric> metrics() {
    return new ArrayList<>();
  }
}
