package dev.recon.bench;

import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.SplittableRandom;

/**
 * Deterministic bench events: event {@code i} of a stream falls on key {@code i mod keys} (so each
 * key gets its share), alternating charges and payments in USD, with a seeded amount.
 */
public final class EventGenerator {
  static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");

  private EventGenerator() {}

  public static String key(int k) {
    return String.format("bench-%08d", k);
  }

  /** Event {@code i} of stream {@code tag} over {@code keys} keys. */
  public static Event event(String tag, long seed, int i, int keys) {
    SplittableRandom r = new SplittableRandom(seed * 31 + i);
    int k = i % keys;
    boolean debit = (i / keys) % 2 == 0;
    BigDecimal amount = BigDecimal.valueOf(100 + r.nextInt(99_900), 2);
    return new Event(
        tag + "-" + i,
        key(k),
        BASE.plusSeconds(i % 86_400).plusMillis(i / 86_400),
        debit ? "CHARGE" : "PAYMENT",
        debit ? Side.DEBIT : Side.CREDIT,
        amount,
        "USD",
        "bench",
        "ref-" + i,
        Collections.emptySortedMap());
  }
}
