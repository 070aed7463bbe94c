package dev.recon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.error.ReconException;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.Tenants;
import dev.recon.core.testing.CountingBatchLedger;
import dev.recon.core.testing.InMemoryBatchLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now;

    ManualClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  /**
   * A ledger that runs {@code race} once, just before the next update of the configuration pointer
   * reaches the store: another writer acting between a writer's two writes.
   */
  private static final class RacingLedger {
    private final CountingBatchLedger ledger;
    private Runnable race;

    RacingLedger(BatchLedger delegate) {
      this.ledger =
          new CountingBatchLedger(delegate)
              .beforeUpdate(
                  (next, n) -> {
                    if (race != null
                        && next.kind() == BatchKind.CONFIG
                        && next.id().equals("current")) {
                      Runnable r = race;
                      race = null;
                      r.run();
                    }
                  });
    }
  }

  @Test
  void set_shouldMoveTheSamePointer_keepingWhenItWasFirstSet() {
    // GIVEN three changes an hour apart
    ManualClock clock = new ManualClock(T0);
    TenantConfigs timed = new TenantConfigs(acme, clock);
    timed.set(0, tolerance("0.01"), "ann");
    clock.advance(Duration.ofHours(1));
    timed.set(1, tolerance("0.02"), "bob");
    clock.advance(Duration.ofHours(1));
    TenantConfigs.Version v3 = timed.set(2, tolerance("0.03"), "cy");
    // THEN each is current in turn, and the pointer is one record, created with version 1
    assertThat(v3.version()).isEqualTo(3);
    assertThat(v3.at()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(timed.current()).isEqualTo(v3);
    LedgerRecord pointer = acme.get(BatchKind.CONFIG, TenantConfigs.CURRENT).orElseThrow();
    assertThat(pointer.sequence()).isEqualTo(3);
    assertThat(pointer.createdAt()).isEqualTo(T0);
    assertThat(pointer.updatedAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(pointer.revision()).isEqualTo(2);
    assertThat(timed.history())
        .extracting(TenantConfigs.Version::version, TenantConfigs.Version::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, T0),
            org.assertj.core.groups.Tuple.tuple(2L, T0.plus(Duration.ofHours(1))),
            org.assertj.core.groups.Tuple.tuple(3L, T0.plus(Duration.ofHours(2))));
  }

  @Test
  void set_shouldKeepItsVersion_whenAnotherWriterMovedThePointerToItFirst() {
    // GIVEN version 1, and ann writing version 2 through a ledger where bob acts in between
    RacingLedger racing = new RacingLedger(acme);
    TenantConfigs ann = new TenantConfigs(racing.ledger, Clock.fixed(T0, ZoneOffset.UTC));
    TenantConfigs bob = new TenantConfigs(acme, Clock.fixed(T0, ZoneOffset.UTC));
    ann.set(0, tolerance("0.05"), "ann");
    racing.race =
        () ->
            // bob, also based on version 1, finds ann's version 2 not yet current: he completes it
            assertThatThrownBy(() -> bob.set(1, tolerance("0.09"), "bob"))
                .isInstanceOf(TenantConfigs.StaleConfigException.class)
                .satisfies(
                    e ->
                        assertThat(((TenantConfigs.StaleConfigException) e).current())
                            .isEqualTo(2));
    // WHEN ann's pointer update loses to bob's
    TenantConfigs.Version v2 = ann.set(1, tolerance("0.07"), "ann");
    // THEN ann's change stands: bob moved the pointer to it
    assertThat(racing.race).isNull();
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.config().tolerance()).isEqualByComparingTo("0.07");
    assertThat(configs.current()).isEqualTo(v2);
    assertThat(configs.history())
        .extracting(TenantConfigs.Version::actor)
        .containsExactly("ann", "ann");
  }

  @Test
  void set_shouldRefuseItsVersionAsStale_whenThePointerMovedPastItMeanwhile() {
    // GIVEN version 1, and while ann writes version 2, bob completes it and cy writes version 3
    RacingLedger racing = new RacingLedger(acme);
    TenantConfigs ann = new TenantConfigs(racing.ledger, Clock.fixed(T0, ZoneOffset.UTC));
    TenantConfigs others = new TenantConfigs(acme, Clock.fixed(T0, ZoneOffset.UTC));
    ann.set(0, tolerance("0.05"), "ann");
    racing.race =
        () -> {
          assertThatThrownBy(() -> others.set(1, tolerance("0.09"), "bob"))
              .isInstanceOf(TenantConfigs.StaleConfigException.class);
          others.set(2, tolerance("0.30"), "cy");
        };
    // WHEN ann's pointer update loses
    // THEN she is told version 3 is current, and it stays cy's
    assertThatThrownBy(() -> ann.set(1, tolerance("0.07"), "ann"))
        .isInstanceOf(TenantConfigs.StaleConfigException.class)
        .hasMessageContaining("version 3 exists now")
        .satisfies(
            e -> assertThat(((TenantConfigs.StaleConfigException) e).current()).isEqualTo(3));
    assertThat(configs.current().version()).isEqualTo(3);
    assertThat(configs.current().actor()).isEqualTo("cy");
    assertThat(configs.version(2).orElseThrow().config().tolerance()).isEqualByComparingTo("0.07");
  }

  @Test
  void current_shouldFailLoudly_whenThePointerNamesAMissingVersion() {
    // GIVEN a pointer to version 4 and no version 4
    acme.create(
        LedgerRecord.create(BatchKind.CONFIG, TenantConfigs.CURRENT, 4, BatchStatus.SUCCESS, T0));
    assertThatThrownBy(configs::current)
        .isInstanceOf(ReconException.class)
        .hasMessage("the configuration pointer names version 4, which is missing");
    assertThatThrownBy(() -> configs.set(4, tolerance("0.01"), "ann"))
        .isInstanceOf(ReconException.class)
        .hasMessage("configuration version 4 is missing");
  }

  @Test
  void set_shouldRefuseAChange_withoutAnActor() {
    assertThatThrownBy(() -> configs.set(0, tolerance("0.01"), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actor");
    assertThatThrownBy(() -> configs.set(0, tolerance("0.01"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(configs.history()).isEmpty();
  }

  @Test
  void version_shouldReadChanges_ignoringLinesWithoutAName() {
    // GIVEN a stored version whose changes text has a line with no name before ": "
    acme.create(
        LedgerRecord.create(BatchKind.CONFIG, Layout.seq(1), 1, BatchStatus.SUCCESS, T0)
            .withAttributes(
                Map.of(
                    "tolerance", "0.02",
                    "actor", "ann",
                    "changes", ": orphan\ntolerance: unset → 0.02\nno separator\n")));
    // THEN only the named line is a change
    assertThat(configs.version(1).orElseThrow().changes())
        .containsExactly(Map.entry("tolerance", "unset → 0.02"));
    assertThat(configs.version(-1)).isEmpty();
    assertThat(configs.version(2)).isEmpty();
  }

  @Test
  void shownVersionOf_shouldBeEmpty_whenTheRecordNamesSomethingThatIsNotANumber() {
    LedgerRecord batch =
        LedgerRecord.create(BatchKind.STATEFUL, Layout.seq(1), 1, BatchStatus.SUCCESS, T0);
    assertThat(TenantConfigs.shownVersionOf(batch)).contains(0L);
    assertThat(
            TenantConfigs.shownVersionOf(
                batch.withAttributes(Map.of(LedgerNames.CONFIG_VERSION, ""))))
        .contains(0L);
    assertThat(
            TenantConfigs.shownVersionOf(
                batch.withAttributes(Map.of(LedgerNames.CONFIG_VERSION, "12"))))
        .contains(12L);
    assertThat(
            TenantConfigs.shownVersionOf(
                batch.withAttributes(Map.of(LedgerNames.CONFIG_VERSION, "v7"))))
        .isEmpty();
  }
}
