package dev.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.contract.StateManifest;
import dev.recon.core.model.Event;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.ReconciliationArtifact;
import dev.recon.core.testing.StatelessBatches;
import dev.recon.local.junit.EmbeddedStackExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not part of the suites (no Test/IT suffix): a skew measurement, run on demand with {@code mvn -pl
 * stateful-processor verify -Dit.test=HotKeyBench -Dtest=NoSuch
 * -Dsurefire.failIfNoSpecifiedTests=false}. One key receives {@code HOT_EVENTS} events per batch
 * next to thousands of ordinary keys; stage times are printed.
 */
class HotKeyBench {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();
  private static final int HOT_EVENTS = Integer.getInteger("hot.events", 100_000);

  @Test
  void hotKey_shouldMergeInItsOwnTask_whenOneKeyOutweighsTheRest() {
    StatefulPathDriver d = new StatefulPathDriver(STACK.settings(), "hot");
    d.heavyKeyBytes = 4L * 1024 * 1024;
    d.parts = 4;
    StatelessBatches gen = new StatelessBatches(999);
    List<List<Event>> batches = new ArrayList<>();
    for (int n = 1; n <= 2; n++) {
      List<Event> events = new ArrayList<>(gen.events(10_000, 0, 2_000));
      for (int i = 0; i < HOT_EVENTS; i++) {
        events.add(gen.event("bulk-shipment"));
      }
      batches.add(events);
      d.stateless(events, 10_000);
      d.plan(n, n, n);
    }
    for (int n = 1; n <= 2; n++) {
      long t0 = System.nanoTime();
      d.prefetch(n);
      long t1 = System.nanoTime();
      StateManifest m = d.process(n);
      long t2 = System.nanoTime();
      d.index(n);
      long t3 = System.nanoTime();
      System.out.printf(
          "batch %d: prefetch %d ms, process %d ms, index %d ms; heavy keys %s; files %s%n",
          n,
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000,
          (t3 - t2) / 1_000_000,
          m.heavyKeys(),
          m.files().stream()
              .map(
                  f ->
                      f.key().substring(f.key().lastIndexOf('/') + 1)
                          + "="
                          + f.records()
                          + "/"
                          + f.bytes()
                          + "B")
              .toList());
      assertThat(m.heavyKeys()).containsExactly("bulk-shipment");
    }
    Map<String, Map<String, BigDecimal>> expected = StatelessBatches.expectedBalances(batches);
    IndexEntry e = d.entries(List.of("bulk-shipment")).get("bulk-shipment");
    ReconciliationArtifact a = d.read(e);
    assertThat(a.lineCount()).isEqualTo(2L * HOT_EVENTS);
    expected
        .get("bulk-shipment")
        .forEach((c, v) -> assertThat(a.balances().get(c)).isEqualByComparingTo(v));
    System.out.printf("bulk-shipment: %d lines, %d bytes%n", a.lineCount(), e.length());
  }
}
