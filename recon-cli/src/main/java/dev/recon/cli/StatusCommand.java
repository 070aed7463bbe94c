package dev.recon.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.backlog.Completeness;
import dev.recon.cli.serve.MetricsJson;
import dev.recon.cli.serve.MetricsText;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.contract.CountNames;
import dev.recon.core.cost.BatchCost;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.metrics.Backlog;
import dev.recon.core.metrics.StageMetrics;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.tenant.TenantId;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    description =
        "Batches with their stages, statuses, counts and per-stage metrics, and the backlog.")
final class StatusCommand implements Callable<Integer> {
  @Mixin HomeOption home;

  @Option(
      names = "--json",
      description = "One JSON object with every input, stateless and stateful batch.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (LocalSession session = LocalSession.openForReading(home.home(), "status")) {
      java.util.SortedSet<TenantId> tenants = session.tenants(home.named());
      if (json) {
        ObjectMapper m = new ObjectMapper();
        TenantId first = home.named().orElse(TenantId.DEFAULT);
        ObjectNode root = tenantJson(m, session.tenant(first));
        if (home.named().isEmpty()) {
          ArrayNode all = root.putArray("tenants");
          for (TenantId t : tenants) {
            all.add(tenantJson(m, session.tenant(t)));
          }
        }
        System.out.println(m.writeValueAsString(root));
        return Exit.OK;
      }
      for (TenantId t : tenants) {
        if (tenants.size() > 1 || !t.isDefault()) {
          System.out.println("tenant " + t + ":");
        }
        printTenant(session.tenant(t));
      }
    }
    return Exit.OK;
  }

  /**
   * The tenant's backlog, inputs, stateless and stateful batches as one object (the shape of {@code
   * status --json}).
   */
  private static ObjectNode tenantJson(ObjectMapper m, LocalSession session) throws IOException {
    var ledger = TenantLabels.of(session.clients().batchLedger(), session.tenant());
    Backlog backlog = new Completeness(ledger).backlog(Instant.now());
    ObjectNode root = m.createObjectNode();
    root.put("tenant", session.tenant().value());
    root.put("configVersion", new TenantConfigs(ledger).current().version());
    root.set("backlog", tree(m, g -> MetricsJson.writeBacklog(g, backlog)).get("backlog"));
    root.set("inputs", records(m, ledger.list(BatchKind.INPUT)));
    root.set("stateless", records(m, ledger.list(BatchKind.STATELESS)));
    root.set("stateful", records(m, ledger.list(BatchKind.STATEFUL)));
    return root;
  }

  private static void printTenant(LocalSession session) {
    {
      var ledger = session.clients().batchLedger();
      List<LedgerRecord> inputs = ledger.list(BatchKind.INPUT);
      List<LedgerRecord> stateless = ledger.list(BatchKind.STATELESS);
      List<LedgerRecord> stateful = ledger.list(BatchKind.STATEFUL);
      Backlog backlog = new Completeness(ledger).backlog(Instant.now());
      long pending =
          inputs.stream()
              .filter(r -> r.status() == dev.recon.core.model.BatchStatus.INITIATED)
              .count();
      System.out.printf("inputs: %d registered, %d pending%n", inputs.size(), pending);
      System.out.println(configLine(new TenantConfigs(ledger).current()));
      System.out.println(MetricsText.backlog(backlog));
      System.out.println("stateless batches:");
      for (LedgerRecord r : stateless) {
        System.out.printf(
            "  S%-6s %-9s read %d accepted %d duplicates %d quarantined %d keys %d  config %s  cost %s%n",
            r.sequence(),
            r.status(),
            r.count(LedgerNames.READ),
            r.count(LedgerNames.ACCEPTED),
            r.count(LedgerNames.DUPLICATES),
            r.count(LedgerNames.QUARANTINED),
            r.count(LedgerNames.KEYS),
            config(r),
            cost(r));
        printMetrics(r);
      }
      System.out.println("stateful batches:");
      for (LedgerRecord r : stateful) {
        System.out.println(statefulLine(r));
        printMetrics(r);
      }
      System.out.println(censusLine(stateful));
    }
  }

  /**
   * The artifact census of the newest stateful batch that kept one ({@link
   * dev.recon.core.contract.ArtifactCensus}: each artifact's status as stored with its newest
   * version), or why there is none.
   */
  static String censusLine(List<LedgerRecord> stateful) {
    return dev.recon.core.contract.ArtifactCensus.newest(stateful)
        .map(
            c ->
                String.format(
                    "artifacts at their newest version through stateful batch %s: OPEN %d, AGED %d,"
                        + " RECONCILED %d (status as stored with each version; recon report ages"
                        + " them again)",
                    c.batch().id(),
                    c.census().of(dev.recon.core.model.ArtifactStatus.OPEN),
                    c.census().of(dev.recon.core.model.ArtifactStatus.AGED),
                    c.census().of(dev.recon.core.model.ArtifactStatus.RECONCILED)))
        .orElse("artifacts: not counted yet (no stateful batch kept a census)");
  }

  /**
   * One stateful batch. Its duplicates are events already in an artifact's history (re-sent in a
   * later input batch): the stateless line's duplicates are only those within one batch.
   */
  static String statefulLine(LedgerRecord r) {
    return String.format(
        "  N%-6s %-9s stateless %s..%s  prefetch %s process %s index %s  asOf %s  config %s  cost %s%n"
            + "          applied %d duplicates %d (already in history) quarantined %d",
        r.sequence(),
        r.status(),
        r.attribute(LedgerNames.STATELESS_FROM),
        r.attribute(LedgerNames.STATELESS_TO),
        stage(r, LedgerNames.STAGE_PREFETCH),
        stage(r, LedgerNames.STAGE_PROCESS),
        stage(r, LedgerNames.STAGE_INDEX),
        r.attribute(LedgerNames.WINDOW_END),
        config(r),
        cost(r),
        r.count(CountNames.process(CountNames.APPLIED)),
        r.count(CountNames.process(CountNames.DUPLICATES)),
        r.count(CountNames.process(CountNames.QUARANTINED)));
  }

  /** The tenant's current configuration version, who set it and when. */
  static String configLine(TenantConfigs.Version v) {
    return v.version() == 0
        ? "configuration: version 0 (deployment settings)"
        : "configuration: version " + v.version() + " (set by " + v.actor() + " at " + v.at() + ")";
  }

  /**
   * The configuration version a batch ran with ({@code v0}: none named, deployment settings; {@code
   * v?}: the ledger holds something else), read as the status page reads it.
   */
  static String config(LedgerRecord r) {
    return TenantConfigs.shownVersionOf(r).map(v -> "v" + v).orElse("v?");
  }

  /**
   * The batch's recorded cost, or "-" while it has none (running, or finished before estimates).
   */
  static String cost(LedgerRecord r) {
    return BatchCost.fromLedger(r).map(c -> BatchCost.display(c.total())).orElse("-");
  }

  private static void printMetrics(LedgerRecord r) {
    for (StageMetrics m : StageMetrics.allFromLedger(r)) {
      System.out.println("          " + MetricsText.stage(m));
    }
  }

  private interface JsonWriter {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * What {@code writer} writes inside one object, as a tree (the writers are shared with {@code
   * /api/batches}).
   */
  private static JsonNode tree(ObjectMapper m, JsonWriter writer) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = m.getFactory().createGenerator(out)) {
      g.writeStartObject();
      writer.write(g);
      g.writeEndObject();
    }
    return m.readTree(out.toString());
  }

  private static String stage(LedgerRecord r, String name) {
    String v = r.attribute(LedgerNames.stage(name));
    return v == null ? "-" : v;
  }

  private static ArrayNode records(ObjectMapper m, List<LedgerRecord> records) throws IOException {
    ArrayNode out = m.createArrayNode();
    for (LedgerRecord r : records) {
      ObjectNode o = out.addObject();
      o.put("kind", r.kind().name());
      o.put("id", r.id());
      o.put("sequence", r.sequence());
      o.put("status", r.status().name());
      o.put("createdAt", r.createdAt().toString());
      o.put("updatedAt", r.updatedAt().toString());
      o.put("tenant", BatchCost.tenantOf(r));
      TenantConfigs.shownVersionOf(r)
          .ifPresentOrElse(v -> o.put("configVersion", v), () -> o.putNull("configVersion"));
      var cost = BatchCost.fromLedger(r);
      if (cost.isPresent()) {
        o.put("costUsd", cost.get().total().toPlainString());
      } else {
        o.putNull("costUsd");
      }
      o.set(
          "metrics",
          tree(m, g -> MetricsJson.writeStages(g, StageMetrics.allFromLedger(r))).get("metrics"));
      ObjectNode counts = o.putObject("counts");
      for (Map.Entry<String, Long> c : r.counts().entrySet()) {
        counts.put(c.getKey(), c.getValue());
      }
      ObjectNode attributes = o.putObject("attributes");
      r.attributes().forEach(attributes::put);
    }
    return out;
  }
}
