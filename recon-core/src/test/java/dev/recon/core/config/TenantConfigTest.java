package dev.recon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantConfigTest {

  private static TenantConfig rules(String reference) {
    return new TenantConfig(null, null, null, null, null, reference);
  }

  @Test
  void rules_shouldAcceptEveryPrintableAsciiCharacter_andRefuseSpaceAndDelete() {
    // GIVEN the first and last printable, non-space ASCII characters (0x21 '!', 0x7e '~')
    assertThat(rules("!").rules()).isEqualTo("!");
    assertThat(rules("~").rules()).isEqualTo("~");
    assertThat(rules("rule-sets/acme@3").rules()).isEqualTo("rule-sets/acme@3");
    // THEN the characters just outside (0x20 space, 0x7f DEL) and non-ASCII are refused
    for (String bad : new String[] {"a b", "a\u007fb", "\u007f", "a\u00e9", "a\tb"}) {
      assertThatThrownBy(() -> rules(bad))
          .as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("printable ASCII");
    }
  }

  @Test
  void rules_shouldAcceptUpTo200Characters_andRefuseMoreOrBlank() {
    assertThat(rules("r".repeat(200)).rules()).hasSize(200);
    assertThatThrownBy(() -> rules("r".repeat(201)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 200");
    assertThatThrownBy(() -> rules(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void applyTo_shouldGiveTheDeploymentSettingsTheTenantsRulesAndLateness() {
    // GIVEN a deployment with its own tolerance and lateness
    ReconSettings deployment =
        ReconSettings.builder()
            .bucket("shared")
            .rules(RulesConfig.DEFAULTS.withTolerance(new BigDecimal("0.50")))
            .allowedLateness(Duration.ofHours(2))
            .build();
    // WHEN a tenant sets its aging threshold and lateness (not its tolerance)
    ReconSettings s =
        new TenantConfig(null, null, Duration.ofDays(3), null, Duration.ofMinutes(30), null)
            .applyTo(deployment);
    // THEN those two are the tenant's, everything else the deployment's
    assertThat(s.rules().agingThreshold()).isEqualTo(Duration.ofDays(3));
    assertThat(s.allowedLateness()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.rules().tolerance()).isEqualByComparingTo("0.50");
    assertThat(s.bucket()).isEqualTo("shared");
    assertThat(s.rules().maxEventTimeSkew()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void applyTo_shouldKeepTheDeploymentsLateness_whenTheTenantSetsNone() {
    ReconSettings deployment = ReconSettings.builder().allowedLateness(Duration.ofHours(2)).build();
    ReconSettings s =
        new TenantConfig(null, null, null, new BigDecimal("0.01"), null, null).applyTo(deployment);
    assertThat(s.allowedLateness()).isEqualTo(Duration.ofHours(2));
    assertThat(s.rules().tolerance()).isEqualByComparingTo("0.01");
    assertThat(s.rules().agingThreshold()).isEqualTo(Duration.ofDays(30));
    assertThat(TenantConfig.NONE.applyTo(deployment)).isEqualTo(deployment);
  }

  @Test
  void attributes_shouldRoundTripEveryValue_andLeaveOutTheUnset() {
    TenantConfig all =
        new TenantConfig(
            500L,
            1_000_000L,
            Duration.ofDays(10),
            new BigDecimal("0.010"),
            Duration.ofMinutes(15),
            "r-1");
    assertThat(all.toAttributes())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "agingThreshold", "PT240H",
                    "allowedLateness", "PT15M",
                    "maxBytes", "1000000",
                    "maxEvents", "500",
                    "rules", "r-1",
                    "tolerance", "0.010")));
    assertThat(TenantConfig.fromAttributes(all.toAttributes())).isEqualTo(all);
    assertThat(new TenantConfig(7L, null, null, null, null, null).toAttributes())
        .containsExactly(Map.entry("maxEvents", "7"));
    assertThatThrownBy(() -> TenantConfig.fromAttributes(Map.of("maxEvents", "many")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unreadable");
  }
}
