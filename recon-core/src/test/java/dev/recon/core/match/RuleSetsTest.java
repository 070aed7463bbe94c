package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.config.TenantConfig;
import dev.recon.core.config.TenantConfigs;
import dev.recon.core.error.ReconException;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.InMemoryBatchLedger;
import dev.recon.core.testing.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSetsTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();

  @Test
  void storing_the_same_text_twice_gives_one_key_and_an_edit_gives_another() {
    RuleSets.Stored a = RuleSets.store(store, "a.yaml", RuleSetParserTest.DESIGN_EXAMPLE);
    RuleSets.Stored b = RuleSets.store(store, "b.yaml", RuleSetParserTest.DESIGN_EXAMPLE);
    RuleSets.Stored edited =
        RuleSets.store(store, "c.yaml", RuleSetParserTest.DESIGN_EXAMPLE.replace("P3D", "P4D"));

    assertThat(a.key()).isEqualTo(b.key()).matches("config/rules/v3-[0-9a-f]{16}\\.yaml");
    assertThat(edited.key()).isNotEqualTo(a.key()).startsWith("config/rules/v3-");
    assertThat(store.list(RuleSets.PREFIX)).hasSize(2);
    assertThat(RuleSets.versionOfKey(a.key())).isEqualTo(3);
    assertThat(new String(store.get(a.key()), StandardCharsets.UTF_8))
        .isEqualTo(RuleSetParserTest.DESIGN_EXAMPLE);
    assertThat(RuleSets.load(store, a.key()).rules()).isEqualTo(a.rules());
  }

  @Test
  void a_bad_rule_set_is_refused_and_nothing_is_stored() {
    assertThatThrownBy(() -> RuleSets.store(store, "bad.yaml", "version: 1\nrules: []\n"))
        .isInstanceOf(RuleSetException.class)
        .hasMessageContaining("bad.yaml:");
    assertThat(store.list(RuleSets.PREFIX)).isEmpty();
  }

  @Test
  void a_rule_set_changed_in_place_or_missing_or_not_a_key_is_refused() {
    String key = RuleSets.store(store, "a.yaml", RuleSetParserTest.DESIGN_EXAMPLE).key();
    store.put(
        key,
        RuleSetParserTest.DESIGN_EXAMPLE.replace("0.90", "0.10").getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> RuleSets.load(store, key))
        .isInstanceOf(ReconException.class)
        .hasMessageContaining("changed after it was stored");
    assertThatThrownBy(() -> RuleSets.load(store, "config/rules/v1-0123456789abcdef.yaml"))
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> RuleSets.load(store, "rules-2026"))
        .hasMessageContaining("not a stored rule set");
    assertThat(RuleSets.isKey("config/rules/v1-0123456789abcdef.yaml")).isTrue();
    assertThat(RuleSets.isKey("config/rules/v1-0123456789ABCDEF.yaml")).isFalse();
    assertThat(RuleSets.isKey("../config/rules/v1-0123456789abcdef.yaml")).isFalse();
  }

  @Test
  void a_batch_resolves_the_rule_set_of_its_configuration_version_not_the_current_one() {
    InMemoryBatchLedger ledger = new InMemoryBatchLedger();
    TenantConfigs configs = new TenantConfigs(ledger);
    String v3 = RuleSets.store(store, "a.yaml", RuleSetParserTest.DESIGN_EXAMPLE).key();
    String v4 =
        RuleSets.store(
                store,
                "b.yaml",
                RuleSetParserTest.DESIGN_EXAMPLE.replace("version: 3", "version: 4"))
            .key();
    configs.set(0, new TenantConfig(null, null, null, null, null, v3), "ann");
    configs.set(1, new TenantConfig(null, null, null, null, null, v4), "bob");

    LedgerRecord planned1 = batch(1, 1);
    LedgerRecord planned2 = batch(2, 2);
    LedgerRecord before = batch(3, 0);

    assertThat(RuleSets.ofBatch(configs, store, planned1).orElseThrow().rules().version())
        .isEqualTo(3);
    assertThat(RuleSets.ofBatch(configs, store, planned2).orElseThrow().rules().version())
        .isEqualTo(4);
    assertThat(RuleSets.ofBatch(configs, store, before)).isEmpty();
  }

  private static LedgerRecord batch(long s, long configVersion) {
    return LedgerRecord.create(
            BatchKind.STATELESS,
            dev.recon.core.layout.Layout.seq(s),
            s,
            dev.recon.core.model.BatchStatus.INITIATED,
            java.time.Instant.EPOCH)
        .withAttributes(Map.of(LedgerNames.CONFIG_VERSION, Long.toString(configVersion)));
  }
}
