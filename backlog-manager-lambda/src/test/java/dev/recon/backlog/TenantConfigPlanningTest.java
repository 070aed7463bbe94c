package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.TenantConfig;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.InMemoryObjectStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backlog manager plans with the tenant's configuration and records its version. */
class TenantConfigPlanningTest {
  private final Scenario sc = new Scenario();
  private final InMemoryBatchLedger ledger = sc.ledger;
  private final InMemoryObjectStore store = sc.store;
  private final MutableClock clock = sc.clock;
  private final BacklogService service = sc.service;
  private final TenantConfigs configs = new TenantConfigs(ledger, clock);

  private List<String> landAndRegister(int n, int size) {
    List<String> keys = Landing.hourly(store, n, size);
    for (String k : keys) {
      service.registry().register(List.of(k));
    }
    return keys;
  }

  private StatelessPlanner.Plan planAsTheWorkflowDoes() {
    return (StatelessPlanner.Plan)
        service.handle(
            BacklogRequests.decode(Fixtures.parse("{\"action\":\"planStateless\"}"), "b", ""));
  }

  @Test
  void planStateless_shouldUseTheTenantsLimits_andRecordTheVersion() {
    // GIVEN ten inputs of 250 bytes (~5 events each) and a configured limit of 2 inputs' events
    landAndRegister(10, 250);
    long perInput = ledger.list(BatchKind.INPUT).get(0).count(LedgerNames.EVENTS);
    configs.set(0, new TenantConfig(2 * perInput, null, null, null, null, null), "ann");

    // WHEN the workflow's Plan task (no limits named) plans
    StatelessPlanner.Plan p = planAsTheWorkflowDoes();

    // THEN the run is sized by the tenant's configuration, and says which version it used
    assertThat(p.inputs()).hasSize(2);
    LedgerRecord s = ledger.get(BatchKind.STATELESS, "0000000001").orElseThrow();
    assertThat(s.attribute(LedgerNames.CONFIG_VERSION)).isEqualTo("1");

    // AND with nothing configured the default limits take the rest in one run, version 0
    TenantConfigs other = new TenantConfigs(new InMemoryBatchLedger(), clock);
    assertThat(other.current().version()).isZero();
    configs.set(1, new TenantConfig(1_000_000L, null, null, null, null, null), "bob");
    assertThat(planAsTheWorkflowDoes().inputs()).hasSize(8);
    assertThat(
            ledger
                .get(BatchKind.STATELESS, "0000000002")
                .orElseThrow()
                .attribute(LedgerNames.CONFIG_VERSION))
        .isEqualTo("2");
  }

  @Test
  void plans_shouldNeverMixVersions_andStatefulBatchesKeepTheirStatelessVersion() {
    // GIVEN four inputs; the last two are pinned to version 1 (a replay), the first two are not
    List<String> keys = landAndRegister(4, 100);
    configs.set(0, new TenantConfig(null, null, Duration.ofDays(5), null, null, null), "ann");
    configs.set(1, new TenantConfig(null, null, Duration.ofDays(9), null, null, null), "bob");
    for (String k : keys.subList(2, 4)) {
      LedgerRecord in = ledger.get(BatchKind.INPUT, k).orElseThrow();
      ledger.update(in.withAttributes(Map.of(LedgerNames.CONFIG_VERSION, "1")));
    }

    // WHEN planned twice
    StatelessPlanner.Plan first = planAsTheWorkflowDoes();
    StatelessPlanner.Plan second = planAsTheWorkflowDoes();

    // THEN the current version's inputs form one run and the pinned ones another, in order
    assertThat(first.inputs()).containsExactlyElementsOf(keys.subList(0, 2));
    assertThat(second.inputs()).containsExactlyElementsOf(keys.subList(2, 4));
    assertThat(version(BatchKind.STATELESS, 1)).isEqualTo("2");
    assertThat(version(BatchKind.STATELESS, 2)).isEqualTo("1");

    // AND once both succeeded, the stateful planner does not merge them: one batch per version
    sc.succeed(first, 2);
    sc.succeed(second, 2);
    StatefulPlanner.Plan n1 = service.statefulPlanner().plan(StatefulLimits.DEFAULTS);
    StatefulPlanner.Plan n2 = service.statefulPlanner().plan(StatefulLimits.DEFAULTS);
    assertThat(List.of(n1.statelessFrom(), n1.statelessTo(), n2.statelessFrom(), n2.statelessTo()))
        .containsExactly(1L, 1L, 2L, 2L);
    assertThat(version(BatchKind.STATEFUL, 1)).isEqualTo("2");
    assertThat(version(BatchKind.STATEFUL, 2)).isEqualTo("1");
  }

  private String version(BatchKind kind, long n) {
    return ledger
        .get(kind, dev.recon.core.layout.Layout.seq(n))
        .orElseThrow()
        .attribute(LedgerNames.CONFIG_VERSION);
  }
}
