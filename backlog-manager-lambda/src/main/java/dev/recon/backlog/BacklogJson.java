package dev.recon.backlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import java.time.Instant;
import java.util.List;

/**
 * Encodes service results as the JSON the handler returns (and Step Functions reads). Field names
 * are stable API; instants are ISO-8601 strings; absent values are omitted.
 */
public final class BacklogJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BacklogJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode encode(Object result) {
    if (result instanceof InputRegistry.Registration r) {
      return registration(r);
    }
    if (result instanceof StatelessPlanner.Plan p) {
      return statelessPlan(p);
    }
    if (result instanceof StatefulPlanner.Plan p) {
      return statefulPlan(p);
    }
    if (result instanceof LedgerRecord r) {
      return record(r);
    }
    if (result instanceof Completeness.Report r) {
      return completeness(r);
    }
    if (result instanceof Completeness.ThroughReport r) {
      return through(r);
    }
    if (result instanceof LedgerRepair.Report r) {
      return repair(r);
    }
    if (result instanceof StageLocks.BatchGrant g) {
      return batchGrant(g);
    }
    if (result instanceof StageLocks.StageGrant g) {
      return MAPPER.createObjectNode().put("acquired", g.acquired()).put("reason", g.reason());
    }
    throw new IllegalArgumentException("cannot encode " + result.getClass());
  }

  static ObjectNode registration(InputRegistry.Registration r) {
    ObjectNode o = MAPPER.createObjectNode();
    strings(o.putArray("registered"), r.registered());
    strings(o.putArray("alreadyRegistered"), r.alreadyRegistered());
    ArrayNode rejected = o.putArray("rejected");
    for (InputRegistry.Rejected x : r.rejected()) {
      rejected.addObject().put("key", x.key()).put("reason", x.reason());
    }
    return o;
  }

  static ObjectNode statelessPlan(StatelessPlanner.Plan p) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("planned", p.planned());
    if (p.planned()) {
      o.put("statelessBatch", p.statelessBatch());
      strings(o.putArray("inputs"), p.inputs());
      instant(o, "windowStart", p.windowStart());
      instant(o, "windowEnd", p.windowEnd());
      o.put("bytes", p.bytes());
      o.put("events", p.events());
    } else {
      o.put("reason", p.reason());
    }
    o.put("pendingBefore", p.pendingBefore());
    return o;
  }

  static ObjectNode statefulPlan(StatefulPlanner.Plan p) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("planned", p.planned());
    if (p.planned()) {
      o.put("statefulBatch", p.statefulBatch());
      o.put("statelessFrom", p.statelessFrom());
      o.put("statelessTo", p.statelessTo());
      instant(o, "windowEnd", p.windowEnd());
      o.put("events", p.events());
    } else {
      o.put("reason", p.reason());
    }
    return o;
  }

  static ObjectNode batchGrant(StageLocks.BatchGrant g) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("planned", g.planned());
    o.put("reason", g.reason());
    if (g.planned()) {
      LedgerRecord n = g.batch();
      o.put("statefulBatch", n.sequence());
      o.put("statelessFrom", Long.parseLong(n.attribute(LedgerNames.STATELESS_FROM)));
      o.put("statelessTo", Long.parseLong(n.attribute(LedgerNames.STATELESS_TO)));
      o.put("windowEnd", n.attribute(LedgerNames.WINDOW_END));
      o.put("attempts", n.count(BacklogNames.ATTEMPTS));
    }
    if (g.blockedBy() != null) {
      o.put("blockedBy", g.blockedBy());
    }
    if (g.detail() != null) {
      o.put("detail", g.detail());
    }
    return o;
  }

  static ObjectNode record(LedgerRecord r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("kind", r.kind().name());
    o.put("id", r.id());
    o.put("sequence", r.sequence());
    o.put("status", r.status().name());
    o.put("createdAt", r.createdAt().toString());
    o.put("updatedAt", r.updatedAt().toString());
    o.put("revision", r.revision());
    ObjectNode counts = o.putObject("counts");
    r.counts().forEach(counts::put);
    ObjectNode attributes = o.putObject("attributes");
    r.attributes().forEach(attributes::put);
    if (r.kind() == BatchKind.STATELESS && r.attribute(LedgerNames.INPUTS) != null) {
      strings(o.putArray("inputs"), InputLists.decode(r.attribute(LedgerNames.INPUTS)));
    }
    return o;
  }

  static ObjectNode completeness(Completeness.Report r) {
    ObjectNode o = MAPPER.createObjectNode();
    instant(o, "from", r.from());
    instant(o, "to", r.to());
    o.put("complete", r.complete());
    o.put("inputsConsidered", r.inputsConsidered());
    o.put("inputsInWindow", r.inputsInWindow());
    o.put("reflected", r.reflected());
    instant(o, "registeredThrough", r.registeredThrough());
    ArrayNode missing = o.putArray("missing");
    for (Completeness.Missing m : r.missing()) {
      ObjectNode x = missing.addObject();
      x.put("input", m.input());
      instant(x, "windowStart", m.windowStart());
      instant(x, "windowEnd", m.windowEnd());
      x.put("inWindow", m.inWindow());
      x.put("stage", m.stage().name());
      if (m.statelessBatch() != null) {
        x.put("statelessBatch", m.statelessBatch());
        x.put("statelessStatus", m.statelessStatus());
      }
      if (m.statefulBatch() != null) {
        x.put("statefulBatch", m.statefulBatch());
        x.put("statefulStatus", m.statefulStatus());
      }
    }
    return o;
  }

  /**
   * {@code through}, {@code complete} (both answers), {@code ledgerComplete}, {@code
   * watermarkComplete}, {@code allowedLateness}, {@code source} and {@code unknownSource} when one
   * was named, {@code sources} (per source: {@code maxEventTime}, {@code watermark}, {@code
   * events}, {@code batches}, {@code covered}), then the ledger's answer as for a window ({@code
   * inputsConsidered}, {@code reflected}, {@code registeredThrough}, {@code missing}).
   */
  static ObjectNode through(Completeness.ThroughReport r) {
    ObjectNode o = MAPPER.createObjectNode();
    instant(o, "through", r.through());
    o.put("complete", r.complete());
    o.put("ledgerComplete", r.ledger().complete());
    o.put("watermarkComplete", r.watermark().covered());
    o.put("allowedLateness", r.watermark().allowedLateness().toString());
    if (r.watermark().source() != null) {
      o.put("source", r.watermark().source());
      o.put("unknownSource", r.watermark().unknownSource());
    }
    ArrayNode sources = o.putArray("sources");
    for (dev.recon.core.watermark.SourceWatermark w : r.watermark().sources()) {
      ObjectNode x = sources.addObject();
      x.put("source", w.source());
      instant(x, "maxEventTime", w.maxEventTime());
      instant(x, "watermark", w.watermark());
      x.put("events", w.events());
      x.put("batches", w.batches());
      x.put("covered", w.covers(r.through()));
    }
    ObjectNode ledger = completeness(r.ledger());
    ledger.remove(List.of("from", "to", "complete", "inputsInWindow"));
    o.setAll(ledger);
    return o;
  }

  static ObjectNode repair(LedgerRepair.Report r) {
    ObjectNode o = MAPPER.createObjectNode();
    strings(o.putArray("finishedPlans"), r.finishedPlans());
    strings(o.putArray("cancelledPlans"), r.cancelledPlans());
    strings(o.putArray("releasedInputs"), r.releasedInputs());
    strings(o.putArray("completedInputs"), r.completedInputs());
    return o;
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  private static void instant(ObjectNode o, String name, Instant t) {
    if (t != null) {
      o.put(name, t.toString());
    }
  }
}
