package dev.recon.cli.serve;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.cost.BatchCost;
import dev.recon.core.cost.CostService;
import dev.recon.core.model.LedgerRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/batches}: the status page's data as JSON, for scripts and dashboards.
 *
 * <pre>
 * {"generatedAt":"…","inputs":{"registered":12,"pending":2},"backlog":{"inputs":3,"bytes":5120,"ageSeconds":95},
 *  "stateful":{"total":3,"batches":[{"kind":"STATEFUL","id":"0000000003","sequence":3,"status":"EXECUTING",
 *     "createdAt":"…","updatedAt":"…","startedAt":"…","finishedAt":null,"durationMs":1200,
 *     "stages":{"prefetch":"SUCCESS","process":"EXECUTING","index":null},"metrics":{"prefetch":{…}},
 *     "tenant":"default","costUsd":"0.0360050000","cost":{"s3":"…","dynamodb":"…","lambda":"…","emr":"…",
 *     "priceTable":"aws-on-demand-us-east-1 us-east-1 2024-11-01"},"counts":{…},"attributes":{…}}]},
 *  "stateless":{"total":4,"batches":[…]}}
 * </pre>
 *
 * Batches are newest first; {@code metrics} are each stage's ({@link MetricsJson}); {@code counts}
 * and {@code attributes} are the ledger record's, complete; {@code costUsd} (a decimal string,
 * exact) and {@code cost} are the estimate the batch recorded when it finished, null before.
 */
final class BatchesJson {
  private static final JsonFactory JSON = new JsonFactory();

  private BatchesJson() {}

  static byte[] encode(BatchReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("generatedAt", report.generatedAt().toString());
      g.writeObjectFieldStart("inputs");
      g.writeNumberField("registered", report.inputsRegistered());
      g.writeNumberField("pending", report.inputsPending());
      g.writeEndObject();
      MetricsJson.writeBacklog(g, report.backlog());
      g.writeNumberField("configVersion", report.config().version());
      section(g, "stateful", report.stateful());
      section(g, "stateless", report.stateless());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void section(JsonGenerator g, String name, BatchReport.Section section)
      throws IOException {
    g.writeObjectFieldStart(name);
    g.writeNumberField("total", section.total());
    g.writeArrayFieldStart("batches");
    for (BatchReport.Batch b : section.batches()) {
      LedgerRecord r = b.record();
      g.writeStartObject();
      g.writeStringField("kind", r.kind().name());
      g.writeStringField("id", r.id());
      g.writeNumberField("sequence", r.sequence());
      g.writeStringField("status", r.status().name());
      g.writeStringField("createdAt", r.createdAt().toString());
      g.writeStringField("updatedAt", r.updatedAt().toString());
      g.writeStringField("startedAt", b.startedAt().map(Object::toString).orElse(null));
      g.writeStringField("finishedAt", b.finishedAt().map(Object::toString).orElse(null));
      if (b.duration().isPresent()) {
        g.writeNumberField("durationMs", b.duration().get().toMillis());
      } else {
        g.writeNullField("durationMs");
      }
      g.writeObjectFieldStart("stages");
      for (Map.Entry<String, String> s : b.stages().entrySet()) {
        g.writeStringField(s.getKey(), s.getValue());
      }
      g.writeEndObject();
      MetricsJson.writeStages(g, b.metrics());
      g.writeStringField("tenant", BatchCost.tenantOf(r));
      Optional<Long> config = TenantConfigs.shownVersionOf(r);
      if (config.isPresent()) {
        g.writeNumberField("configVersion", config.get());
      } else {
        g.writeNullField("configVersion");
      }
      var cost = BatchCost.fromLedger(r);
      if (cost.isPresent()) {
        g.writeStringField("costUsd", cost.get().total().toPlainString());
        g.writeObjectFieldStart("cost");
        for (CostService s : CostService.values()) {
          g.writeStringField(s.key(), cost.get().get(s).toPlainString());
        }
        g.writeStringField("priceTable", cost.get().priceTable());
        g.writeEndObject();
      } else {
        g.writeNullField("costUsd");
        g.writeNullField("cost");
      }
      g.writeObjectFieldStart("counts");
      for (Map.Entry<String, Long> c : r.counts().entrySet()) {
        g.writeNumberField(c.getKey(), c.getValue());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> a : r.attributes().entrySet()) {
        g.writeStringField(a.getKey(), a.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
