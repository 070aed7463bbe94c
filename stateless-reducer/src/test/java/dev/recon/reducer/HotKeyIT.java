package dev.recon.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.contract.PartFile;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.Layout;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.Event;
import dev.recon.core.port.ObjectStore;
import dev.recon.local.junit.EmbeddedStackExtension;
import dev.recon.spark.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hot key: one bulk shipment with 1,000,000 events in one batch (plus ordinary keys) completes in
 * bounded memory, as ordered chunks of one part-file. Separate from the other ITs because it moves
 * ~250 MB through the shuffles.
 */
class HotKeyIT {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  static final int HOT_EVENTS = 1_000_000;
  static final int OBJECTS = 4;
  static final int OTHER_KEYS = 1000;

  private static byte[] object(int index) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 << 20);
    Instant base = Instant.parse("2026-11-22T00:00:00Z");
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
      StringBuilder b = new StringBuilder(256);
      int per = HOT_EVENTS / OBJECTS;
      for (int i = index * per; i < (index + 1) * per; i++) {
        b.setLength(0);
        // Times descend across objects so the key's events arrive out of order.
        Instant t = base.plusSeconds((HOT_EVENTS - i) % 86_400);
        b.append("{\"eventId\":\"ship-")
            .append(i)
            .append("\",\"artifactId\":\"shipment-HOT\",\"eventTime\":\"")
            .append(t)
            .append("\",\"type\":\"CHARGE\",\"side\":\"")
            .append(i % 2 == 0 ? "DEBIT" : "CREDIT")
            .append("\",\"amount\":\"")
            .append(1 + i % 100)
            .append(".25\",\"currency\":\"USD\",\"source\":\"bulk\"}\n");
        if (i % 1000 == 0) {
          b.append("{\"eventId\":\"other-")
              .append(i)
              .append("\",\"artifactId\":\"order-")
              .append((i / 1000) % OTHER_KEYS)
              .append("\",\"eventTime\":\"")
              .append(t)
              .append(
                  "\",\"type\":\"FEE\",\"side\":\"DEBIT\",\"amount\":\"2\",\"currency\":\"EUR\"}\n");
        }
        gz.write(b.toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Test
  void run_shouldCompleteInOrderedChunks_whenOneKeyHasAMillionEventsInOneBatch() {
    // GIVEN 1,000,000 events of one key spread over 4 gzip objects, plus 1,000 ordinary events
    ObjectStore store = STACK.clients().objectStore();
    long generating = System.nanoTime();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < OBJECTS; i++) {
      String key =
          Layout.inputKey(
              Instant.parse("2026-11-22T00:00:00Z").plus(Duration.ofHours(i)), "hot-" + i, true);
      store.put(key, object(i));
      keys.add(key);
    }

    System.out.printf(
        "hot key: input generated and landed in %d ms%n",
        (System.nanoTime() - generating) / 1_000_000);

    // WHEN reduced (chunks of 10,000 events; 4 part-files)
    long started = System.nanoTime();
    StatelessManifest m =
        StatelessReducerPipeline.run(
            SharedSpark.session(),
            new AwsObjectStoreProvider(STACK.settings()),
            ReducerConfig.of(1, keys).withPartitions(4),
            RulesConfig.DEFAULTS);
    long millis = (System.nanoTime() - started) / 1_000_000;

    // THEN every event is accepted and the key is 100 ordered lines of one part-file
    assertThat(m.count(LedgerNames.ACCEPTED)).isEqualTo(HOT_EVENTS + HOT_EVENTS / 1000);
    assertThat(m.count(LedgerNames.KEYS)).isEqualTo(OTHER_KEYS + 1);
    assertThat(m.count(StatelessManifest.ARTIFACT_LINES))
        .isEqualTo(HOT_EVENTS / 10_000 + OTHER_KEYS);
    AtomicLong hotEvents = new AtomicLong();
    AtomicLong hotLines = new AtomicLong();
    AtomicReference<Event> last = new AtomicReference<>();
    AtomicReference<BigDecimal> debits = new AtomicReference<>(BigDecimal.ZERO);
    List<String> partsWithHot = new ArrayList<>();
    for (PartFile f : m.artifacts()) {
      Outputs.eachLine(
          store,
          f.key(),
          line -> {
            if (!line.startsWith("{\"artifactId\":\"shipment-HOT\"")) {
              return;
            }
            var a =
                dev.recon.core.codec.CanonicalJson.decodeStateless(
                    line.getBytes(StandardCharsets.UTF_8));
            if (!partsWithHot.contains(f.key())) {
              partsWithHot.add(f.key());
            }
            assertThat(a.events()).hasSizeLessThanOrEqualTo(10_000);
            if (last.get() != null) {
              assertThat(Event.ORDER.compare(last.get(), a.events().get(0))).isNegative();
            }
            last.set(a.events().get(a.events().size() - 1));
            hotEvents.addAndGet(a.events().size());
            hotLines.incrementAndGet();
            debits.set(debits.get().add(a.debits().getOrDefault("USD", BigDecimal.ZERO)));
          });
    }
    assertThat(partsWithHot).hasSize(1);
    assertThat(hotLines.get()).isEqualTo(100);
    assertThat(hotEvents.get()).isEqualTo(HOT_EVENTS);
    // sum over even i < 1e6 of (1 + i % 100) + 0.25
    BigDecimal expected = BigDecimal.ZERO;
    for (int i = 0; i < HOT_EVENTS; i += 2) {
      expected = expected.add(BigDecimal.valueOf(1 + i % 100)).add(new BigDecimal("0.25"));
    }
    assertThat(debits.get()).isEqualByComparingTo(expected);
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "hot key: 1,000,000 events reduced in %d ms; heap max %d MiB, used now %d MiB%n",
        millis, rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
  }
}
