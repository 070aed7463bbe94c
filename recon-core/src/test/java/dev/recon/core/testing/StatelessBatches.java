package dev.recon.core.testing;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.rules.StatelessReducer;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Test data for the stateful path without the stateless reducer: realistic events, and stateless
 * batches written the way the reducer lays them out (DESIGN §5): artifacts part-files (hot keys
 * chunked into several lines of the same part-file), key files, manifest last.
 */
public final class StatelessBatches {
  public static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");
  private static final String[] CURRENCIES = {"USD", "EUR", "BRL"};

  private final Random random;
  private long nextEventId;

  public StatelessBatches(long seed) {
    this.random = new Random(seed);
  }

  /** A fresh event of {@code artifactId} with a globally unique eventId. */
  public Event event(String artifactId) {
    boolean debit = random.nextInt(3) != 0;
    long cents = 1 + random.nextInt(100_000);
    BigDecimal amount =
        random.nextInt(20) == 0
            ? BigDecimal.valueOf(cents * 10 + 5, 3)
            : BigDecimal.valueOf(cents, 2);
    return new Event(
        "evt-" + (nextEventId++),
        artifactId,
        EPOCH.plus(Duration.ofSeconds(random.nextInt(30 * 24 * 3600))),
        debit ? "CHARGE" : "PAYMENT",
        debit ? Side.DEBIT : Side.CREDIT,
        amount,
        CURRENCIES[random.nextInt(random.nextInt(6) == 0 ? 3 : 1)],
        "billing",
        "ref-" + random.nextInt(1000),
        random.nextInt(4) == 0 ? new TreeMap<>(Map.of("installments", "3")) : null);
  }

  /** {@code count} events over keys {@code key-<from>..key-<from+keys-1>}. */
  public List<Event> events(int count, int from, int keys) {
    List<Event> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(event(String.format("key-%05d", from + random.nextInt(keys))));
    }
    return out;
  }

  /** The same event with a different amount: a conflicting duplicate. */
  public static Event conflicting(Event e) {
    return new Event(
        e.eventId(),
        e.artifactId(),
        e.eventTime(),
        e.type(),
        e.side(),
        e.amount().add(BigDecimal.ONE),
        e.currency(),
        e.source(),
        e.reference(),
        e.attributes());
  }

  /**
   * Writes stateless batch {@code s}: keys spread over {@code parts} part-files by hash, each key's
   * events in chunks of at most {@code chunkSize} (a hot key becomes several lines), key files,
   * then the manifest. Events must have distinct eventIds within the batch.
   */
  public static void write(
      ObjectStore store, long s, List<Event> events, int parts, int chunkSize) {
    Map<String, List<Event>> byKey = new TreeMap<>();
    for (Event e : events) {
      byKey.computeIfAbsent(e.artifactId(), k -> new ArrayList<>()).add(e);
    }
    Map<Integer, ByteArrayOutputStream> artifactParts = new LinkedHashMap<>();
    Map<Integer, StringBuilder> keyParts = new LinkedHashMap<>();
    for (Map.Entry<String, List<Event>> k : byKey.entrySet()) {
      int part = Math.floorMod(k.getKey().hashCode(), parts);
      List<Event> evs = new ArrayList<>(k.getValue());
      evs.sort(Event.ORDER);
      ByteArrayOutputStream out =
          artifactParts.computeIfAbsent(part, p -> new ByteArrayOutputStream());
      for (int from = 0; from < evs.size(); from += chunkSize) {
        StatelessArtifact a =
            StatelessReducer.reduce(
                k.getKey(), s, evs.subList(from, Math.min(evs.size(), from + chunkSize)));
        out.writeBytes(CanonicalJson.encode(a));
        out.write('\n');
      }
      keyParts.computeIfAbsent(part, p -> new StringBuilder()).append(k.getKey()).append('\n');
    }
    artifactParts.forEach(
        (p, bytes) -> store.put(Layout.statelessArtifacts(s, p), bytes.toByteArray()));
    keyParts.forEach(
        (p, keys) ->
            store.put(Layout.keyFile(s, p), keys.toString().getBytes(StandardCharsets.UTF_8)));
    store.put(
        Layout.statelessManifest(s),
        ("{\"batch\":" + s + ",\"keys\":" + byKey.size() + "}").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The independent oracle: applies stateless batches in order with plain loops and no recon code;
   * per artifact and eventId the first copy counts, a later identical copy is a duplicate, a later
   * different one is rejected. Returns per artifact and currency debits minus credits.
   */
  public static Map<String, Map<String, BigDecimal>> expectedBalances(
      List<List<Event>> batchesInOrder) {
    Map<String, Event> first = new LinkedHashMap<>();
    for (List<Event> batch : batchesInOrder) {
      for (Event e : batch) {
        first.putIfAbsent(e.artifactId() + "\u0000" + e.eventId(), e);
      }
    }
    Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
    for (Event e : first.values()) {
      BigDecimal signed = e.side() == Side.DEBIT ? e.amount() : e.amount().negate();
      out.computeIfAbsent(e.artifactId(), k -> new TreeMap<>())
          .merge(e.currency(), signed, BigDecimal::add);
    }
    return out;
  }
}
