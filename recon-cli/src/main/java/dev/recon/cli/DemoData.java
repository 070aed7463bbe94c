package dev.recon.cli;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.model.Event;
import dev.recon.core.model.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Realistic demo input, in several hourly batches: orders charged in one of four currencies, paid
 * in full or in installments, some partly paid or not at all (OPEN), some old and unpaid (AGED),
 * returns (a correction and a refund), chargebacks, mis-keyed charges fixed by a manual adjustment,
 * cross-currency fees, late events (arriving one or two batches after their time), re-sent events
 * (exact duplicates in a later batch), one hot key (a bulk shipment with many lines) and a few bad
 * lines.
 *
 * <p>It keeps its own running sums of the distinct valid events it emits — the independent answer
 * the demo checks every artifact against.
 */
final class DemoData {
  static final String HOT_KEY = "shipment-BULK-1";
  private static final String[] CURRENCIES = {"USD", "USD", "EUR", "BRL", "JPY"};

  final Instant start;
  final int batches;
  final List<List<String>> lines = new ArrayList<>();
  final Map<String, Map<String, BigDecimal>> expected = new TreeMap<>();
  int events;
  int resent;
  int bad;

  private final Random random;
  private long nextId;

  DemoData(long seed, Instant start, int batches, int orders, int hotLines) {
    this.random = new Random(seed);
    this.start = start;
    this.batches = batches;
    for (int b = 0; b < batches; b++) {
      lines.add(new ArrayList<>());
    }
    for (int o = 0; o < orders; o++) {
      order(String.format("order-%05d", o));
    }
    hotKey(hotLines);
    resend();
    badLines();
  }

  Instant windowStart(int batch) {
    return start.plus(Duration.ofHours(batch));
  }

  Instant windowEnd(int batch) {
    return windowStart(batch + 1);
  }

  private void order(String id) {
    String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
    int scale = currency.equals("JPY") ? 0 : 2;
    boolean aged = random.nextInt(40) == 0;
    int batch = random.nextInt(batches);
    Instant created =
        aged
            ? start.minus(Duration.ofDays(45 + random.nextInt(30)))
            : windowStart(batch).plusSeconds(random.nextInt(3600));
    BigDecimal total = BigDecimal.ZERO;
    int items = 1 + random.nextInt(3);
    for (int i = 0; i < items; i++) {
      BigDecimal price = money(5 + random.nextInt(400), scale);
      total = total.add(price);
      emit(id, created.plusSeconds(i), "CHARGE", Side.DEBIT, price, currency, "checkout", batch);
    }
    if (random.nextInt(10) == 0) { // mis-keyed charge, fixed by a manual correction
      BigDecimal wrong = money(10 + random.nextInt(50), scale);
      emit(id, created.plusSeconds(30), "CHARGE", Side.DEBIT, wrong, currency, "checkout", batch);
      emit(
          id,
          created.plusSeconds(600),
          "ADJUSTMENT",
          Side.CREDIT,
          wrong,
          currency,
          "manual-correction",
          later(batch));
    }
    if (random.nextInt(8) == 0) { // a fee in USD on any order: a second currency
      BigDecimal fee = money(1 + random.nextInt(5), 2);
      emit(id, created.plusSeconds(60), "FEE", Side.DEBIT, fee, "USD", "billing", batch);
      emit(
          id,
          created.plusSeconds(90),
          "PAYMENT",
          Side.CREDIT,
          fee,
          "USD",
          "payments-gateway",
          later(batch));
    }
    if (aged) {
      return; // never paid: AGED at asOf
    }
    int outcome = random.nextInt(100);
    if (outcome < 10) {
      return; // unpaid: OPEN
    }
    BigDecimal toPay =
        outcome < 20
            ? total.multiply(BigDecimal.valueOf(0.5)).setScale(scale, RoundingMode.DOWN)
            : total;
    int installments = random.nextInt(4) == 0 ? 3 : 1;
    BigDecimal each = toPay.divide(BigDecimal.valueOf(installments), scale, RoundingMode.DOWN);
    BigDecimal paid = BigDecimal.ZERO;
    for (int i = 0; i < installments; i++) {
      BigDecimal amount = i == installments - 1 ? toPay.subtract(paid) : each;
      paid = paid.add(amount);
      if (amount.signum() > 0) {
        emit(
            id,
            created.plusSeconds(120 + i),
            "PAYMENT",
            Side.CREDIT,
            amount,
            currency,
            "payments-gateway",
            later(batch));
      }
    }
    if (outcome >= 20 && outcome < 26) { // a returned item: correction and refund, still reconciled
      BigDecimal back = total.divide(BigDecimal.valueOf(3), scale, RoundingMode.DOWN);
      if (back.signum() > 0) {
        emit(
            id,
            created.plusSeconds(900),
            "ADJUSTMENT",
            Side.CREDIT,
            back,
            currency,
            "returns",
            later(batch));
        emit(
            id,
            created.plusSeconds(960),
            "REFUND",
            Side.DEBIT,
            back,
            currency,
            "payments-gateway",
            later(batch));
      }
    } else if (outcome >= 26
        && outcome < 29) { // a chargeback: the payment is clawed back, OPEN again
      emit(
          id,
          created.plusSeconds(1800),
          "CHARGEBACK",
          Side.DEBIT,
          toPay,
          currency,
          "card-network",
          later(batch));
    }
  }

  private void hotKey(int count) {
    for (int i = 0; i < count; i++) {
      int batch = (int) ((long) i * batches / Math.max(1, count));
      Instant t = windowStart(batch).plusMillis(random.nextInt(3_600_000));
      BigDecimal amount = money(1 + random.nextInt(200), 2);
      emit(HOT_KEY, t, "CHARGE", Side.DEBIT, amount, "EUR", "bulk-loader", batch);
      if (i % 2 == 1) {
        emit(
            HOT_KEY,
            t.plusSeconds(5),
            "PAYMENT",
            Side.CREDIT,
            amount,
            "EUR",
            "bulk-loader",
            later(batch));
      }
    }
  }

  /** Re-sends about 2% of every batch's events, identically, in a later batch. */
  private void resend() {
    for (int b = 0; b + 1 < batches; b++) {
      List<String> from = lines.get(b);
      int n = from.size() / 50;
      for (int i = 0; i < n; i++) {
        lines
            .get(b + 1 + random.nextInt(batches - b - 1))
            .add(from.get(random.nextInt(from.size())));
        resent++;
      }
    }
  }

  private void badLines() {
    String[] bads = {
      "{\"eventId\":\"evt-broken\",",
      "{\"eventId\":\"bad-1\",\"artifactId\":\"order-00001\",\"eventTime\":\"2026-11-22T10:00:00Z\",\"type\":\"CHARGE\","
          + "\"side\":\"DEBIT\",\"amount\":\"-10.00\",\"currency\":\"USD\"}",
      "{\"eventId\":\"bad-2\",\"artifactId\":\"order-00002\",\"eventTime\":\"yesterday\",\"type\":\"CHARGE\","
          + "\"side\":\"DEBIT\",\"amount\":\"10.00\",\"currency\":\"USD\"}",
      "{\"eventId\":\"bad-3\",\"artifactId\":\"order-00003\",\"eventTime\":\"2026-11-22T10:00:00Z\",\"type\":\"CHARGE\","
          + "\"side\":\"DEBIT\",\"amount\":\"10.00\",\"currency\":\"DOLLARS\"}",
      "{\"eventId\":\"bad-4\",\"artifactId\":\"order-00004\",\"eventTime\":\"2026-11-22T10:00:00Z\",\"type\":\"CHARGE\","
          + "\"side\":\"DEBIT\",\"currency\":\"USD\"}",
    };
    for (int i = 0; i < bads.length; i++) {
      lines.get(i % batches).add(bads[i]);
      bad++;
    }
  }

  private int later(int batch) {
    int r = random.nextInt(100);
    return Math.min(batches - 1, batch + (r < 70 ? 0 : r < 95 ? 1 : 2));
  }

  private BigDecimal money(long units, int scale) {
    long cents = scale == 0 ? units * 10 : units * 100 + random.nextInt(100);
    return scale == 0 ? BigDecimal.valueOf(cents) : BigDecimal.valueOf(cents, 2);
  }

  private void emit(
      String id,
      Instant time,
      String type,
      Side side,
      BigDecimal amount,
      String currency,
      String source,
      int batch) {
    Map<String, String> attributes = new HashMap<>();
    if (type.equals("PAYMENT") && random.nextInt(3) == 0) {
      attributes.put("method", random.nextBoolean() ? "card" : "pix");
    }
    Event e =
        new Event(
            "evt-" + (nextId++),
            id,
            time,
            type,
            side,
            amount,
            currency,
            source,
            "ref-" + Long.toHexString(random.nextLong() & 0xffffffffL),
            new TreeMap<>(attributes));
    lines.get(batch).add(new String(CanonicalJson.encode(e), StandardCharsets.UTF_8));
    events++;
    expected
        .computeIfAbsent(id, k -> new TreeMap<>())
        .merge(currency, side == Side.DEBIT ? amount : amount.negate(), BigDecimal::add);
  }
}
