package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A redrive input (fixed quarantined lines landed again with metadata {@code redrive-of}) is
 * registered like any input, with the redrive on its INPUT record and a mark on the original
 * stateless batch; a redrive that names no succeeded batch, or lines the batch did not quarantine,
 * is rejected.
 */
class RedriveRegistrationTest {
  private final InMemoryBatchLedger ledger = new InMemoryBatchLedger();
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InputRegistry registry =
      new InputRegistry(ledger, store, new MutableClock(Landing.T0), EventEstimate.DEFAULT);

  private void statelessBatch(long s, BatchStatus status, long quarantined) {
    ledger.create(
        LedgerRecord.create(BatchKind.STATELESS, Layout.seq(s), s, status, Landing.T0)
            .withCounts(Map.of(LedgerNames.QUARANTINED, quarantined)));
  }

  private String land(String id, String of, String lines) {
    String key = Layout.inputKey(Landing.T0, id, false);
    Map<String, String> meta = new HashMap<>();
    meta.put(Layout.META_WINDOW_START, Landing.T0.toString());
    meta.put(Layout.META_WINDOW_END, Landing.T0.plusSeconds(3600).toString());
    if (of != null) {
      meta.put(Layout.META_REDRIVE_OF, of);
    }
    if (lines != null) {
      meta.put(Layout.META_REDRIVE_LINES, lines);
    }
    store.put(key, "{}\n{}\n".getBytes(StandardCharsets.UTF_8), meta);
    return key;
  }

  @Test
  void register_shouldRecordTheRedrive_andMarkTheOriginalBatch_once() {
    // GIVEN stateless batch 3 succeeded with 5 quarantined lines, and two redrives of it
    statelessBatch(3, BatchStatus.SUCCESS, 5);
    String first = land("redrive-a", "3", "2,4");
    String second = land("redrive-b", "3", null);

    // WHEN both are registered, the first twice (a notification delivered twice)
    InputRegistry.Registration done = registry.register(List.of(first, second));
    InputRegistry.Registration again = registry.register(List.of(first));

    // THEN each INPUT record names the batch and lines it replaces
    assertThat(done.registered()).containsExactly(first, second);
    assertThat(again.alreadyRegistered()).containsExactly(first);
    LedgerRecord a = ledger.get(BatchKind.INPUT, first).orElseThrow();
    assertThat(a.attribute(LedgerNames.REDRIVE_OF)).isEqualTo("3");
    assertThat(a.attribute(LedgerNames.REDRIVE_LINES)).isEqualTo("2,4");
    assertThat(a.status()).isEqualTo(BatchStatus.INITIATED);
    LedgerRecord b = ledger.get(BatchKind.INPUT, second).orElseThrow();
    assertThat(b.attribute(LedgerNames.REDRIVE_OF)).isEqualTo("3");
    assertThat(b.attributes()).doesNotContainKey(LedgerNames.REDRIVE_LINES);
    // AND the original batch lists both, once each, its status and counts untouched
    LedgerRecord s = ledger.get(BatchKind.STATELESS, Layout.seq(3)).orElseThrow();
    assertThat(s.attribute(LedgerNames.REDRIVEN_BY)).isEqualTo(first + "\n" + second);
    assertThat(s.status()).isEqualTo(BatchStatus.SUCCESS);
    assertThat(s.count(LedgerNames.QUARANTINED)).isEqualTo(5);
  }

  @Test
  void register_shouldKeepTheMark_whenTheInputWasMarkedButNotRegistered() {
    // GIVEN a crash after the mark: the batch names the input, the ledger has no INPUT record
    statelessBatch(3, BatchStatus.SUCCESS, 5);
    String key = land("redrive-a", "3", "1");
    registry.register(List.of(key));
    ledger.delete(ledger.get(BatchKind.INPUT, key).orElseThrow());

    // WHEN the sweep finds it
    InputRegistry.Registration swept = registry.sweep();

    // THEN it is registered, and the batch names it once
    assertThat(swept.registered()).containsExactly(key);
    assertThat(
            ledger
                .get(BatchKind.STATELESS, Layout.seq(3))
                .orElseThrow()
                .attribute(LedgerNames.REDRIVEN_BY))
        .isEqualTo(key);
  }

  @Test
  void register_shouldReject_whenTheRedriveNamesNoSucceededBatchOrLinesItDidNotQuarantine() {
    statelessBatch(3, BatchStatus.SUCCESS, 5);
    statelessBatch(4, BatchStatus.EXECUTING, 5);
    String missing = land("r-missing", "9", null);
    String running = land("r-running", "4", null);
    String beyond = land("r-beyond", "3", "4-6");
    String garbled = land("r-garbled", "3", "5,2");
    String notNumber = land("r-nan", "three", null);
    String linesOnly = land("r-lines-only", null, "1");

    InputRegistry.Registration r =
        registry.register(List.of(missing, running, beyond, garbled, notNumber, linesOnly));

    assertThat(r.registered()).isEmpty();
    assertThat(r.rejected())
        .extracting(InputRegistry.Rejected::reason)
        .containsExactly(
            "redrive-of 9: no such stateless batch",
            "redrive-of 4: the stateless batch is EXECUTING, not SUCCESS (its quarantine is not final)",
            "redrive-of 3: it quarantined 5 lines, the redrive names line 6",
            "line ranges must be ascending, disjoint and >= 1: '2'",
            "redrive-of is not a stateless batch number: 'three'",
            "redrive-lines without redrive-of");
    assertThat(ledger.list(BatchKind.INPUT)).isEmpty();
    assertThat(ledger.get(BatchKind.STATELESS, Layout.seq(3)).orElseThrow().attributes())
        .doesNotContainKey(LedgerNames.REDRIVEN_BY);
  }
}
