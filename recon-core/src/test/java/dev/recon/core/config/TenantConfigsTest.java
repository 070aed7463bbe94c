package dev.recon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import dev.recon.core.testing.InMemoryBatchLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantConfigsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private final InMemoryBatchLedger shared = new InMemoryBatchLedger();
  private final BatchLedger acme = Tenants.scope(shared, TenantId.of("acme"));
  private final TenantConfigs configs = new TenantConfigs(acme, Clock.fixed(T0, ZoneOffset.UTC));

  private static TenantConfig tolerance(String t) {
    return new TenantConfig(null, null, null, new BigDecimal(t), null, null);
  }

  @Test
  void current_shouldBeVersionZero_whenNothingWasSet() {
    assertThat(configs.current()).isEqualTo(TenantConfigs.Version.NONE);
    assertThat(configs.history()).isEmpty();
  }

  @Test
  void set_shouldRecordEachVersionWithWhoWhenAndWhatChanged() {
    // GIVEN two changes by two people
    configs.set(
        0, tolerance("0.05").with(new TenantConfig(1000L, null, null, null, null, null)), "ann");
    TenantConfigs.Version v2 =
        configs.set(
            1,
            new TenantConfig(null, null, Duration.ofDays(10), new BigDecimal("0.01"), null, "r-7"),
            "bob");
    // THEN version 2 holds version 1's values with bob's on top, and the audit of each change
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.config())
        .isEqualTo(
            new TenantConfig(
                1000L, null, Duration.ofDays(10), new BigDecimal("0.01"), null, "r-7"));
    assertThat(v2.actor()).isEqualTo("bob");
    assertThat(v2.at()).isEqualTo(T0);
    assertThat(v2.changes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "tolerance", "0.05 → 0.01",
                "agingThreshold", "unset → PT240H",
                "rules", "unset → r-7"));
    assertThat(configs.current()).isEqualTo(v2);
    assertThat(configs.history())
        .extracting(TenantConfigs.Version::actor)
        .containsExactly("ann", "bob");
    // AND version 1 is unchanged (immutable)
    TenantConfigs.Version v1 = configs.version(1).orElseThrow();
    assertThat(v1.config().tolerance()).isEqualByComparingTo("0.05");
    assertThat(v1.changes()).containsEntry("maxEvents", "unset → 1000");
    // AND it lives in the tenant's ledger only
    assertThat(Tenants.scope(shared, TenantId.DEFAULT).list(BatchKind.CONFIG)).isEmpty();
    assertThat(Tenants.configuredOrKnown(shared)).contains(TenantId.of("acme"), TenantId.DEFAULT);
  }

  @Test
  void set_shouldRefuseAStaleWriter_andKeepTheWinnersVersion() {
    // GIVEN two writers that both read version 0
    configs.set(0, tolerance("0.05"), "ann");
    // WHEN the second one writes on top of version 0
    assertThatThrownBy(() -> configs.set(0, tolerance("0.10"), "bob"))
        .isInstanceOf(TenantConfigs.StaleConfigException.class)
        .hasMessageContaining("version 1 exists now")
        .satisfies(
            e -> assertThat(((TenantConfigs.StaleConfigException) e).current()).isEqualTo(1));
    // THEN nothing of bob's is stored and ann's version is current
    assertThat(configs.current().actor()).isEqualTo("ann");
    assertThat(configs.history()).hasSize(1);
  }

  @Test
  void set_shouldCompleteAnInterruptedChange_andRefuseItsOwn() {
    // GIVEN a writer that created version 1 and died before moving the pointer
    acme.create(
        LedgerRecord.create(BatchKind.CONFIG, Layout.seq(1), 1, BatchStatus.SUCCESS, T0)
            .withAttributes(Map.of("tolerance", "0.02", "actor", "ann")));
    assertThat(configs.current().version()).isZero();
    // WHEN another change is based on version 0
    assertThatThrownBy(() -> configs.set(0, tolerance("0.10"), "bob"))
        .isInstanceOf(TenantConfigs.StaleConfigException.class);
    // THEN ann's version became current, bob's was not written
    assertThat(configs.current().version()).isEqualTo(1);
    assertThat(configs.current().config().tolerance()).isEqualByComparingTo("0.02");
  }

  @Test
  void set_shouldRefuseAChangeThatChangesNothing() {
    configs.set(0, tolerance("0.05"), "ann");
    assertThatThrownBy(() -> configs.set(1, tolerance("0.050"), "ann"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing to change");
  }

  @Test
  void ofBatch_shouldReadTheVersionTheBatchNames_notTheCurrentOne() {
    configs.set(0, tolerance("0.05"), "ann");
    configs.set(1, tolerance("0"), "bob");
    LedgerRecord batch =
        LedgerRecord.create(BatchKind.STATEFUL, Layout.seq(1), 1, BatchStatus.INITIATED, T0)
            .withAttributes(Map.of(LedgerNames.CONFIG_VERSION, "1"));
    assertThat(configs.ofBatch(batch).config().tolerance()).isEqualByComparingTo("0.05");
    assertThat(
            configs
                .ofBatch(LedgerRecord.create(BatchKind.STATEFUL, "x", 2, BatchStatus.INITIATED, T0))
                .version())
        .isZero();
    LedgerRecord missing = batch.withAttributes(Map.of(LedgerNames.CONFIG_VERSION, "9"));
    assertThatThrownBy(() -> configs.ofBatch(missing)).hasMessageContaining("version 9");
  }

  @Test
  void config_shouldRefuseBadValues() {
    assertThatThrownBy(() -> tolerance("-0.01")).hasMessageContaining("tolerance");
    assertThatThrownBy(() -> new TenantConfig(0L, null, null, null, null, null))
        .hasMessageContaining("max events");
    assertThatThrownBy(() -> new TenantConfig(null, -1L, null, null, null, null))
        .hasMessageContaining("max bytes");
    assertThatThrownBy(() -> new TenantConfig(null, null, Duration.ZERO, null, null, null))
        .hasMessageContaining("aging");
    assertThatThrownBy(() -> new TenantConfig(null, null, null, null, Duration.ofHours(-1), null))
        .hasMessageContaining("lateness");
    assertThatThrownBy(() -> new TenantConfig(null, null, null, null, null, "a b"))
        .hasMessageContaining("rule set");
  }

  @Test
  void applyTo_shouldOverrideOnlyWhatIsSet() {
    RulesConfig r =
        new TenantConfig(null, null, Duration.ofDays(3), null, null, null)
            .applyTo(RulesConfig.DEFAULTS.withTolerance(new BigDecimal("0.5")));
    assertThat(r.tolerance()).isEqualByComparingTo("0.5");
    assertThat(r.agingThreshold()).isEqualTo(Duration.ofDays(3));
    assertThat(TenantConfig.fromAttributes(tolerance("0.25").toAttributes()))
        .isEqualTo(tolerance("0.25"));
  }
}
