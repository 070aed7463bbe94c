package dev.recon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.core.cost.BatchCost;
import dev.recon.core.cost.CostService;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "cost",
    description = {
      "The estimated dollars of the stateless and stateful batches, summed by service and tenant.",
      "Each batch recorded its estimate when it finished (README, \"Cost\"); batches that finished in"
          + " [--from, --to) count, by their finishedAt. Batches still running, or finished before"
          + " estimates were recorded, are counted as not priced."
    })
final class CostCommand implements Callable<Integer> {
  @Mixin HomeOption home;

  /** The tenant --tenant names (HomeOption), else null: every tenant. */
  private String tenant;

  @Option(names = "--from", paramLabel = "TIME", description = "Batches finished at or after.")
  Instant from;

  @Option(names = "--to", paramLabel = "TIME", description = "Batches finished before.")
  Instant to;

  @Option(names = "--json", description = "One JSON object.")
  boolean json;

  /** What {@code recon cost} prints, summed over the batches that pass the filters. */
  record Summary(
      long stateless,
      long stateful,
      long unpriced,
      BatchCost cost,
      Map<String, BatchCost> byTenant,
      Map<String, Long> batchesByTenant) {}

  /** Sums the recorded costs of the STATELESS and STATEFUL records that pass the filters. */
  static Summary summarise(List<LedgerRecord> batches, String tenant, Instant from, Instant to) {
    long stateless = 0;
    long stateful = 0;
    long unpriced = 0;
    BatchCost sum = BatchCost.ZERO;
    Map<String, BatchCost> byTenant = new TreeMap<>();
    Map<String, Long> countByTenant = new TreeMap<>();
    for (LedgerRecord r : batches) {
      if (r.kind() != BatchKind.STATELESS && r.kind() != BatchKind.STATEFUL) {
        continue;
      }
      String t = BatchCost.tenantOf(r);
      if (tenant != null && !tenant.equals(t)) {
        continue;
      }
      if (from != null || to != null) {
        Instant finished = finishedAt(r);
        if (finished == null
            || (from != null && finished.isBefore(from))
            || (to != null && !finished.isBefore(to))) {
          continue;
        }
      }
      if (r.kind() == BatchKind.STATELESS) {
        stateless++;
      } else {
        stateful++;
      }
      countByTenant.merge(t, 1L, Long::sum);
      var c = BatchCost.fromLedger(r);
      if (c.isEmpty()) {
        unpriced++;
        byTenant.putIfAbsent(t, BatchCost.ZERO);
        continue;
      }
      sum = sum.plus(c.get());
      byTenant.merge(t, c.get(), BatchCost::plus);
    }
    return new Summary(stateless, stateful, unpriced, sum, byTenant, countByTenant);
  }

  private static Instant finishedAt(LedgerRecord r) {
    String v = r.attribute(LedgerNames.FINISHED_AT);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (from != null && to != null && !from.isBefore(to)) {
      System.err.println("recon cost: --from must be before --to");
      return Exit.USAGE;
    }
    List<LedgerRecord> batches = new ArrayList<>();
    if (tenant == null) {
      tenant = home.named().map(t -> t.value()).orElse(null);
    }
    try (LocalSession session = LocalSession.openForReading(home.home(), "cost")) {
      for (dev.recon.core.tenant.TenantId t : session.tenants(home.named())) {
        var ledger = TenantLabels.of(session.sharedClients().forTenant(t).batchLedger(), t);
        batches.addAll(ledger.list(BatchKind.STATELESS));
        batches.addAll(ledger.list(BatchKind.STATEFUL));
      }
    }
    Summary s = summarise(batches, tenant, from, to);
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode o = m.createObjectNode();
      o.put("tenant", tenant);
      o.put("from", from == null ? null : from.toString());
      o.put("to", to == null ? null : to.toString());
      o.put("batches", s.stateless() + s.stateful());
      o.put("stateless", s.stateless());
      o.put("stateful", s.stateful());
      o.put("unpriced", s.unpriced());
      o.put("usd", s.cost().total().toPlainString());
      ObjectNode services = o.putObject("byService");
      for (CostService c : CostService.values()) {
        services.put(c.key(), s.cost().get(c).toPlainString());
      }
      ObjectNode tenants = o.putObject("byTenant");
      s.byTenant().forEach((t, c) -> tenants.put(t, c.total().toPlainString()));
      o.put("priceTables", s.cost().priceTable());
      System.out.println(m.writeValueAsString(o));
      return Exit.OK;
    }
    System.out.printf(
        "cost of %d batches (%d stateless, %d stateful), tenant %s, finished %s%n",
        s.stateless() + s.stateful(),
        s.stateless(),
        s.stateful(),
        tenant == null ? "all" : tenant,
        from == null && to == null
            ? "any time"
            : "in [" + (from == null ? "-" : from) + ", " + (to == null ? "-" : to) + ")");
    System.out.printf("  %-10s %s%n", "total", BatchCost.display(s.cost().total()));
    for (CostService c : CostService.values()) {
      System.out.printf("  %-10s %s%n", c.key(), BatchCost.display(s.cost().get(c)));
    }
    s.byTenant()
        .forEach(
            (t, c) ->
                System.out.printf(
                    "  tenant %s: %s (%d batches)%n",
                    t, BatchCost.display(c.total()), s.batchesByTenant().get(t)));
    if (s.unpriced() > 0) {
      System.out.printf(
          "  not priced: %d batches (still running, or finished before cost estimates were"
              + " recorded)%n",
          s.unpriced());
    }
    System.out.println(
        "  prices: " + (s.cost().priceTable().isEmpty() ? "-" : s.cost().priceTable()));
    return Exit.OK;
  }
}
