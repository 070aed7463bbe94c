package dev.recon.cli.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.recon.core.metrics.Backlog;
import dev.recon.core.metrics.IoMetric;
import dev.recon.core.metrics.StageMetrics;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Stage metrics and the backlog as JSON, written the same way by {@code /api/batches} and {@code
 * recon status --json}:
 *
 * <pre>
 * "metrics":{"reduce":{"eventsIn":8,"eventsOut":4,"quarantined":3,"quarantinedByReason":{"MALFORMED_JSON":1,…},
 *            "durationMs":812,"cacheHitRatio":null,"s3GetRequests":3,"s3PutRequests":7,…}}
 * "backlog":{"inputs":2,"bytes":5120,"ageSeconds":95}
 * </pre>
 *
 * Ratios are fractions (0..1), null when undefined (nothing looked up).
 */
public final class MetricsJson {
  private MetricsJson() {}

  /** {@code "metrics":{stage:{…},…}} for the stages that recorded metrics, in pipeline order. */
  public static void writeStages(JsonGenerator g, List<StageMetrics> stages) throws IOException {
    g.writeObjectFieldStart("metrics");
    for (StageMetrics m : stages) {
      g.writeObjectFieldStart(m.stage());
      g.writeNumberField(StageMetrics.EVENTS_IN, m.eventsIn());
      g.writeNumberField(StageMetrics.EVENTS_OUT, m.eventsOut());
      g.writeNumberField(StageMetrics.QUARANTINED, m.quarantinedTotal());
      g.writeObjectFieldStart("quarantinedByReason");
      for (Map.Entry<String, Long> q : m.quarantined().entrySet()) {
        g.writeNumberField(q.getKey(), q.getValue());
      }
      g.writeEndObject();
      g.writeNumberField(StageMetrics.DURATION_MS, m.durationMs());
      ratio(g, "quarantineRatio", m.quarantineRatio());
      ratio(g, "cacheHitRatio", m.cacheHitRatio());
      for (IoMetric x : IoMetric.values()) {
        g.writeNumberField(x.key(), m.io().get(x));
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  public static void writeBacklog(JsonGenerator g, Backlog b) throws IOException {
    g.writeObjectFieldStart("backlog");
    g.writeNumberField("inputs", b.inputs());
    g.writeNumberField("bytes", b.bytes());
    g.writeNumberField("ageSeconds", b.age().getSeconds());
    g.writeEndObject();
  }

  private static void ratio(JsonGenerator g, String name, OptionalDouble r) throws IOException {
    if (r.isPresent()) {
      g.writeNumberField(name, r.getAsDouble());
    } else {
      g.writeNullField(name);
    }
  }
}
