package dev.recon.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.testing.InMemoryObjectStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputRegistryTest {
  private final InMemoryBatchLedger ledger = new InMemoryBatchLedger();
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InputRegistry registry =
      new InputRegistry(ledger, store, new MutableClock(Landing.T0), EventEstimate.DEFAULT);

  @Test
  void register_shouldCreatePendingInputsWithWindowAndEstimates_andBeIdempotent() {
    // GIVEN two landed objects, one gzip with window metadata
    List<String> keys = Landing.hourly(store, 1, 1000);
    String meta =
        Landing.withWindow(
            store,
            "input/2026/11/22/05/late.jsonl.gz",
            Instant.parse("2026-11-22T05:10:00Z"),
            Instant.parse("2026-11-22T05:15:00Z"));

    // WHEN they are registered twice (a notification delivered twice)
    InputRegistry.Registration first = registry.register(List.of(keys.get(0), meta));
    InputRegistry.Registration again = registry.register(List.of(meta));

    // THEN they are registered once, pending, with their windows and estimates
    assertThat(first.registered()).containsExactlyInAnyOrder(keys.get(0), meta);
    assertThat(again.registered()).isEmpty();
    assertThat(again.alreadyRegistered()).containsExactly(meta);
    LedgerRecord r = ledger.get(BatchKind.INPUT, meta).orElseThrow();
    assertThat(r.status()).isEqualTo(BatchStatus.INITIATED);
    assertThat(r.attribute(LedgerNames.WINDOW_START)).isEqualTo("2026-11-22T05:10:00Z");
    assertThat(r.attribute(LedgerNames.WINDOW_END)).isEqualTo("2026-11-22T05:15:00Z");
    assertThat(r.count(LedgerNames.BYTES)).isEqualTo(3);
    assertThat(r.count(LedgerNames.EVENTS)).isEqualTo(1); // 3 bytes * 8 / 250, rounded up
    assertThat(ledger.get(BatchKind.INPUT, keys.get(0)).orElseThrow().count(LedgerNames.EVENTS))
        .isEqualTo(4);
  }

  @Test
  void register_shouldReportWhatItCannotRegister_whenKeysAreNotInputs() {
    // GIVEN keys outside input/, a temp file, a missing object and one without a window
    store.put("input/misc/nowindow.jsonl", new byte[1]);
    store.put("input/2026/11/22/01/upload.tmp", new byte[1]);

    // WHEN registered
    InputRegistry.Registration r =
        registry.register(
            List.of(
                "state/1/part-00000.jsonl",
                "input/2026/11/22/01/upload.tmp",
                "input/2026/11/22/01/gone.jsonl",
                "input/misc/nowindow.jsonl"));

    // THEN each is rejected with a reason and nothing is registered
    assertThat(r.registered()).isEmpty();
    assertThat(r.rejected())
        .extracting(InputRegistry.Rejected::reason)
        .containsExactlyInAnyOrder(
            "no such object (deleted after it was announced?)", "not a .jsonl or .jsonl.gz object",
            "no window: no window metadata and the key is not input/yyyy/MM/dd/HH/<id>",
                "not under input/");
    assertThat(ledger.list(BatchKind.INPUT)).isEmpty();
  }

  @Test
  void sweep_shouldRegisterOnlyWhatNotificationsMissed() {
    // GIVEN five landed objects, two already registered by notifications
    List<String> keys = Landing.hourly(store, 5, 10);
    registry.register(keys.subList(0, 2));

    // WHEN the periodic sweep runs, twice
    InputRegistry.Registration sweep = registry.sweep();
    InputRegistry.Registration again = registry.sweep();

    // THEN it registers the three others once
    assertThat(sweep.registered()).containsExactlyElementsOf(keys.subList(2, 5));
    assertThat(again.registered()).isEmpty();
    assertThat(ledger.list(BatchKind.INPUT)).hasSize(5);
  }
}
