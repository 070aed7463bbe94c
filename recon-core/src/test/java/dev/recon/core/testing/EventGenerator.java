package dev.recon.core.testing;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Deterministic, realistic test events: several currencies, charges, payments, refunds and fees,
 * amounts with cents and sub-cent precision, times spread over days so late events happen. Shared
 * through recon-core's test-jar.
 */
public final class EventGenerator {
  private static final String[] CURRENCIES = {"USD", "EUR", "BRL", "JPY"};
  private static final String[][] TYPES = {
    {"CHARGE", "DEBIT"},
    {"FEE", "DEBIT"},
    {"REFUND", "DEBIT"},
    {"PAYMENT", "CREDIT"},
    {"PAYMENT", "CREDIT"},
    {"WRITE_OFF", "CREDIT"},
    {"ADJUSTMENT", "CREDIT"}
  };
  public static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");

  private final Random random;
  private long nextId;

  public EventGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} distinct events spread over {@code keys} artifact ids. */
  public List<Event> events(int count, int keys) {
    List<Event> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(event("order-" + random.nextInt(keys)));
    }
    return out;
  }

  public Event event(String artifactId) {
    String[] t = TYPES[random.nextInt(TYPES.length)];
    String currency = CURRENCIES[random.nextInt(random.nextInt(8) == 0 ? CURRENCIES.length : 2)];
    long cents = 1 + random.nextInt(500_000);
    BigDecimal amount =
        random.nextInt(50) == 0
            ? BigDecimal.valueOf(cents * 10 + 5, 3) // sub-cent precision kept exactly
            : BigDecimal.valueOf(cents, 2);
    // 21 days from EPOCH: before 2026-11-22, where the suites put their input windows, so that no
    // generated event lies beyond its window end + RECON_MAX_EVENT_TIME_SKEW (it would be
    // quarantined)
    Instant time = EPOCH.plus(Duration.ofSeconds(random.nextInt(21 * 24 * 3600)));
    Map<String, String> attrs = new TreeMap<>();
    if (random.nextInt(5) == 0) {
      attrs.put("installments", Integer.toString(1 + random.nextInt(12)));
    }
    return new Event(
        "evt-" + (nextId++),
        artifactId,
        time,
        t[0],
        Side.valueOf(t[1]),
        amount,
        currency,
        random.nextBoolean() ? "payments-gateway" : "billing",
        "ref-" + random.nextInt(1_000_000),
        new TreeMap<>(attrs));
  }

  /**
   * The independent oracle: per artifact and currency, debits minus credits over the DISTINCT
   * events (by eventId), with plain loops and no recon code.
   */
  public static Map<String, Map<String, BigDecimal>> expectedBalances(Iterable<Event> events) {
    Map<String, Event> distinct = new TreeMap<>();
    for (Event e : events) {
      distinct.putIfAbsent(e.eventId(), e);
    }
    Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
    for (Event e : distinct.values()) {
      BigDecimal signed = e.side() == Side.DEBIT ? e.amount() : e.amount().negate();
      out.computeIfAbsent(e.artifactId(), k -> new TreeMap<>())
          .merge(e.currency(), signed, BigDecimal::add);
    }
    return out;
  }
}
